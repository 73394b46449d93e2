"""The budget, the balance and the grant, entered through the page and through
import_project, checked against sums computed here from the same figures."""

import json
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.urls import reverse

from rus.accounts.models import User
from rus.strategy import budget, services
from rus.strategy.models import Project
from rus.strategy.tests.helpers import (
    COSTS,
    FINANCING,
    RegionTestCase,
    create_project,
    half_up_percent,
)

YEARS = (2022, 2023)


def expected_totals(costs: dict, financing: dict, percent: int, cap: int) -> dict:
    """The totals the issue asks for, computed from the figures with plain integers."""
    costs_by_year = {str(y): sum(row[y] for row in costs.values()) for y in YEARS}
    financing_by_year = {str(y): sum(row[y] for row in financing.values()) for y in YEARS}
    total = sum(costs_by_year.values())
    uncapped = half_up_percent(percent, total)
    first = min(half_up_percent(percent, costs_by_year["2022"]), cap)
    return {
        "costs_by_year": costs_by_year,
        "costs_by_category": {name: sum(row.values()) for name, row in costs.items()},
        "costs": total,
        "financing_by_year": financing_by_year,
        "financing_by_financier": {name: sum(row.values()) for name, row in financing.items()},
        "financing": sum(financing_by_year.values()),
        "balanced": costs_by_year == financing_by_year,
        "grant": {
            "amount": min(uncapped, cap),
            "uncapped": uncapped,
            "binding": "percent" if uncapped < cap else "cap" if uncapped > cap else "equal",
            "by_year": {"2022": first, "2023": min(uncapped, cap) - first},
        },
    }


def swedish(n: int) -> str:
    """1200000 → "1 200 000", as a person types it."""
    return f"{n:,}".replace(",", " ")


