"""A newsletter to 500 contacts through a real SMTP server on loopback, sent by the real
worker process, which is killed (SIGKILL) in the middle of a send and started again: every
contact gets exactly one copy, an unsubscribed contact none, and an address the server
refuses once with 451 gets it on the retry."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

from rus.accounts.models import User
from rus.contacts import services as contact_services
from rus.newsletter import services
from rus.newsletter.tests.helpers import add_contacts, newsletter_list, write_issue
from rus.organisations.models import Organisation
from rus.outbox.models import Delivery
from rus.outbox.tests.smtp import LoopbackSMTP
from rus.test import create_cast

ROOT = Path(settings.BASE_DIR)
CONTACTS = 500
KILL_AT = 200  # the RCPT at which the first worker is killed


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class KilledWorkerTests(TransactionTestCase):
    uppsala: Organisation
    skane: Organisation
    rus: Organisation

    def setUp(self):
        create_cast(self)
        self.smtp = LoopbackSMTP().start()
        self.addCleanup(self.smtp.stop)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.addCleanup(self.stop_workers)

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()

    def start_worker(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            **self.smtp.env(),
            "DATABASE_URL": database_url(),
            "RUS_TESTING": "1",
            "SECRET_KEY": settings.SECRET_KEY,
            # A killed worker's delivery is taken up again after the lease; retries soon.
            "OUTBOX_LEASE_SECONDS": "3",
            "OUTBOX_RETRY_SECONDS": "1",
        }
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def wait_until_done(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = Delivery.objects.filter(
                state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]
            ).count()
            if pending == 0:
                return
            time.sleep(0.5)
        self.fail(f"{pending} deliveries still pending after {timeout} s")

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

        first: dict[str, Any] = {}
        rcpts = 0
        killed = threading.Event()
        lock = threading.Lock()

        def kill_midway(address: str) -> None:
            nonlocal rcpts
            with lock:
                rcpts += 1
                if rcpts == KILL_AT and not killed.is_set():
                    # The worker is in the middle of a mail: killed before the server answers.
                    first["worker"].send_signal(signal.SIGKILL)
                    first["worker"].wait(timeout=10)
                    first["at"] = address
                    killed.set()

        self.smtp.inbox.on_rcpt = kill_midway
        user = User.objects.get(username="alice")
        first["worker"] = self.start_worker()
        services.issue_send(issue=write_issue(user=user), user=user)
        self.assertTrue(killed.wait(timeout=120), "the worker never reached the kill point")
        self.assertEqual(first["worker"].returncode, -signal.SIGKILL)
        received_before_restart = len(self.smtp.inbox.recipients())
        self.assertLess(received_before_restart, len(expected))
        self.assertNotIn(first["at"], self.smtp.inbox.recipients())

        self.smtp.inbox.on_rcpt = None
        self.start_worker()
        self.wait_until_done(timeout=180)

        received = Counter(self.smtp.inbox.recipients())
        self.assertEqual(sorted(received), expected)
        self.assertEqual({n for n in received.values()}, {1})
        self.assertNotIn("p7@example.org", received)
        self.assertEqual(
            Counter(Delivery.objects.values_list("state", flat=True)),
            Counter({Delivery.State.SENT: len(expected)}),
        )
        retried = Delivery.objects.get(email=refused)
        self.assertEqual(retried.attempts, 2)
        # The mail killed mid-send was claimed twice: once by each worker.
        self.assertEqual(Delivery.objects.get(email=first["at"]).attempts, 2)
