"""The national compilation asks the database the same number of questions whatever the
number of counties, objectives and indicators."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rus.areas.models import Area
from rus.followup import selectors
from rus.followup.tests.helpers import FollowUpTestCase, mark_published
from rus.goals.models import Goal
from rus.indicators.models import Indicator, IndicatorTarget
from rus.organisations.models import Applicability, Organisation


class CompilationQueryTests(FollowUpTestCase):
    def grow(self, start: int, counties: int, objectives: int) -> None:
        """Add counties with their county boards, objectives they assess, and an indicator
        with a target for every objective."""
        sweden = Area.objects.get(code="00")
        framework = self.clean_air.framework
        goals = [
            Goal.objects.create(
                framework=framework,
                code=str(n),
                kind="objective",
                number=n,
                sort_order=n,
                name_sv=f"Mål {n}",
            )
            for n in range(20 + start, 20 + start + objectives)
        ]
        for n in range(start, start + counties):
            area = Area.objects.create(
                code=f"{40 + n}", level="county", name=f"Län {n}", parent=sweden
            )
            board = Organisation.objects.create(
                key=f"lst-{40 + n}", kind="lansstyrelse", name=f"Länsstyrelsen {n}", area=area
            )
            for goal in [self.clean_air, self.groundwater, *goals]:
                Applicability.objects.create(organisation=board, area=area, goal=goal)
        for goal in Goal.objects.filter(kind="objective"):
            indicator = Indicator.objects.create(
                code=f"ind-{start}-{goal.number}", name_sv=f"Indikator {goal.number}", unit="st"
            )
            indicator.goals.add(goal)
            IndicatorTarget.objects.create(indicator=indicator, value=1, year=2030)

    def queries(self, year: int) -> int:
        rnd = self.open_round(year)
        mark_published(rnd)
        with CaptureQueriesContext(connection) as captured:
            result = selectors.compilation(rnd)
            [cell for _county, cells in result.rows() for cell in cells]
        return len(captured)

    def test_the_same_number_of_queries_at_two_sizes(self):
        self.grow(0, counties=1, objectives=1)
        mark_published(self.open_round(2024))  # each measured year has a year before it
        small = self.queries(2025)
        self.grow(10, counties=5, objectives=4)
        self.assertEqual(self.queries(2026), small)

    def test_the_page_too(self):
        self.client.force_login(self.rita)
        self.grow(0, counties=1, objectives=1)
        self.open_round(2025)
        with CaptureQueriesContext(connection) as small:
            self.client.get("/uppfoljning/2025/")
        self.grow(10, counties=4, objectives=3)
        with CaptureQueriesContext(connection) as large:
            self.client.get("/uppfoljning/2025/")
        self.assertEqual(len(large), len(small))
