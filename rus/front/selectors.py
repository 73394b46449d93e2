"""Reading what the public site shows. Only published judgements and public values."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q

from rus.areas.models import Area
from rus.followup import selectors as followup_selectors
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
    """Rounds the public may read, newest first (see ``followup.selectors.is_public``)."""
    return list(FollowUpRound.objects.filter(published_at__isnull=False).order_by("-year"))


@dataclass
class Glance:
    goal: Goal
    reached: list[tuple[str, str, int]]
    trend: list[tuple[str, str, int]]
    judged: int
    # Counties that assess the objective but whose judgement is not published.
    not_reported: int
    # Counties where nobody assesses it (mountains, coast; or not regionally at all).
    not_assessed: int


def at_a_glance(rnd: FollowUpRound | None) -> list[Glance]:
    """Per objective, how many counties judged it reached, close or not, and the trends;
    how many judgements are missing and how many counties do not assess it."""
    goals = objectives()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    trends: dict[int, Counter[str]] = defaultdict(Counter)
    published: dict[int, int] = defaultdict(int)
    if rnd is not None:
        for a in followup_selectors.public_assessments(rnd=rnd, texts=False):
            published[a.goal_id] += 1
            if a.reached:
                counts[a.goal_id][a.reached] += 1
            if a.trend:
                trends[a.goal_id][a.trend] += 1
    assessed: Counter[int] = Counter(goal for _area, goal in followup_selectors.assessed_pairs())
    county_count = Area.objects.filter(level=Area.Level.COUNTY).count()
    return [
        Glance(
            g,
            [
                (REACHED_SYMBOLS[Reached(r)], str(REACHED_SHORT[Reached(r)]), counts[g.pk][r])
                for r in Reached.values
            ],
            [(TREND_SYMBOLS[Trend(t)], str(Trend(t).label), trends[g.pk][t]) for t in Trend.values],
            sum(counts[g.pk].values()),
            max(0, assessed[g.pk] - published[g.pk]),
            county_count - assessed[g.pk],
        )
        for g in goals
    ]


def judgement_history(
    *, goal: Goal | None = None, area: Area | None = None
) -> tuple[list[int], dict[tuple[int, int], Assessment]]:
    """Published judgements keyed by (row id, year): rows are counties for an objective page,
    objectives for a county page."""
    cells: dict[tuple[int, int], Assessment] = {}
    for a in followup_selectors.public_assessments(goal=goal, area=area, texts=False):
        row = a.area_id if goal is not None else a.goal_id
        cells[(row, a.round.year)] = a
    years = sorted({year for _row, year in cells}, reverse=True)
    return years, cells


def latest_values(area: Area) -> list[tuple[Indicator, str, float | None, str]]:
    """The latest public headline value, its period and status flag, of every indicator
    that has one for the area, in one query."""
    rows = (
        Observation.objects.filter(
            area=area, is_current=True, is_public=True, dimensions="", gender="T"
        )
        .order_by("indicator_id", "-period")
        .values_list("indicator_id", "period", "value", "flag")
    )
    latest: dict[int, tuple[str, float | None, str]] = {}
    for indicator_id, period, value, flag in rows:
        latest.setdefault(indicator_id, (period, value, flag))
    indicators = Indicator.objects.filter(pk__in=list(latest)).order_by("name_sv")
    return [(i, *latest[i.pk]) for i in indicators]


@dataclass
class Compared:
    indicator: Indicator
    period: str
    value: float | None
    flag: str
    county: float | None
    sweden: float | None

    @property
    def decimals(self) -> int:
        """As many decimals as the values carry (at most four), the same for the whole row:
        34 and 104 stay whole, 0.25 beside 0.65 shows two."""
        places = 0
        for v in (self.value, self.county, self.sweden):
            if v is not None and not float(v).is_integer():
                text = repr(round(float(v), 4))
                places = max(places, len(text.partition(".")[2].rstrip("0")))
        return min(places, 4)


def compared_values(area: Area) -> list[Compared]:
    """The area's latest value of each indicator beside its county's (for a municipality)
    and Sweden's for the same period, in two queries."""
    latest = latest_values(area)
    county = area.parent if area.level == Area.Level.MUNICIPALITY else None
    others = [a for a in (county, Area.objects.filter(code="00").first()) if a is not None]
    found: dict[tuple[int, int, str], float | None] = {}
    if latest and others:
        for indicator_id, area_id, period, value in Observation.objects.filter(
            area__in=others,
            indicator__in=[i for i, *_rest in latest],
            period__in={p for _i, p, *_rest in latest},
            is_current=True,
            is_public=True,
            dimensions="",
            gender="T",
        ).values_list("indicator_id", "area_id", "period", "value"):
            found[(indicator_id, area_id, period)] = value
    sweden = others[-1].pk if others else None
    return [
        Compared(
            i,
            period,
            value,
            flag,
            found.get((i.pk, county.pk, period)) if county else None,
            found.get((i.pk, sweden, period)) if sweden and sweden != area.pk else None,
        )
        for i, period, value, flag in latest
    ]


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
    fields = ("summary", "justification", "actions", "generational_goal")
    matches = Assessment.objects.filter(
        published_version__isnull=False, round__published_at__isnull=False
    ).filter(
        Q(summary__icontains=q)
        | Q(justification__icontains=q)
        | Q(actions__icontains=q)
        | Q(generational_goal__icontains=q)
    )
    # Judgements under correction are read as published, then checked again.
    texts = [
        a
        for a in followup_selectors.public_assessments(ids=matches.values_list("pk", flat=True))
        if any(q.lower() in (getattr(a, f) or "").lower() for f in fields)
    ]
    texts.sort(key=lambda a: -a.round.year)
    return SearchResults(
        list(goals[:limit]),
        list(indicators[:limit]),
        list(areas.order_by("code")[:limit]),
        texts[:limit],
    )


def national_counts(assessments: list[Assessment]) -> list[tuple[str, str, int]]:
    """How many counties judged an objective reached, close or not in one year."""
    counts = Counter(a.reached for a in assessments if a.reached)
    return [
        (REACHED_SYMBOLS[Reached(r)], str(REACHED_SHORT[Reached(r)]), counts[r])
        for r in Reached.values
    ]
