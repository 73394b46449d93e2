"""Reminders go out through the real SMTP path, to a mail server on loopback."""

import email
import email.policy
import socket
from datetime import date

from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse

from rus.followup import services
from rus.followup.models import Assessment
from rus.followup.tests.helpers import FollowUpTestCase


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


class ReminderTests(FollowUpTestCase):
    def setUp(self):
        self.inbox = Inbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=port)
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        self.mail = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            DEFAULT_FROM_EMAIL="rus@example.org",
        )
        self.mail.enable()
        self.addCleanup(self.mail.disable)

    def test_late_coordinators_get_one_message_each(self):
        rnd = self.open_round()
        # Skåne has submitted everything; Uppsala has not.
        for a in rnd.assessments.filter(organisation=self.skane):
            a.state = Assessment.State.SUBMITTED
            a.save()
        sent = services.send_reminders(rnd=rnd, today=date(2026, 11, 27))
        self.assertEqual(sent, 1)
        ((recipients, message),) = self.inbox.messages
        self.assertEqual(recipients, ["cora@example.org"])
        self.assertEqual(message["Subject"], "Påminnelse: regional uppföljning 2026")
        body = message.get_content()
        self.assertIn("Länsstyrelsen i Uppsala län har 2 bedömningar", body)
        self.assertIn("2026-11-30", body)

    def test_nobody_is_reminded_early(self):
        rnd = self.open_round()
        self.assertEqual(services.send_reminders(rnd=rnd, today=date(2026, 11, 1)), 0)
        self.assertEqual(self.inbox.messages, [])

    def test_the_dashboard_button_sends_them(self):
        rnd = self.open_round(year=2026)
        rnd.deadline = date.today()
        rnd.save()
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("followup:dashboard", args=[2026]), {"action": "remind"}, follow=True
        )
        self.assertContains(response, "2 påminnelser skickades.")
        self.assertEqual(
            sorted(r for rs, _m in self.inbox.messages for r in rs),
            ["cora@example.org", "sven@example.org"],
        )
