"""The front cache of deploy/nginx/rus.conf, in the real stack (nginx with TLS before two
gunicorn app servers on the test database): it serves anonymous readers from its copy, never
serves one signed-in user's page to another or to an anonymous visitor, and shows a change
of public data to anonymous readers within the time rus states (s-maxage)."""

import time

import pytest
from django.conf import settings
from django.db import transaction
from django.test import TransactionTestCase

from deploy.stack import Browser, Stack
from rus.front.tests.public_fixture import create_public_site
from rus.indicators.models import Indicator
from rus.lib.caching import bump_data_version
from rus.outbox.tests.worker import process_env
from rus.test import PASSWORD

STATED = 2  # RUS_SHARED_CACHE_SECONDS for the stack under test
# nginx keeps time in whole seconds, so a copy may live up to a second past its s-maxage.
CLOCK = 1


# On PostgreSQL only: the stack is tested as production runs it.
@pytest.mark.postgresql
class FrontCacheTests(TransactionTestCase):
    indicator: Indicator

    def setUp(self):
        create_public_site(self)
        env = process_env(
            RUS_SHARED_CACHE_SECONDS=str(STATED),
            CACHE_BACKEND="file",
            CACHE_DIR=str(settings.CACHES["default"]["LOCATION"]),
        )
        self.stack = self.enterContext(Stack(env, app_servers=2, workers_per_server=1))

    def test_signed_in_pages_never_reach_another_reader(self):
        anonymous = Browser(self.stack)
        status, page, headers = anonymous.get("/")
        self.assertEqual(status, 200)
        status, again, headers = anonymous.get("/")
        # The cache is in use: the second anonymous read is nginx's copy.
        self.assertEqual(headers["X-Cache"], "HIT")
        self.assertEqual(again, page)

        alice, cora = Browser(self.stack), Browser(self.stack)
        alice.log_in("alice", PASSWORD)
        cora.log_in("cora", PASSWORD)
        for path in ("/", "/mal/2/", "/indikatorer/", "/mina-uppgifter/", "/kolada/v3/kpi"):
            with self.subTest(path=path):
                for _ in range(2):
                    _status, alices, headers = alice.get(path)
                    self.assertNotEqual(headers["X-Cache"], "HIT")
                    _status, coras, _headers = cora.get(path)
                    _status, strangers, _headers = anonymous.get(path)
                    if path != "/kolada/v3/kpi":
                        self.assertIn("Logga ut alice", alices)
                        self.assertIn("Logga ut cora", coras)
                    for page, absent in ((alices, "cora"), (coras, "alice"), (strangers, "alice")):
                        self.assertNotIn(f"Logga ut {absent}", page)
                    self.assertNotIn("Logga ut", strangers)
        # A signed-in user's own work list is, for anyone else, the login page.
        _status, page, _headers = anonymous.get("/mina-uppgifter/")
        self.assertIn('name="username"', page)

    def test_a_change_reaches_anonymous_readers_within_the_stated_time(self):
        reader = Browser(self.stack)
        for _ in range(2):
            _status, page, headers = reader.get("/indikatorer/")
            self.assertIn("Utsläpp av växthusgaser", page)
        self.assertEqual(headers["X-Cache"], "HIT")
        self.assertEqual(headers["Cache-Control"], f"public, max-age=0, s-maxage={STATED}")

        with transaction.atomic():
            Indicator.objects.filter(pk=self.indicator.pk).update(name_sv="Växthusgaser, nytt")
            bump_data_version()
        changed_at = time.monotonic()
        seen = []
        while time.monotonic() < changed_at + STATED + CLOCK + 2:
            started = time.monotonic() - changed_at
            _status, page, headers = reader.get("/indikatorer/")
            seen.append((started, "Växthusgaser, nytt" in page, headers["X-Cache"]))
            time.sleep(0.2)
        # Every read that began after the stated time (and nginx's clock second) shows the
        # change; reads before it may still be the copy (that is the cache working).
        late = [(t, new, cache) for t, new, cache in seen if t > STATED + CLOCK + 0.2]
        self.assertTrue(late)
        self.assertTrue(all(new for _t, new, _cache in late), seen)
        # ...and the copy was in use for part of the stated time.
        self.assertTrue(any(not new and cache == "HIT" for _t, new, cache in seen), seen)

    def test_with_no_app_server_answering_readers_get_the_copy_or_a_page_that_says_so(self):
        reader, alice = Browser(self.stack), Browser(self.stack)
        alice.log_in("alice", PASSWORD)
        for _ in range(2):
            _status, before, _headers = reader.get("/mal/2/")
        for name, process in self.stack.processes.items():
            if name.startswith("app"):
                process.terminate()
                process.wait(timeout=30)
        time.sleep(STATED + CLOCK + 0.5)  # the copy is stale now
        status, page, headers = reader.get("/mal/2/")
        self.assertEqual((status, page), (200, before))
        self.assertIn(headers["X-Cache"], {"STALE", "HIT"})
        status, page, headers = alice.get("/mina-uppgifter/")
        self.assertEqual(status, 503)
        self.assertIn("Tjänsten är tillfälligt otillgänglig", page)
        self.assertEqual(headers["Retry-After"], "30")
