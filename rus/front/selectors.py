"""Reading what the public site shows. Only published judgements and public values."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from rus.areas.models import Area
from rus.followup.models import (
    REACHED_SHORT,
    REACHED_SYMBOLS,
    TREND_SYMBOLS,
    Assessment,
    FollowUpRound,
    Reached,
    Trend,
)
from rus.goals.models import Goal
from rus.indicators.models import Indicator, Observation


def objectives() -> list[Goal]:
    return list(
        Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by("number")
    )


def published_rounds() -> list[FollowUpRound]:
    return list(FollowUpRound.objects.filter(state=FollowUpRound.State.PUBLISHED).order_by("-year"))


def published_assessments() -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        state=Assessment.State.PUBLISHED, round__state=FollowUpRound.State.PUBLISHED
    )


@dataclass
class Glance:
    goal: Goal
    reached: list[tuple[str, str, int]]
    trend: list[tuple[str, str, int]]
    judged: int


def at_a_glance(rnd: FollowUpRound | None) -> list[Glance]:
    """Per objective, how many counties judged it reached, close or not, and the trends."""
    goals = objectives()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    trends: dict[int, Counter[str]] = defaultdict(Counter)
    if rnd is not None:
        for goal_id, reached, trend in (
            published_assessments().filter(round=rnd).values_list("goal_id", "reached", "trend")
        ):
            if reached:
                counts[goal_id][reached] += 1
            if trend:
                trends[goal_id][trend] += 1
    return [
        Glance(
            g,
            [
                (REACHED_SYMBOLS[Reached(r)], str(REACHED_SHORT[Reached(r)]), counts[g.pk][r])
                for r in Reached.values
            ],
            [(TREND_SYMBOLS[Trend(t)], str(Trend(t).label), trends[g.pk][t]) for t in Trend.values],
            sum(counts[g.pk].values()),
        )
        for g in goals
    ]


def judgement_history(
    *, goal: Goal | None = None, area: Area | None = None
) -> tuple[list[int], dict[tuple[int, int], Assessment]]:
    """Published judgements keyed by (row id, year): rows are counties for an objective page,
    objectives for a county page."""
    qs = (
        published_assessments()
        .select_related("round", "area", "goal")
        .defer("justification", "actions", "generational_goal")
    )
    if goal is not None:
        qs = qs.filter(goal=goal)
    if area is not None:
        qs = qs.filter(area=area)
    cells: dict[tuple[int, int], Assessment] = {}
    for a in qs:
        row = a.area_id if goal is not None else a.goal_id
        cells[(row, a.round.year)] = a
    years = sorted({year for _row, year in cells}, reverse=True)
    return years, cells


def latest_values(area: Area) -> list[tuple[Indicator, str, float | None]]:
    """The latest public headline value of every indicator that has one for the area."""
    result = []
    for indicator in Indicator.objects.order_by("name_sv"):
        latest = (
            Observation.objects.filter(
                indicator=indicator,
                area=area,
                is_current=True,
                is_public=True,
                dimensions="",
                gender="T",
            )
            .order_by("-period")
            .values_list("period", "value")
            .first()
        )
        if latest:
            result.append((indicator, latest[0], latest[1]))
    return result


@dataclass
class SearchResults:
    objectives: list[Goal]
    indicators: list[Indicator]
    areas: list[Area]
    assessments: list[Assessment]

    @property
    def count(self) -> int:
        return len(self.objectives) + len(self.indicators) + len(self.areas) + len(self.assessments)


def search(query: str, limit: int = 50) -> SearchResults:
    q = query.strip()
    if len(q) < 2:
        return SearchResults([], [], [], [])
    goals = (
        Goal.objects.filter(framework__code="miljomal")
        .filter(Q(name_sv__icontains=q) | Q(name_en__icontains=q) | Q(text_sv__icontains=q))
        .filter(
            kind__in=[Goal.Kind.OBJECTIVE, Goal.Kind.GENERATIONAL_GOAL, Goal.Kind.SPECIFICATION]
        )
    )
    indicators = Indicator.objects.filter(
        Q(name_sv__icontains=q)
        | Q(name_en__icontains=q)
        | Q(description_sv__icontains=q)
        | Q(code__icontains=q)
    )
    areas = Area.objects.filter(Q(name__icontains=q) | Q(code=q)).exclude(level=Area.Level.COUNTRY)
    texts = (
        published_assessments()
        .filter(Q(summary__icontains=q) | Q(justification__icontains=q) | Q(actions__icontains=q))
        .select_related("round", "area", "goal")
        .order_by("-round__year")
    )
    return SearchResults(
        list(goals[:limit]),
        list(indicators[:limit]),
        list(areas.order_by("code")[:limit]),
        list(texts[:limit]),
    )


def national_counts(assessments: list[Assessment]) -> list[tuple[str, str, int]]:
    """How many counties judged an objective reached, close or not in one year."""
    counts = Counter(a.reached for a in assessments if a.reached)
    return [
        (REACHED_SYMBOLS[Reached(r)], str(REACHED_SHORT[Reached(r)]), counts[r])
        for r in Reached.values
    ]
