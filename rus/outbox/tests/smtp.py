"""A real SMTP server on 127.0.0.1 (aiosmtpd) for tests of everything that mails."""

import email
import email.policy
import socket
import threading
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """What the server received, and how it answers: ``refuse_first`` maps an address to
    the number of times its RCPT is refused with 451 before it is accepted."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse_first: dict[str, int] = {}
        self.refuse_always: set[str] = set()
        self.lock = threading.Lock()
        self.on_rcpt: Callable[[str], None] | None = None

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.on_rcpt is not None:
            self.on_rcpt(address)
        if address in self.refuse_always:
            return "550 5.1.1 No such mailbox"
        with self.lock:
            left = self.refuse_first.get(address, 0)
            if left:
                self.refuse_first[address] = left - 1
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for rcpts, m in self.messages if address in rcpts]

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(r for rcpts, _m in self.messages for r in rcpts)


class LoopbackSMTP:
    """Start the server and point Django's SMTP backend at it for the block or test."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.settings = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            DEFAULT_FROM_EMAIL="rus@example.org",
        )

    def start(self) -> "LoopbackSMTP":
        self.controller.start()
        self.settings.enable()
        return self

    def stop(self) -> None:
        self.settings.disable()
        self.controller.stop()

    def env(self) -> dict[str, str]:
        """The environment a worker process needs to send here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "DEFAULT_FROM_EMAIL": "rus@example.org",
        }