class BudgetPageTests(RegionTestCase):
    def setUp(self):
        super().setUp()
        self.project = create_project(self.strategy)
        self.client.force_login(User.objects.get(username="rebecka"))

    def post_budget(self, costs: dict, financing: dict, **extra: str):
        data = {"version": str(Project.objects.get(pk=self.project.pk).version)}
        data["cost_rows"] = str(len(costs))
        data["fin_rows"] = str(len(financing))
        for prefix, rows in (("cost", costs), ("fin", financing)):
            for i, (name, amounts) in enumerate(rows.items()):
                data[f"{prefix}_{i}_name"] = name
                for year, amount in amounts.items():
                    data[f"{prefix}_{i}_{year}"] = swedish(amount)
        data.update(extra)
        return self.client.post(reverse("strategy:budget", args=[self.project.slug]), data)

    def test_every_total_balance_and_grant_from_the_page(self):
        response = self.post_budget(COSTS, FINANCING)
        self.assertRedirects(response, self.project.get_absolute_url())
        exported = services.export_project(Project.objects.get(pk=self.project.pk))
        self.assertEqual(exported["totals"], expected_totals(COSTS, FINANCING, 42, 2_000_000))
        # The cells are stored as typed, row by row.
        self.assertEqual(
            {(c["category"], c["year"]): c["amount"] for c in exported["costs"]},
            {(name, y): a for name, row in COSTS.items() for y, a in row.items()},
        )
        page = self.client.get(self.project.get_absolute_url()).content.decode()
        # Grand totals and the grant as the page shows them (Swedish grouping).
        for figure in ("5\u202f320\u202f000", "2\u202f234\u202f400", "1\u202f003\u202f800"):
            self.assertIn(figure, page)
        self.assertIn("Finansieringen är lika med kostnaderna", page)
        self.assertIn("taket", page)

    def test_an_unbalanced_budget_is_saved_and_flagged(self):
        short = {**FINANCING, "Deltagaravgifter": {2022: 100_000, 2023: 100_000}}
        self.post_budget(COSTS, short)
        totals = services.export_project(Project.objects.get(pk=self.project.pk))["totals"]
        self.assertFalse(totals["balanced"])
        self.assertEqual(
            services.project_budget(self.project).balance_by_year(), {2022: 0, 2023: -50_000}
        )
        page = self.client.get(self.project.get_absolute_url()).content.decode()
        self.assertIn("Finansieringen är inte lika med kostnaderna", page)

    def test_a_cell_that_is_not_whole_kronor_is_named_and_nothing_is_saved(self):
        bad = {**COSTS, "Resor och logi": {2022: 150_000, 2023: 180_000}}
        response = self.post_budget(bad, FINANCING, cost_2_2023="180 000,50")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ange hela kronor")
        self.assertEqual(self.project.costs.count(), 0)

    def test_a_budget_saved_by_someone_else_meanwhile_is_not_overwritten(self):
        self.post_budget(COSTS, FINANCING)
        stale = Project.objects.get(pk=self.project.pk).version
        self.post_budget(COSTS, {**FINANCING, "Deltagaravgifter": {2022: 1, 2023: 1}})
        data = {"version": str(stale), "cost_rows": "1", "fin_rows": "1", "cost_0_name": "X"}
        data["cost_0_2022"] = "5"
        response = self.client.post(reverse("strategy:budget", args=[self.project.slug]), data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.project.costs.count(), 8)

    def test_another_region_cannot_see_a_non_public_project(self):
        Project.objects.filter(pk=self.project.pk).update(public=False)
        self.client.logout()
        self.assertEqual(self.client.get(self.project.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/projects/{self.project.slug}").status_code, 404)
        self.client.force_login(User.objects.get(username="sven"))
        self.assertEqual(self.client.get(self.project.get_absolute_url()).status_code, 404)
        self.client.force_login(User.objects.get(username="rebecka"))
        self.assertEqual(self.client.get(f"/api/v1/projects/{self.project.slug}").status_code, 200)


class ImportProjectTests(RegionTestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp())

    def project_file(self, percent: int, cap: int, **changes: object) -> Path:
        data = {
            "slug": "kompetenslyft",
            "title": "Kompetenslyft",
            "owner": "Region Uppsala",
            "start": "2022-02-01",
            "end": "2023-12-31",
            "grant": {"percent": percent, "cap": cap},
            "costs": [
                {"category": name, "year": y, "amount": a}
                for name, row in COSTS.items()
                for y, a in row.items()
            ],
            "financing": [
                {"financier": name, "year": y, "amount": a}
                for name, row in FINANCING.items()
                for y, a in row.items()
            ],
            **changes,
        }
        path = self.folder / "projekt.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    def export(self) -> dict:
        out = StringIO()
        call_command("export_project", "kompetenslyft", stdout=out)
        return json.loads(out.getvalue())

    def test_the_grant_in_three_cases(self):
        total = sum(sum(row.values()) for row in COSTS.values())
        uncapped = half_up_percent(42, total)
        self.assertEqual(uncapped, 2_234_400)
        for cap, binding in ((3_000_000, "percent"), (2_000_000, "cap"), (uncapped, "equal")):
            with self.subTest(binding=binding):
                call_command("import_project", self.project_file(42, cap), stdout=StringIO())
                exported = self.export()
                expected = expected_totals(COSTS, FINANCING, 42, cap)
                self.assertEqual(expected["grant"]["binding"], binding)
                self.assertEqual(exported["totals"], expected)
                self.assertEqual(exported["grant"], {"percent": 42, "cap": cap})
                self.assertEqual((exported["start"], exported["end"]), ("2022-02-01", "2023-12-31"))
        self.assertEqual(Project.objects.count(), 1)

    def test_halves_round_up_and_the_years_add_up(self):
        # 42 % of 25 is 10.5: half up gives 11 for the first year; the second year gets what
        # makes the total right (42 % of 50 = 21).
        result = budget.grant({2022: 25, 2023: 25}, Decimal(42), None)
        assert result is not None
        self.assertEqual((result.by_year, result.amount), ({2022: 11, 2023: 10}, 21))
        self.assertEqual(budget.round_kronor(Decimal("2.5")), 3)

    def test_every_problem_is_listed_and_nothing_is_stored(self):
        path = self.project_file(
            42,
            2_000_000,
            start="2022-13-01",
            costs=[
                {"category": "Egen personal", "year": 2022, "amount": -5},
                {"category": "Egen personal", "year": 2030, "amount": 5},
                {"category": "Resor", "year": 2022, "amount": 12.5},
            ],
        )
        with self.assertRaises(CommandError) as caught:
            call_command("import_project", path, stdout=StringIO())
        message = str(caught.exception)
        for part in (
            '”start” ska vara ett datum skrivet ÅÅÅÅ-MM-DD, inte "2022-13-01"',
            "costs[0]: ”amount” ska vara hela kronor, 0 eller mer, inte -5",
            "costs[2]: ”amount” ska vara hela kronor, 0 eller mer, inte 12.5",
        ):
            self.assertIn(part, message)
        self.assertIn(str(path), message)
        self.assertFalse(Project.objects.exists())
