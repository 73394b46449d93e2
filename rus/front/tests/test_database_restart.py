"""PostgreSQL restarts while requests run, in the deployed stack: signed-in requests during
the outage get the 503 page or a 503 problem (never a 500), anonymous readers keep getting the
front cache's last copy, and the app servers recover by themselves."""

import os
import subprocess
import threading
import time

import pytest
from django.db import connection
from django.test import TransactionTestCase

from deploy.stack import Browser, Stack
from rus.outbox.tests.worker import process_env
from rus.test import PASSWORD, create_cast


@pytest.mark.postgresql
class DatabaseRestartTests(TransactionTestCase):
    def pg_ctl(self, action: str) -> None:
        control = os.environ.get("RUS_PG_CTL", "")
        self.assertTrue(control, "run through scripts/with-postgres, which sets RUS_PG_CTL")
        subprocess.run([control, action], check=True, capture_output=True, timeout=120)

    def test_requests_during_a_restart_get_503_and_the_app_recovers(self):
        create_cast(self)
        statuses: list[tuple[float, int, str]] = []
        stop = threading.Event()
        with Stack(process_env(), app_servers=1, workers_per_server=2) as stack:
            signed_in, anonymous = Browser(stack, timeout=20), Browser(stack, timeout=20)
            signed_in.log_in("cora", PASSWORD)

            public: list[tuple[float, int, str]] = []

            def read(browser: Browser, paths: list[str], into: list) -> None:
                while not stop.is_set():
                    for path in paths:
                        try:
                            status, text, _headers = browser.get(path)
                        except OSError:
                            status, text = 0, ""
                        into.append((time.monotonic(), status, text[:400]))
                        time.sleep(0.05)

            readers = [
                # A signed-in page and API read: the session is in the database.
                threading.Thread(
                    target=read,
                    args=(signed_in, ["/mina-uppgifter/", "/api/v1/contacts"], statuses),
                ),
                threading.Thread(
                    target=read, args=(anonymous, ["/", "/api/v1/organisations"], public)
                ),
            ]
            for reader in readers:
                reader.start()
            time.sleep(1)
            connection.close()
            stopping = time.monotonic()
            self.pg_ctl("stop")
            down = time.monotonic()
            time.sleep(3)
            starting = time.monotonic()
            self.pg_ctl("start")
            up = time.monotonic()
            deadline = up + 30
            while time.monotonic() < deadline:
                recent = [s for t, s, _ in statuses if t > time.monotonic() - 1]
                if len(recent) >= 4 and set(recent) == {200}:
                    break
                time.sleep(0.2)
            stop.set()
            for reader in readers:
                reader.join(timeout=30)

        before = [s for t, s, _ in statuses if t < stopping]
        during = [(s, text) for t, s, text in statuses if down + 0.5 < t < starting]
        after = [s for t, s, _ in statuses if t > time.monotonic() - 1.5]
        self.assertEqual(set(before), {200})
        self.assertTrue(during, "no request ran while the database was down")
        self.assertEqual({s for s, _ in during}, {503}, during[:5])
        pages = [text for s, text in during if "Back soon" in text or "Strax tillbaka" in text]
        problems = [text for s, text in during if '"status": 503' in text]
        self.assertTrue(pages and problems, during[:5])
        self.assertNotIn(500, [s for _t, s, _ in statuses])
        self.assertEqual(set(after), {200}, statuses[-10:])
        # Anonymous readers never noticed.
        self.assertEqual({s for _t, s, _ in public}, {200})
