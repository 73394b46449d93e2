"""The mail server is down: mail waits in the outbox, nothing is lost or marked failed, and it
goes out once — exactly once — when the server is back."""

from aiosmtpd.controller import Controller
from django.test import TestCase, override_settings

from rus.outbox import services as outbox
from rus.outbox.models import Delivery
from rus.outbox.tests.smtp import LoopbackSMTP

CONTEXT = {"title": "Nytt", "html": "", "text": "Hej", "web_url": "", "privacy_url": ""}


@override_settings(OUTBOX_RETRY_SECONDS=0)  # the next attempt is due at once
class SmtpDownTests(TestCase):
    def test_mail_waits_while_the_server_is_down_and_goes_out_once_when_it_is_back(self):
        smtp = LoopbackSMTP().start()
        self.addCleanup(smtp.stop)
        smtp.controller.stop()  # the port now refuses connections
        outbox.queue(
            template="newsletter",
            recipients=[outbox.Recipient("a@example.org"), outbox.Recipient("b@example.org")],
            category="service",
            context=CONTEXT,
        )
        down = outbox.deliver_due()
        # The first refusal stops the round: the second address is not even tried.
        self.assertEqual((down.sent, down.retrying, down.failed), (0, 1, 0))
        self.assertEqual(
            sorted(Delivery.objects.values_list("email", "state")),
            [("a@example.org", "queued"), ("b@example.org", "queued")],
        )
        self.assertIn("ConnectionRefusedError", Delivery.objects.get(attempts=1).last_error)

        smtp.controller = Controller(smtp.inbox, hostname="127.0.0.1", port=smtp.port)
        smtp.controller.start()
        back = outbox.deliver_due()
        self.assertEqual((back.sent, back.retrying, back.failed), (2, 0, 0))
        again = outbox.deliver_due()
        self.assertEqual(again.sent, 0)
        self.assertEqual(smtp.inbox.recipients(), ["a@example.org", "b@example.org"])
        self.assertEqual(set(Delivery.objects.values_list("state", flat=True)), {"sent"})
