"""Requests at the edges of what the API accepts answer as problem details, never a 500."""

from rus.accounts.models import Membership
from rus.test import BaseTestCase

PROBLEM = "application/problem+json"


class BoundsTests(BaseTestCase):
    def test_a_page_holds_at_most_a_thousand_items(self):
        for path in (
            "/api/v1/organisations",
            "/api/v1/areas",
            "/api/v1/goals",
            "/api/v1/indicators",
        ):
            for query, status in (
                ("limit=1000", 200),
                ("limit=1001", 422),
                ("limit=9223372036854775808", 422),
                ("offset=9223372036854775808", 422),
                ("limit=0", 422),
            ):
                with self.subTest(path=path, query=query):
                    response = self.client.get(f"{path}?{query}")
                    self.assertEqual(response.status_code, status)
                    if status != 200:
                        self.assertEqual(response["Content-Type"], PROBLEM)

    def test_a_write_with_an_unreadable_body_is_a_problem_not_a_crash(self):
        self.client.force_login(self.cora)
        self.assertTrue(
            Membership.objects.filter(user=self.cora, organisation=self.uppsala).exists()
        )
        response = self.client.generic(
            "PUT",
            f"/api/v1/organisations/{self.uppsala.pk}",
            b"--x\r\n",
            content_type="multipart/form-data",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], PROBLEM)

    def test_the_kolada_api_refuses_an_impossible_year(self):
        response = self.client.get("/kolada/v3/data?kpi_id=x&year=99999999999999999999")
        self.assertEqual(response.status_code, 400)

    def test_each_kind_filter_documents_and_takes_its_own_kinds(self):
        schema = self.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        self.assertIn("objective", schema["GoalKind"]["enum"])
        self.assertNotIn("lansstyrelse", schema["GoalKind"]["enum"])
        self.assertIn("lansstyrelse", schema["OrganisationKind"]["enum"])
        boards = self.client.get("/api/v1/organisations?kind=lansstyrelse").json()["items"]
        self.assertEqual(sorted(o["key"] for o in boards), ["lst-03", "lst-12"])
        self.assertEqual(self.client.get("/api/v1/goals?kind=lansstyrelse").status_code, 422)

    def test_a_contact_change_without_its_version_is_refused_as_documented(self):
        self.client.force_login(self.cora)
        body = {"name": "Ulla Uppsala", "email": "ulla@example.org", "roles": []}
        response = self.client.put(
            f"/api/v1/contacts/{self.uppsala_contact.pk}", body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response["Content-Type"], PROBLEM)
        schema = self.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        self.assertIn("version", schema["ContactUpdate"]["required"])
        self.assertIn("email", schema["ContactIn"]["required"])

    def test_a_nul_character_in_a_parameter_is_refused_not_a_crash(self):
        # PostgreSQL text cannot hold NUL; found by schemathesis (/goals?framework=%00).
        for path in ("/api/v1/goals?framework=a%00b", "/api/v1/indicators/a%00b"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response["Content-Type"], PROBLEM)
        self.assertEqual(self.client.get("/sok/?q=a%00b").status_code, 400)
        self.assertEqual(self.client.get("/sok/?q=ab").status_code, 200)
