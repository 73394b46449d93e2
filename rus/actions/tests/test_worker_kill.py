"""Invitations of an enquiry sent by the real worker process, killed (SIGKILL) midway and
started again; inviting again afterwards: every actor has exactly one invitation."""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.test import TransactionTestCase
from django.utils import timezone

from rus.accounts.models import User
from rus.actions import services
from rus.actions.defaults import seed
from rus.actions.models import Programme, Sector
from rus.actions.tests.helpers import ACTORS, columns, contact_of, table
from rus.contacts.defaults import seed as seed_contacts
from rus.contacts.models import ContactList, ListRule, Role
from rus.organisations.models import Organisation
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.outbox.tests.worker import Workers
from rus.referencedata.services import load_reference_data


class KilledWorkerInvitationTests(TransactionTestCase):
    def setUp(self):
        # What the migrations seed, put back after earlier tests emptied the database.
        seed(Sector)
        seed_contacts(Role, ContactList, ListRule)
        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        self.workers = Workers(self.smtp)
        self.addCleanup(self.workers.stop)

    def test_killed_midway_and_invited_again_no_actor_gets_two(self):
        user = User.objects.create_user("cora", "cora@example.org", "x" * 16)
        programme = services.programme_save(
            programme=None,
            organisation=Organisation.objects.get(key="lst-03"),
            data={
                "title": "Program",
                "starts": 2025,
                "ends": 2028,
                "status": Programme.Status.ADOPTED,
            },
        )
        report = services.import_programme(table(), columns(), programme=programme)
        self.assertTrue(report.ok, report.problems)
        enquiry = services.enquiry_open(
            programme=programme,
            year=2026,
            deadline=timezone.localdate() + timedelta(days=30),
            user=user,
        )
        first = self.workers.start()
        self.workers.kill_at_rcpt(first, 4)
        self.assertEqual(services.invite(enquiry=enquiry, user=user), 10)
        self.assertTrue(self.workers.killed.wait(timeout=120), "the worker never got that far")
        self.smtp.inbox.on_rcpt = None
        self.workers.start()
        self.workers.wait_until_sent(timeout=120)
        # The county board presses "send" again: nothing new goes out.
        self.assertEqual(services.invite(enquiry=enquiry, user=user), 0)
        self.workers.wait_until_sent(timeout=60)
        received = Counter(self.smtp.inbox.recipients())
        self.assertEqual(received, Counter({contact_of(a): 1 for a in ACTORS}))
