"""A newsletter to 500 contacts through a real SMTP server on loopback, sent by the real
worker process, which is killed (SIGKILL) in the middle of a send and started again: every
contact gets exactly one copy, an unsubscribed contact none, and an address the server
refuses once with 451 gets it on the retry."""

import signal
from collections import Counter

from django.test import TransactionTestCase

from rus.accounts.models import User
from rus.contacts import services as contact_services
from rus.newsletter import services
from rus.newsletter.tests.helpers import add_contacts, newsletter_list, write_issue
from rus.organisations.models import Organisation
from rus.outbox.models import Delivery
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.outbox.tests.worker import Workers
from rus.test import create_cast

CONTACTS = 500
KILL_AT = 200  # the RCPT at which the first worker is killed


class KilledWorkerTests(TransactionTestCase):
    uppsala: Organisation
    skane: Organisation
    rus: Organisation

    def setUp(self):
        create_cast(self)
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        self.workers = Workers(self.smtp)
        self.addCleanup(self.workers.stop)

    def test_killed_midway_every_contact_gets_exactly_one_copy(self):
        boards = [self.uppsala, self.skane]
        for n in range(3):
            boards.append(
                Organisation.objects.create(
                    key=f"lst-x{n}", kind="lansstyrelse", name=f"Län {n}", area=self.rus.area
                )
            )
        for i, board in enumerate(boards):
            add_contacts(board, 100, start=i * 100)
        # The cast's two coordinators are on the list too: 502 contacts, less one who left.
        contact_services.unsubscribe(
            contact_lists=[newsletter_list()], email="p7@example.org", via="link"
        )
        refused = "p11@example.org"
        self.smtp.inbox.refuse_first[refused] = 1
        expected = sorted(
            [f"p{n}@example.org" for n in range(CONTACTS) if n != 7]
            + ["ulla@example.org", "sara@example.org"]
        )

        user = User.objects.get(username="alice")
        first = self.workers.start()
        self.workers.kill_at_rcpt(first, KILL_AT)
        services.issue_send(issue=write_issue(user=user), user=user)
        self.assertTrue(self.workers.killed.wait(timeout=120), "the worker never got that far")
        self.assertEqual(first.returncode, -signal.SIGKILL)
        self.assertLess(len(self.smtp.inbox.recipients()), len(expected))
        self.assertNotIn(self.workers.killed_at, self.smtp.inbox.recipients())

        self.smtp.inbox.on_rcpt = None
        self.workers.start()
        self.workers.wait_until_sent(timeout=180)

        received = Counter(self.smtp.inbox.recipients())
        self.assertEqual(sorted(received), expected)
        self.assertEqual(set(received.values()), {1})
        self.assertNotIn("p7@example.org", received)
        self.assertEqual(
            Counter(Delivery.objects.values_list("state", flat=True)),
            Counter({Delivery.State.SENT: len(expected)}),
        )
        self.assertEqual(Delivery.objects.get(email=refused).attempts, 2)
        # The mail killed mid-send was claimed twice: once by each worker.
        self.assertEqual(Delivery.objects.get(email=self.workers.killed_at).attempts, 2)
