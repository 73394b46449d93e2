"""The national compilation against counts computed here, independently, from stored judgements."""

import csv
import io
import random
from collections import Counter

from django.conf import settings
from django.test import TestCase
from pypdf import PdfReader

from rus.accounts.models import User
from rus.areas.models import Area
from rus.followup import selectors, services
from rus.followup.models import Assessment, FollowUpRound, Reached, Trend
from rus.followup.tests.helpers import FollowUpTestCase, mark_published
from rus.goals.models import Goal
from rus.indicators import services as indicator_services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator
from rus.lib.tabular import read_table
from rus.referencedata.services import load_reference_data


class CompilationTests(TestCase):
    admin: User

    @classmethod
    def setUpTestData(cls):
        load_reference_data(data_dir=settings.RUS_DATA_DIR)
        cls.admin = User.objects.create_user("admin", "a@example.org", "x" * 16, is_superuser=True)
        rng = random.Random(2026)  # noqa: S311  (a fixed seed: the same judgements every run)
        for year in (2024, 2025):
            rnd = services.round_open(year=year, user=cls.admin)
            for a in rnd.assessments.all():
                a.reached = rng.choice([*Reached.values, ""])
                a.trend = rng.choice([*Trend.values, ""])
                a.summary = f"Bedömning {year} av {a.goal_id} i {a.area_id}."
                a.save()
            mark_published(rnd)

    def test_249_judgements_a_year(self):
        self.assertEqual(FollowUpRound.objects.get(year=2025).assessments.count(), 249)

    def test_counts_equal_counts_computed_independently(self):
        rnd = FollowUpRound.objects.get(year=2025)
        result = selectors.compilation(rnd)
        stored = list(
            Assessment.objects.filter(round=rnd).values_list("goal__number", "reached", "trend")
        )
        for goal in result.objectives:
            with self.subTest(objective=goal.number):
                reached = Counter(r for n, r, _t in stored if n == goal.number and r)
                trend = Counter(t for n, _r, t in stored if n == goal.number and t)
                self.assertEqual(dict(result.reached_counts[goal.pk]), dict(reached))
                self.assertEqual(dict(result.trend_counts[goal.pk]), dict(trend))
        self.assertEqual(sum(result.totals["reached"]), sum(1 for _n, r, _t in stored if r))

    def test_changed_since_last_year(self):
        rnd = FollowUpRound.objects.get(year=2025)
        before = {
            (a.area_id, a.goal_id): a.reached for a in Assessment.objects.filter(round__year=2024)
        }
        expected = sorted(
            (a.area.code, a.goal.number)
            for a in Assessment.objects.filter(round=rnd).select_related("area", "goal")
            if a.reached
            and before.get((a.area_id, a.goal_id))
            and a.reached != before[(a.area_id, a.goal_id)]
        )
        result = selectors.compilation(rnd)
        self.assertEqual(
            sorted((c.area.code, c.goal.number) for c in result.reached_changes), expected
        )
        # Change one judgement that was the same in both years: it appears in the list.
        same = next(
            a
            for a in Assessment.objects.filter(round=rnd)
            if a.reached and a.reached == before.get((a.area_id, a.goal_id))
        )
        same.reached = Reached.YES if same.reached != Reached.YES else Reached.NO
        same.save()
        again = selectors.compilation(rnd)
        self.assertEqual(len(again.reached_changes), len(expected) + 1)
        self.assertIn(
            (same.area.code, same.goal.number),
            {(c.area.code, c.goal.number) for c in again.reached_changes},
        )
        page = self.client.get("/uppfoljning/2025/").content.decode()
        self.assertIn(
            f"{len(expected) + 1} av {again.reached_comparable} bedömningar av om målet nås "
            "har ändrats",
            page,
        )

    def test_unpublished_judgements_stay_out(self):
        a = Assessment.objects.filter(round__year=2025, reached=Reached.NEAR).first()
        a.state = Assessment.State.APPROVED
        a.published_version = None
        a.save()
        result = selectors.compilation(FollowUpRound.objects.get(year=2025))
        self.assertNotIn(
            (a.area_id, a.goal_id), {k for k, c in result.cells.items() if c.assessment}
        )

    def test_pdf_contains_every_county_and_objective(self):
        response = self.client.get("/uppfoljning/2025/sammanstallning.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        text = " ".join(text.split())
        for county in Area.objects.filter(level=Area.Level.COUNTY):
            self.assertIn(county.name, text)
        for goal in Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE):
            self.assertIn(goal.name_sv, text)

    def test_csv_has_one_row_per_published_judgement(self):
        body = self.client.get("/uppfoljning/2025/sammanstallning.csv").content.decode()
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(len(rows), 249)
        self.assertEqual(
            {r["Länskod"] for r in rows},
            set(Area.objects.filter(level="county").values_list("code", flat=True)),
        )

    def test_county_pdf(self):
        response = self.client.get("/uppfoljning/2025/lan/03/uppfoljning.pdf")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        self.assertIn("Uppsala län", text)
        self.assertIn("Levande skogar", text)

    def test_county_downloads(self):
        import openpyxl

        body = self.client.get("/uppfoljning/2025/lan/24/uppfoljning.csv").content.decode()
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(
            len(rows), 13
        )  # Västerbotten assesses 13 objectives (12 by Skogsstyrelsen)
        self.assertEqual({r["Länskod"] for r in rows}, {"24"})
        sheet = openpyxl.load_workbook(
            io.BytesIO(self.client.get("/uppfoljning/2025/lan/24/uppfoljning.xlsx").content)
        ).active
        self.assertEqual(sheet.max_row, 14)


