"""Public answers are cached until the data version changes, and answer conditional
requests; the cache is proved by what the database is asked, not by timing."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rus.front.tests.public_fixture import create_public_site
from rus.indicators.models import Indicator


class PublicCacheTests(TestCase):
    alice: object
    indicator: Indicator

    @classmethod
    def setUpTestData(cls):
        create_public_site(cls)

    def setUp(self):
        cache.clear()

    def get_counting(self, path: str, **headers):
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path, headers=headers)
        return response, [q["sql"] for q in captured]

    def test_a_second_request_runs_none_of_the_pages_queries(self):
        for path in ("/", "/mal/2/", "/lan/03/", "/indikatorer/ghg/", "/kolada/v3/kpi"):
            with self.subTest(path=path):
                first, first_sql = self.get_counting(path)
                self.assertEqual(first.status_code, 200)
                self.assertGreater(len(first_sql), 2)
                second, second_sql = self.get_counting(path)
                self.assertEqual(second.content, first.content)
                # At most the data version is read again; nothing of the page itself.
                self.assertTrue(all("lib_dataversion" in sql for sql in second_sql), second_sql)

    def test_a_change_makes_every_cached_answer_stale_at_once(self):
        before = self.client.get("/indikatorer/").content.decode()
        self.assertIn("Utsläpp av växthusgaser", before)
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("admin:indicators_indicator_change", args=[self.indicator.pk]),
            {
                "code": "ghg",
                "name_sv": "Växthusgaser, nytt namn",
                "name_en": "Greenhouse gases",
                "unit": "ton CO2-ekv",
                "direction": "negative",
                "base_year": 2015,
                "area_levels": '["county", "municipality"]',
                "external_ids": "{}",
                "version": self.indicator.version,
                "targets-TOTAL_FORMS": 0,
                "targets-INITIAL_FORMS": 0,
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.client.logout()
        after = self.client.get("/indikatorer/").content.decode()
        self.assertIn("Växthusgaser, nytt namn", after)

    def test_conditional_requests_are_answered_without_the_page(self):
        first = self.client.get("/mal/2/")
        etag, modified = first["ETag"], first["Last-Modified"]
        again, sql = self.get_counting("/mal/2/", if_none_match=etag)
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertTrue(all("lib_dataversion" in s for s in sql))
        self.assertEqual(
            self.client.get("/mal/2/", headers={"if_modified_since": modified}).status_code, 304
        )
        from rus.lib.caching import bump_data_version

        bump_data_version()
        changed = self.client.get("/mal/2/", headers={"if_none_match": etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)

    def test_public_api_reads_and_the_feed_answer_conditional_requests(self):
        for path in ("/api/v1/areas", "/api/v1/indicators/ghg", "/publiceringar.atom"):
            with self.subTest(path=path):
                first = self.client.get(path)
                self.assertEqual(first.status_code, 200)
                self.assertEqual(first["Cache-Control"], "public, max-age=0, s-maxage=10")
                again, sql = self.get_counting(path, if_none_match=first["ETag"])
                self.assertEqual(again.status_code, 304)
                self.assertTrue(all("lib_dataversion" in s for s in sql), sql)
        # Contacts are never public: no shared cache may keep them.
        self.client.force_login(self.alice)
        contacts = self.client.get("/api/v1/contacts")
        self.assertEqual(contacts.status_code, 200)
        self.assertNotIn("public", contacts.get("Cache-Control", ""))

    def test_a_round_opened_appears_on_the_cached_list_of_rounds(self):
        from rus.followup import services

        self.assertNotIn("2031", self.client.get("/uppfoljning/").content.decode())
        services.round_open(year=2031, user=self.alice)
        self.assertIn("2031", self.client.get("/uppfoljning/").content.decode())

    def test_signed_in_pages_are_neither_cached_nor_shared(self):
        self.client.force_login(self.alice)
        page = self.client.get("/")
        self.assertIn("Logga ut alice", page.content.decode())
        self.assertEqual(page["Cache-Control"], "private, no-cache")
        self.client.logout()
        anonymous = self.client.get("/").content.decode()
        self.assertNotIn("alice", anonymous)
