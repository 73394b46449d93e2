"""Reminders are queued in the outbox and go out through real SMTP, to a server on loopback."""

from datetime import date

from django.urls import reverse

from rus.followup import services
from rus.followup.models import Assessment
from rus.followup.tests.helpers import FollowUpTestCase
from rus.outbox import services as outbox
from rus.outbox.tests.smtp import LoopbackSMTP


class ReminderTests(FollowUpTestCase):
    def setUp(self):
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)

    def test_late_coordinators_get_one_message_each_with_a_link_to_their_start_page(self):
        rnd = self.open_round()
        # Skåne has submitted everything; Uppsala has not.
        rnd.assessments.filter(organisation=self.skane).update(state=Assessment.State.SUBMITTED)
        self.assertEqual(services.send_reminders(rnd=rnd, today=date(2026, 11, 27)), 1)
        outbox.deliver_due()
        (message,) = self.smtp.inbox.to("cora@example.org")
        self.assertEqual(self.smtp.inbox.recipients(), ["cora@example.org"])
        self.assertEqual(message["Subject"], "Påminnelse: regional uppföljning 2026")
        body = message.get_content()
        self.assertIn("Länsstyrelsen i Uppsala län har 2 bedömningar", body)
        self.assertIn("2026-11-30", body)
        self.assertIn("http://127.0.0.1:8000/mina-uppgifter/", body)

    def test_at_most_once_a_day(self):
        rnd = self.open_round()
        services.send_reminders(rnd=rnd, today=date(2026, 11, 27))
        self.assertEqual(services.send_reminders(rnd=rnd, today=date(2026, 11, 27)), 0)
        self.assertEqual(services.send_reminders(rnd=rnd, today=date(2026, 11, 28)), 2)

    def test_nobody_is_reminded_early(self):
        rnd = self.open_round()
        self.assertEqual(services.send_reminders(rnd=rnd, today=date(2026, 11, 1)), 0)
        outbox.deliver_due()
        self.assertEqual(self.smtp.inbox.messages, [])

    def test_the_dashboard_button_queues_them(self):
        rnd = self.open_round(year=2026)
        rnd.deadline = date.today()
        rnd.save()
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("followup:dashboard", args=[2026]), {"action": "remind"}, follow=True
        )
        self.assertContains(response, "2 påminnelser har köats")
        outbox.deliver_due()
        self.assertEqual(self.smtp.inbox.recipients(), ["cora@example.org", "sven@example.org"])
