import json
from pathlib import Path

from django.test import Client

from rus.api.main import api
from rus.goals.models import Framework, Goal
from rus.organisations.models import Applicability
from rus.test import BaseTestCase

SNAPSHOT = Path(__file__).with_name("openapi.json")


class OpenApiTests(BaseTestCase):
    def test_schema_matches_the_reviewed_snapshot(self):
        """Run `make openapi` to accept a deliberate change of the API contract."""
        schema = api.get_openapi_schema()
        self.assertEqual(
            json.loads(json.dumps(schema, sort_keys=True)), json.loads(SNAPSHOT.read_text())
        )

    def test_schema_is_served(self):
        self.assertEqual(self.client.get("/api/v1/openapi.json").json()["info"]["title"], "rus API")


class PublicReadTests(BaseTestCase):
    goal: Goal

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        miljomal = Framework.objects.create(code="miljomal", name_sv="Miljömål")
        cls.goal = Goal.objects.create(
            framework=miljomal,
            code="2",
            kind="objective",
            number=2,
            name_sv="Frisk luft",
            name_en="Clean Air",
        )
        Applicability.objects.create(
            organisation=cls.uppsala, area=cls.uppsala_county, goal=cls.goal
        )
        Applicability.objects.create(
            organisation=cls.skane, area=cls.skane_county, goal=cls.goal, active=False
        )

    def test_areas_filter_by_level_and_are_paged(self):
        body = self.client.get("/api/v1/areas?level=county").json()
        self.assertEqual(body["count"], 2)
        self.assertEqual([a["code"] for a in body["items"]], ["03", "12"])
        self.assertEqual(body["items"][0]["parent"], "00")

    def test_goals(self):
        body = self.client.get("/api/v1/goals?framework=miljomal").json()
        self.assertEqual(body["items"][0]["name_en"], "Clean Air")

    def test_applicability_lists_only_active_rows(self):
        body = self.client.get("/api/v1/applicability").json()
        self.assertEqual(
            body["items"],
            [{"organisation": "lst-03", "area": "03", "goal": "2", "framework": "miljomal"}],
        )

    def test_contacts_are_not_public(self):
        r = Client().get(f"/api/v1/organisations/{self.uppsala.pk}/contacts")
        self.assertEqual(r.status_code, 401)
        self.assertEqual(r.json()["title"], "Unauthorized")


class ValidationTests(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.cora)

    def test_invalid_body_names_each_field(self):
        r = self.client.post(
            f"/api/v1/organisations/{self.uppsala.pk}/contacts",
            json.dumps({"name": "", "email": "inte-en-adress", "roles": ["kung"]}),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r["Content-Type"], "application/problem+json")
        errors = r.json()["errors"]
        self.assertEqual({"name", "email", "roles"}, set(errors))
        self.assertEqual(errors["email"][0]["code"], "invalid")

    def test_duplicate_contact_is_a_form_error(self):
        body = {"name": "Ulla", "email": "ulla@example.org", "roles": ["ovrig"]}
        r = self.client.post(
            f"/api/v1/organisations/{self.uppsala.pk}/contacts",
            json.dumps(body),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["errors"]["email"][0]["code"], "duplicate")

    def test_missing_version_is_rejected(self):
        body = {"name": "Ulla", "email": "ulla@example.org", "roles": ["ovrig"]}
        r = self.client.put(
            f"/api/v1/contacts/{self.uppsala_contact.pk}",
            json.dumps(body),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 422)
        # The schema requires it: the problem names the missing field by its place.
        (error,) = r.json()["errors"]
        self.assertEqual((error["type"], error["loc"][-1]), ("missing", "version"))
