"""Erasure on request: afterwards no table of rus holds the person's address or name, the
counts of sent mail hold, and later imports and sends skip the address."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from rus.accounts.models import Membership, User
from rus.contacts import selectors, services
from rus.contacts.models import Contact, ContactList, Erasure, Role
from rus.lib import links
from rus.lib.tabular import read_table
from rus.newsletter import services as newsletter
from rus.newsletter.tests.helpers import write_issue
from rus.outbox import services as outbox
from rus.outbox.models import Delivery
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.test import PASSWORD, BaseTestCase

EMAIL = "Erika.Raderasdotter@example.org"
SURNAME = "Raderasdotter"


def database_dump() -> str:
    """Every row of every table, as text, lower case."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                parts.append(table + ": " + " | ".join(str(v) for v in row))
    return "\n".join(parts).lower()


class ErasureTests(BaseTestCase):
    def setUp(self):
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)

    def leave_traces(self) -> Contact:
        """The person as rus meets them: added and changed through the pages (audited), on
        the newsletter list, mailed, unsubscribed from it, with a personal link revoked, and
        with an account that logged in once and failed once."""
        admin = Client()
        admin.force_login(self.alice)
        role = Role.objects.get(key="miljomalssamordnare")
        admin.post(
            reverse("contacts:create", args=[self.uppsala.pk]),
            {
                "name": f"Erika {SURNAME}",
                "email": EMAIL,
                "phone": "018-19 00 00",
                "roles": [role.pk],
                "language": "sv",
                "legal_basis": "public_task",
            },
        )
        contact = Contact.objects.get(email=EMAIL)
        admin.post(
            reverse("contacts:edit", args=[contact.pk]),
            {
                "name": f"Erika M. {SURNAME}",
                "email": EMAIL,
                "phone": "018-19 00 01",
                "roles": [role.pk],
                "language": "sv",
                "legal_basis": "public_task",
                "version": contact.version,
            },
        )
        user = User.objects.create_user(
            f"erika.{SURNAME.lower()}", EMAIL, PASSWORD, first_name="Erika", last_name=SURNAME
        )
        Membership.objects.create(user=user, organisation=self.uppsala, role="viewer")
        Client().post(reverse("login"), {"username": user.username, "password": "wrong"})
        Client().post(reverse("login"), {"username": user.username, "password": PASSWORD})
        newsletter.issue_send(issue=write_issue(), user=self.alice)
        outbox.deliver_due()
        self.assertEqual(len(self.smtp.inbox.to(EMAIL)), 1)
        services.unsubscribe(
            contact_lists=[ContactList.objects.get(key="nytt-fran-rus")], email=EMAIL, via="link"
        )
        links.revoke("unsubscribe", contact.person)
        return contact

    def test_nothing_of_the_person_is_left_anywhere(self):
        self.leave_traces()
        dump = database_dump()
        # The check would find them if they were there.
        self.assertIn(EMAIL.lower(), dump)
        self.assertIn(SURNAME.lower(), dump)
        sent_before = Delivery.objects.filter(state=Delivery.State.SENT).count()

        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("contacts:person_erase"), {"email": EMAIL.upper(), "confirm": "on"}
        )
        self.assertRedirects(response, reverse("contacts:person"))

        dump = database_dump()
        self.assertNotIn(EMAIL.lower(), dump)
        self.assertNotIn(SURNAME.lower(), dump)
        self.assertNotIn("018-19 00 0", dump)
        # The counts of sent mail hold.
        self.assertEqual(Delivery.objects.filter(state=Delivery.State.SENT).count(), sent_before)
        self.assertEqual(Erasure.objects.get().erased_by, self.alice)

    def test_later_imports_and_sends_skip_the_address(self):
        self.leave_traces()
        services.erase_person(email=EMAIL, user=self.alice)
        self.assertTrue(selectors.is_erased(EMAIL.lower()))
        report = services.import_contacts(
            read_table(f"namn,e-post,roller\nErika,{EMAIL},styrgrupp\n".encode(), "k.csv"),
            organisations=[self.uppsala],
            default_organisation=self.uppsala,
        )
        self.assertEqual(
            report.problems,
            ["k.csv, rad 2, kolumn e-post: adressen raderades på personens begäran; ta bort raden"],
        )
        message = outbox.queue(
            template="newsletter",
            recipients=[outbox.Recipient(EMAIL), outbox.Recipient("annan@example.org")],
            category="service",
            context={"title": "x", "html": "", "text": "", "web_url": "", "privacy_url": ""},
        )
        assert message is not None
        self.assertEqual(
            list(message.deliveries.values_list("email", flat=True)), ["annan@example.org"]
        )

    def test_only_administrators_erase_and_never_themselves(self):
        self.leave_traces()
        self.client.force_login(self.rita)
        self.client.post(reverse("contacts:person_erase"), {"email": EMAIL, "confirm": "on"})
        self.assertTrue(Contact.objects.filter(email=EMAIL).exists())
        self.client.force_login(self.alice)
        missing_confirmation = self.client.post(reverse("contacts:person_erase"), {"email": EMAIL})
        self.assertEqual(missing_confirmation.status_code, 400)
        self.assertTrue(Contact.objects.filter(email=EMAIL).exists())
        with self.assertRaises(ValidationError):
            services.erase_person(email=self.alice.email, user=self.alice)
