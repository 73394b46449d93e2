"""Newsletters through the outbox to a real SMTP server on loopback: one-click
unsubscription (RFC 8058), personal links that expire or are revoked, scheduled sends."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rus.contacts import services as contact_services
from rus.contacts.models import Unsubscription
from rus.lib import links
from rus.newsletter import services
from rus.newsletter.models import Block, Issue
from rus.newsletter.tests.helpers import add_contacts, newsletter_list, write_issue
from rus.outbox import services as outbox
from rus.outbox.models import Delivery
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.test import BaseTestCase


class SendingTests(BaseTestCase):
    def setUp(self):
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        self.people = add_contacts(self.uppsala, 3)

    def test_every_mail_can_be_left_in_one_click_and_the_next_issue_skips_that_address(self):
        services.issue_send(issue=write_issue(user=self.alice), user=self.alice)
        outbox.deliver_due()
        # The cast's two coordinators and the three added here.
        self.assertEqual(len(self.smtp.inbox.recipients()), 5)
        (mail,) = self.smtp.inbox.to("p1@example.org")
        self.assertEqual(mail["Subject"], "Nytt från RUS 17 december")
        self.assertEqual(mail["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        url = mail["List-Unsubscribe"].strip().strip("<>")
        text = mail.get_body(("plain",)).get_content()
        html = mail.get_body(("html",)).get_content()
        # A visible link too, in both parts, with the web version and the privacy page.
        self.assertIn(f"Avregistrera dig: {url}", text)
        self.assertIn(f'href="{url}"', html)
        self.assertIn("http://127.0.0.1:8000/nyhetsbrev/1/", text)
        self.assertIn("http://127.0.0.1:8000/integritet/", text)
        self.assertIn("Miljömålsdagarna 2022", text)
        self.assertIn("4 maj 2022 – 5 maj 2022 · Sundsvall", text)

        # The mail program's POST: no session, no CSRF token.
        stranger = Client(enforce_csrf_checks=True)
        path = url.removeprefix("http://127.0.0.1:8000")
        response = stranger.post(path, {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            list(Unsubscription.objects.values_list("email", "via")),
            [("p1@example.org", Unsubscription.Via.ONE_CLICK)],
        )

        services.issue_send(issue=write_issue("Nytt från RUS januari"), user=self.alice)
        outbox.deliver_due()
        subjects = [m["Subject"] for m in self.smtp.inbox.to("p1@example.org")]
        self.assertEqual(subjects, ["Nytt från RUS 17 december"])
        self.assertEqual(len(self.smtp.inbox.to("p2@example.org")), 2)

    def test_leaving_before_delivery_cancels_what_is_still_queued(self):
        issue = write_issue()
        services.issue_send(issue=issue, user=self.alice)
        contact_services.unsubscribe(
            contact_lists=[newsletter_list()], email="P0@example.org", via="link"
        )
        outbox.deliver_due()
        self.assertEqual(self.smtp.inbox.to("p0@example.org"), [])
        self.assertEqual(
            Delivery.objects.get(email="p0@example.org").state, Delivery.State.CANCELLED
        )

    def test_an_issue_is_sent_once(self):
        issue = write_issue()
        first = services.issue_send(issue=issue, user=self.alice)
        again = services.issue_send(issue=issue, user=self.alice)
        self.assertEqual(first, again)
        outbox.deliver_due()
        self.assertEqual(len(self.smtp.inbox.to("p0@example.org")), 1)

    def test_the_test_send_goes_to_the_editor_only_without_unsubscribe_headers(self):
        issue = write_issue()
        services.send_test(issue=issue, user=self.alice)
        outbox.deliver_due()
        self.assertEqual(self.smtp.inbox.recipients(), ["alice@example.org"])
        (mail,) = self.smtp.inbox.to("alice@example.org")
        self.assertEqual(mail["Subject"], "[Prov] Nytt från RUS 17 december")
        self.assertIsNone(mail["List-Unsubscribe"])
        self.assertEqual(Issue.objects.get(pk=issue.pk).state, Issue.State.DRAFT)

    def test_a_scheduled_issue_goes_out_when_its_time_comes(self):
        issue = write_issue()
        when = timezone.now() + timedelta(hours=2)
        services.schedule(issue=issue, when=when, expected_version=issue.version)
        self.assertEqual(services.send_due(), 0)
        with time_machine.travel(when + timedelta(minutes=1)):
            self.assertEqual(services.send_due(), 1)
            outbox.deliver_due()
        self.assertEqual(len(self.smtp.inbox.recipients()), 5)
        self.assertEqual(Issue.objects.get(pk=issue.pk).state, Issue.State.SENT)


class LinkPageTests(BaseTestCase):
    """A personal link that does not open gets a page that says why and what to do."""

    def setUp(self):
        (self.person,) = add_contacts(self.uppsala, 1)
        self.lists = [newsletter_list()]

    def url(self, token: str) -> str:
        return reverse("contacts:unsubscribe", args=[token])

    def test_a_good_link_asks_first_then_unsubscribes(self):
        token = contact_services.unsubscribe_token(self.person, self.lists)
        page = self.client.get(self.url(token))
        self.assertContains(page, "Sluta skicka e-post till p0@example.org")
        self.assertFalse(Unsubscription.objects.exists())
        done = self.client.post(self.url(token), {"action": "unsubscribe"})
        self.assertContains(done, "Du är avregistrerad")
        undo = self.client.post(self.url(token), {"action": "undo"})
        self.assertContains(undo, "står på listan igen")
        self.assertFalse(Unsubscription.objects.exists())

    def test_tampered_expired_and_revoked_links(self):
        good = contact_services.unsubscribe_token(self.person, self.lists)
        tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
        expired = links.make(
            contact_services.UNSUBSCRIBE,
            self.person.person,
            expires=timezone.now() - timedelta(days=1),
            data={"lists": [self.lists[0].pk]},
        )
        revoked = contact_services.unsubscribe_token(self.person, self.lists)
        links.revoke(contact_services.UNSUBSCRIBE, self.person.person)
        cases = [
            (tampered, 400, "Länken är inte hel"),
            (good[: len(good) // 2], 400, "Länken är inte hel"),
            (expired, 410, "Länken har slutat gälla"),
            (revoked, 410, "Länken gäller inte längre"),
        ]
        for token, status, heading in cases:
            for method in ("get", "post"):
                with self.subTest(heading=heading, method=method):
                    response = getattr(self.client, method)(self.url(token))
                    self.assertEqual(response.status_code, status)
                    self.assertContains(response, f"<h1>{heading}</h1>", status_code=status)
                    self.assertIn("be om en ny länk", response.content.decode().lower())
        self.assertFalse(Unsubscription.objects.exists())
        # A link made after the revocation works.
        fresh = contact_services.unsubscribe_token(self.person, self.lists)
        self.assertEqual(self.client.get(self.url(fresh)).status_code, 200)

    def test_a_link_for_another_purpose_is_refused(self):
        token = links.make("survey", self.person.person, days=1)
        response = self.client.get(self.url(token))
        self.assertContains(response, "Länken är inte hel", status_code=400)


class SafeContentTests(BaseTestCase):
    def test_scripts_and_handlers_never_reach_a_page_or_a_mail(self):
        issue = write_issue()
        services.block_save(
            issue=issue,
            block=None,
            kind=Block.Kind.TEXT,
            data={"body": ""},
            expected_version=issue.version,
        )
        self.client.force_login(self.alice)
        block = issue.blocks.get(kind=Block.Kind.TEXT)
        issue.refresh_from_db()
        self.client.post(
            reverse("newsletter:block_edit", args=[issue.pk, block.pk]),
            {
                "typ": "text",
                "title": "Farligt",
                "body": '<p onclick="steal()">Hej<script>steal()</script> '
                '<a href="javascript:steal()">x</a> <a href="https://rus.se">RUS</a></p>',
                "version": issue.version,
            },
        )
        stored = Block.objects.get(pk=block.pk).body
        self.assertEqual(
            stored,
            '<p>Hej <a rel="noopener noreferrer">x</a> '
            '<a href="https://rus.se" rel="noopener noreferrer">RUS</a></p>',
        )
        html, text = services.render(Issue.objects.get(pk=issue.pk))
        self.assertNotIn("steal", html)
        self.assertIn("RUS <https://rus.se>", text)
