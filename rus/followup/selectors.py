"""Reading the follow-up: the national compilation, county pages, dashboards."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from rus.areas.models import Area
from rus.followup.models import (
    REACHED_SYMBOLS,
    TREND_SYMBOLS,
    Assessment,
    FollowUpRound,
    Reached,
    Trend,
)
from rus.goals.models import Goal
from rus.indicators import progress
from rus.indicators import selectors as indicator_selectors
from rus.indicators.models import Indicator

# A data-driven progress status read as a trend in the environment.
PROGRESS_AS_TREND = {
    progress.Status.TARGET_ACHIEVED: Trend.POSITIVE,
    progress.Status.SUBSTANTIAL: Trend.POSITIVE,
    progress.Status.MODERATE: Trend.POSITIVE,
    progress.Status.LIMITED: Trend.NEUTRAL,
    progress.Status.DETERIORATION: Trend.NEGATIVE,
}


@dataclass
class Cell:
    assessment: Assessment | None
    indicator: Indicator | None = None
    indicator_trend: str | None = None

    @property
    def disagrees(self) -> bool:
        a = self.assessment
        return bool(
            a
            and a.trend
            and self.indicator_trend
            and a.trend != Trend.UNCLEAR
            and a.trend != self.indicator_trend
        )

    @property
    def indicator_trend_label(self) -> str:
        return str(Trend(self.indicator_trend).label) if self.indicator_trend else ""

    @property
    def indicator_trend_symbol(self) -> str:
        return TREND_SYMBOLS.get(Trend(self.indicator_trend), "") if self.indicator_trend else ""


@dataclass
class Change:
    area: Area
    goal: Goal
    before: str
    after: str
    kind: str  # "reached" or "trend"

    @property
    def before_label(self) -> str:
        return _label(self.kind, self.before)

    @property
    def after_label(self) -> str:
        return _label(self.kind, self.after)


def _label(kind: str, value: str) -> str:
    if kind == "reached":
        return f"{REACHED_SYMBOLS[Reached(value)]} {Reached(value).label}"
    return f"{TREND_SYMBOLS[Trend(value)]} {Trend(value).label}"


@dataclass
class Compilation:
    round: FollowUpRound
    previous: FollowUpRound | None
    counties: list[Area]
    objectives: list[Goal]
    cells: dict[tuple[int, int], Cell]
    reached_counts: dict[int, Counter[str]] = field(default_factory=dict)
    trend_counts: dict[int, Counter[str]] = field(default_factory=dict)
    reached_changes: list[Change] = field(default_factory=list)
    trend_changes: list[Change] = field(default_factory=list)
    reached_comparable: int = 0
    trend_comparable: int = 0

    def rows(self) -> list[tuple[Area, list[Cell]]]:
        return [
            (c, [self.cells.get((c.pk, g.pk), Cell(None)) for g in self.objectives])
            for c in self.counties
        ]

    def count_rows(self) -> list[dict[str, object]]:
        return [
            {
                "goal": g,
                "reached": [self.reached_counts[g.pk][r] for r in Reached.values],
                "trend": [self.trend_counts[g.pk][t] for t in Trend.values],
                "judged": sum(self.reached_counts[g.pk].values()),
            }
            for g in self.objectives
        ]

    @property
    def totals(self) -> dict[str, list[int]]:
        return {
            "reached": [
                sum(self.reached_counts[g.pk][r] for g in self.objectives) for r in Reached.values
            ],
            "trend": [
                sum(self.trend_counts[g.pk][t] for g in self.objectives) for t in Trend.values
            ],
        }


LONG_TEXTS = ("summary", "justification", "actions", "generational_goal", "source")


def visible_assessments(
    rnd: FollowUpRound, *, include_unpublished: bool, texts: bool = True
) -> list[Assessment]:
    qs = rnd.assessments.select_related("area", "goal", "organisation").prefetch_related(
        "indicators"
    )
    if not texts:
        # The compilation shows judgements, not the long texts: leave them in the database.
        qs = qs.defer(*LONG_TEXTS)
    if not include_unpublished:
        qs = qs.filter(state=Assessment.State.PUBLISHED)
    return list(qs)


def _indicator_trends(
    counties: list[Area], objectives: list[Goal], assessments: list[Assessment]
) -> dict[tuple[int, int], tuple[Indicator, str | None]]:
    """The first cited (or else linked) indicator's progress for each county × objective."""
    linked: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(goals__in=objectives).prefetch_related("goals"):
        for goal in indicator.goals.all():
            linked[goal.pk].append(indicator)
    chosen: dict[tuple[int, int], Indicator] = {}
    for a in assessments:
        cited = list(a.indicators.all())
        if cited:
            chosen[(a.area_id, a.goal_id)] = cited[0]
    for county in counties:
        for goal in objectives:
            if (county.pk, goal.pk) not in chosen and linked.get(goal.pk):
                chosen[(county.pk, goal.pk)] = linked[goal.pk][0]
    by_indicator: dict[int, Indicator] = {i.pk: i for i in chosen.values()}
    series = {
        (indicator_id, s.area.pk): s
        for indicator_id, indicator in by_indicator.items()
        for s in indicator_selectors.series_for(indicator, counties)
    }
    result = {}
    for key, indicator in chosen.items():
        s = series.get((indicator.pk, key[0]))
        status = (
            indicator_selectors.series_progress(indicator, s).status
            if s
            else progress.Status.NOT_AVAILABLE
        )
        trend = PROGRESS_AS_TREND.get(status)
        result[key] = (indicator, trend.value if trend else None)
    return result


