"""The real task worker as a separate process, for tests that kill it (SIGKILL) mid-send."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from rus.outbox.models import Delivery
from rus.outbox.tests.smtp import LoopbackSMTP

ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def process_env(**extra: str) -> dict[str, str]:
    """The environment of a manage.py process that works on the test database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "RUS_TESTING": "1",
        "SECRET_KEY": settings.SECRET_KEY,
        **extra,
    }


class Workers:
    """Start worker processes against the test database and the loopback SMTP server, and
    kill the first one at a chosen RCPT: in the middle of a mail, before the server answers."""

    def __init__(self, smtp: LoopbackSMTP) -> None:
        self.smtp = smtp
        self.processes: list[subprocess.Popen[bytes]] = []
        self.killed = threading.Event()
        self.killed_at = ""

    def start(self) -> subprocess.Popen[bytes]:
        env = process_env(
            **self.smtp.env(),
            # A killed worker's delivery is taken up again after the lease; retries soon.
            OUTBOX_LEASE_SECONDS="3",
            OUTBOX_RETRY_SECONDS="1",
        )
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def kill_at_rcpt(self, process: subprocess.Popen[bytes], number: int) -> None:
        """SIGKILL ``process`` when the server sees the ``number``-th RCPT."""
        count = 0
        lock = threading.Lock()

        def on_rcpt(address: str) -> None:
            nonlocal count
            with lock:
                count += 1
                if count == number and not self.killed.is_set():
                    process.send_signal(signal.SIGKILL)
                    process.wait(timeout=10)
                    self.killed_at = address
                    self.killed.set()

        self.smtp.inbox.on_rcpt = on_rcpt

    def wait_until_sent(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = -1
        while time.monotonic() < deadline:
            pending = Delivery.objects.filter(
                state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]
            ).count()
            if pending == 0:
                return
            time.sleep(0.5)
        raise AssertionError(f"{pending} deliveries still pending after {timeout} s")

    def stop(self, *_args: Any) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
