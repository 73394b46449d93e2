"""Every text of a judgement, the contribution to the generational goal included, is shown and
exported wherever the others are; a value's status goes with it to pages and files."""

import csv
import io
import json

import openpyxl
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from rus.followup import services
from rus.followup.tests.helpers import FollowUpTestCase
from rus.indicators import services as indicator_services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator
from rus.lib.tabular import read_table

TEXTS = {
    "summary": "SAMMANFATTNINGSTEXT",
    "justification": "MOTIVERINGSTEXT",
    "actions": "ÅTGÄRDSTEXT",
    "generational_goal": "GENERATIONSMÅLSTEXT",
}


class GenerationalGoalEverywhereTests(FollowUpTestCase):
    def setUp(self):
        rnd = self.open_round(2026)
        a = rnd.assessments.get(organisation=self.uppsala, goal=self.clean_air)
        services.assessment_save_and_submit(
            assessment=a,
            data={"reached": "nara", "trend": "positiv", **TEXTS},
            expected_version=a.version,
            user=self.cora,
        )
        self.reviewer_page = self.as_user(self.rita).get(
            reverse("followup:assessment", args=[a.pk])
        )
        services.assessment_approve(assessment=a, expected_version=a.version, user=self.rita)
        services.round_publish(rnd=rnd, user=self.alice, reason="Test.")
        self.assessment = a

    def as_user(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def text_of(self, response) -> str:
        kind = response["Content-Type"]
        if kind == "application/pdf":
            return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        if "spreadsheetml" in kind:
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
        if "json" in kind:
            return json.dumps(response.json(), ensure_ascii=False)
        return response.content.decode("utf-8-sig")

    def test_every_text_wherever_texts_are(self):
        places = {
            "reviewer's page": self.reviewer_page,
            "public county page": self.client.get(reverse("followup:county", args=[2026, "03"])),
            "county PDF": self.client.get(reverse("followup:county_pdf", args=[2026, "03"])),
            "county CSV": self.client.get(reverse("followup:county_csv", args=[2026, "03"])),
            "county CSV for Excel": self.client.get(
                reverse("followup:county_excel_csv", args=[2026, "03"])
            ),
            "county Excel": self.client.get(reverse("followup:county_xlsx", args=[2026, "03"])),
            "national CSV": self.client.get(reverse("followup:compilation_csv", args=[2026])),
            "national Excel": self.client.get(reverse("followup:compilation_xlsx", args=[2026])),
            "API": self.client.get("/api/v1/followup/2026/assessments"),
            "search": self.client.get("/sok/?q=GENERATIONSMÅLSTEXT"),
        }
        for place, response in places.items():
            with self.subTest(place=place):
                self.assertEqual(response.status_code, 200)
                text = self.text_of(response)
                for field, value in TEXTS.items():
                    if place == "search" and field != "generational_goal":
                        continue
                    self.assertIn(value, " ".join(text.split()), field)

    def test_the_generational_goal_is_in_the_diff_and_the_history(self):
        a = self.assessment
        client = self.as_user(self.alice)
        history = client.get(reverse("followup:history", args=[a.pk]) + "?fran=1&till=2")
        self.assertContains(history, "Bidrag till generationsmålet")
        self.assertContains(history, "GENERATIONSMÅLSTEXT")

    def test_csv_columns_are_swedish_and_name_the_source(self):
        body = self.client.get(reverse("followup:county_csv", args=[2026, "03"])).content.decode()
        (row,) = csv.DictReader(io.StringIO(body))
        self.assertEqual(row["Bidrag till generationsmålet"], "GENERATIONSMÅLSTEXT")
        self.assertEqual(row["Källa"], "Regional uppföljning 2026 i rus")
        excel = self.client.get(reverse("followup:county_excel_csv", args=[2026, "03"])).content
        self.assertTrue(excel.startswith("\ufeff".encode()))
        header = excel.decode("utf-8-sig").splitlines()[0]
        self.assertTrue(header.startswith("År;Länskod;Län;"), header)


class PreliminaryValueTests(FollowUpTestCase):
    def test_the_status_is_shown_beside_the_value_and_exported(self):
        indicator = Indicator.objects.create(
            code="skog", name_sv="Skyddad skog", unit="ha", area_levels=["county"]
        )
        indicator_services.import_table(
            read_table(b"kod,ar,varde,status\n03,2024,10,\n03,2025,12.5,prel\n", "x.csv"),
            ColumnMapping(area="kod", period="ar", value="varde", flag="status"),
            indicator=indicator,
        )
        page = self.client.get("/indikatorer/skog/?omrade=03").content.decode()
        self.assertIn('12,50 <span class="flag">(preliminär)</span>', page)
        self.assertIn("<td>10,00</td>", page)  # a final value carries no mark
        county = self.client.get("/lan/03/").content.decode()
        # The county page shows a value with the decimals it carries.
        self.assertIn('12,5 <span class="flag">(preliminär)</span>', county)
        rows = list(
            csv.DictReader(
                io.StringIO(
                    self.client.get("/indikatorer/skog/data.csv?omrade=03").content.decode()
                )
            )
        )
        self.assertEqual(
            [(r["Period"], r["Värde"], r["Status"]) for r in rows],
            [("2024", "10", ""), ("2025", "12.5", "Preliminär")],
        )
        sheet = openpyxl.load_workbook(
            io.BytesIO(self.client.get("/indikatorer/skog/data.xlsx?omrade=03").content)
        ).active
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(values[0][7], "Status")
        self.assertEqual(
            [(r[3], r[5], r[7]) for r in values[1:]],
            [("2024", 10, None), ("2025", 12.5, "Preliminär")],
        )