def compilation(
    rnd: FollowUpRound, *, include_unpublished: bool = False, compare: FollowUpRound | None = None
) -> Compilation:
    counties = list(Area.objects.filter(level=Area.Level.COUNTY).order_by("code"))
    objectives = list(
        Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by("number")
    )
    assessments = visible_assessments(rnd, include_unpublished=include_unpublished, texts=False)
    trends = _indicator_trends(counties, objectives, assessments)
    cells: dict[tuple[int, int], Cell] = {}
    for a in assessments:
        indicator, trend = trends.get((a.area_id, a.goal_id), (None, None))
        cells[(a.area_id, a.goal_id)] = Cell(a, indicator, trend)
    for key, (indicator, trend) in trends.items():
        cells.setdefault(key, Cell(None, indicator, trend))
    previous = compare or FollowUpRound.objects.filter(year__lt=rnd.year).order_by("-year").first()
    result = Compilation(rnd, previous, counties, objectives, cells)
    for g in objectives:
        result.reached_counts[g.pk] = Counter()
        result.trend_counts[g.pk] = Counter()
    for a in assessments:
        if a.reached:
            result.reached_counts[a.goal_id][a.reached] += 1
        if a.trend:
            result.trend_counts[a.goal_id][a.trend] += 1
    if previous:
        earlier = {
            (area, goal): {"reached": reached, "trend": trend}
            for area, goal, reached, trend in previous.assessments.filter(
                state=Assessment.State.PUBLISHED
            ).values_list("area_id", "goal_id", "reached", "trend")
        }
        for a in assessments:
            before = earlier.get((a.area_id, a.goal_id))
            if before is None:
                continue
            for kind in ("reached", "trend"):
                old, new = before[kind], getattr(a, kind)
                if old and new:
                    setattr(result, f"{kind}_comparable", getattr(result, f"{kind}_comparable") + 1)
                    if old != new:
                        getattr(result, f"{kind}_changes").append(
                            Change(a.area, a.goal, old, new, kind)
                        )
    return result


@dataclass
class CountyProgress:
    area: Area
    counts: Counter[str]
    total: int
    not_started: list[Assessment]


def dashboard(rnd: FollowUpRound, today: date) -> tuple[list[CountyProgress], int]:
    by_county: dict[int, CountyProgress] = {}
    for a in rnd.assessments.select_related("area", "goal", "organisation").order_by(
        "area__code", "goal__number"
    ):
        entry = by_county.setdefault(a.area_id, CountyProgress(a.area, Counter(), 0, []))
        entry.counts[a.state] += 1
        entry.total += 1
        if not a.started:
            entry.not_started.append(a)
    return list(by_county.values()), (rnd.deadline - today).days