class DataTrendTests(FollowUpTestCase):
    """The data trend beside a judgement comes only from an indicator linked to that objective
    that has a direction of desirability; rising population says nothing about clean air."""

    def series(self, code: str, direction: str, values: list[float], goals=()) -> Indicator:
        indicator = Indicator.objects.create(
            code=code, name_sv=code, unit="st", area_levels=["county"], direction=direction
        )
        indicator.goals.set(goals)
        rows = "".join(f"03,{2015 + i},{v}\n" for i, v in enumerate(values))
        indicator_services.import_table(
            read_table(f"kod,ar,varde\n{rows}".encode(), "x.csv"),
            ColumnMapping(area="kod", period="ar", value="varde"),
            indicator=indicator,
        )
        return indicator

    def trend_beside(self, rnd) -> str | None:
        cell = selectors.compilation(rnd, include_unpublished=True).cells[
            (self.uppsala_county.pk, self.clean_air.pk)
        ]
        return cell.indicator_trend

    def test_only_linked_directed_indicators_drive_the_trend(self):
        rising = [100.0 + 10 * i for i in range(10)]
        population = self.series("folkmangd", Indicator.Direction.NONE, rising, [self.clean_air])
        unlinked = self.series("skog-ha", Indicator.Direction.POSITIVE, rising)
        rnd = self.open_round()
        a = rnd.assessments.get(area=self.uppsala_county, goal=self.clean_air)
        a.indicators.set([population, unlinked])
        self.assertIsNone(self.trend_beside(rnd))
        # A linked indicator where lower is better, falling by a tenth a year: positive.
        falling = [100.0 * 0.9**i for i in range(10)]
        self.series("pm10", Indicator.Direction.NEGATIVE, falling, [self.clean_air])
        self.assertEqual(self.trend_beside(rnd), Trend.POSITIVE)
        # The same figures rising where lower is better: a deterioration.
        Indicator.objects.get(code="pm10").goals.clear()
        self.series("no2", Indicator.Direction.NEGATIVE, rising, [self.clean_air])
        self.assertEqual(self.trend_beside(rnd), Trend.NEGATIVE)
