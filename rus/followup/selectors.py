"""Reading the follow-up: the national compilation, county pages, dashboards."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rus.accounts import access
from rus.accounts.worklist import Filters, Section, Task, review_section
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
from rus.organisations.models import Applicability
from rus.workflow import services as workflow
from rus.workflow.models import Comment

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
    # Whether anyone assesses this objective in this county: an empty cell then means "not
    # reported", otherwise "not assessed here".
    assessed: bool = True

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
    coverage: "Coverage | None" = None

    def rows(self) -> list[tuple[Area, list[Cell]]]:
        return [(c, [self.cells[(c.pk, g.pk)] for g in self.objectives]) for c in self.counties]

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


def is_public(rnd: FollowUpRound) -> bool:
    """Whether the public may read the round: once published, also while reopened for
    corrections (its published judgements stay public meanwhile)."""
    return rnd.published_at is not None


def public_assessments(
    *,
    rnd: FollowUpRound | None = None,
    area: Area | None = None,
    goal: Goal | None = None,
    texts: bool = True,
    ids: Iterable[int] | None = None,
) -> list[Assessment]:
    """The published judgements, as the public sees them: the one definition of
    "published" for pages, downloads, feeds and the API. A judgement being corrected is
    shown as it was last published until its correction is published."""
    qs = (
        Assessment.objects.filter(
            published_version__isnull=False, round__published_at__isnull=False
        )
        .select_related("round", "area", "goal", "organisation")
        .prefetch_related("indicators")
        .order_by("round__year", "area__code", "goal__sort_order")
    )
    if rnd is not None:
        qs = qs.filter(round=rnd)
    if area is not None:
        qs = qs.filter(area=area)
    if goal is not None:
        qs = qs.filter(goal=goal)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if not texts:
        # The compilation shows judgements, not the long texts: leave them in the database.
        qs = qs.defer(*LONG_TEXTS)
    items = list(qs)
    earlier = workflow.published_content(items)
    for a in items:
        if a.pk in earlier:
            data = earlier[a.pk]
            for name in Assessment.CONTENT_FIELDS:
                if texts or name not in LONG_TEXTS:
                    setattr(a, name, data.get(name, ""))
    return items


def visible_assessments(
    rnd: FollowUpRound, *, include_unpublished: bool, texts: bool = True
) -> list[Assessment]:
    """What a page about a round shows: every assessment for RUS's preview of a round not
    yet public, else the public judgements."""
    if not include_unpublished:
        return public_assessments(rnd=rnd, texts=texts)
    qs = rnd.assessments.select_related("round", "area", "goal", "organisation").prefetch_related(
        "indicators"
    )
    if not texts:
        qs = qs.defer(*LONG_TEXTS)
    return list(qs)


def assessed_pairs() -> set[tuple[int, int]]:
    """(county, objective) pairs someone assesses in the regional follow-up (editable data)."""
    return set(
        Applicability.objects.filter(
            active=True, area__level=Area.Level.COUNTY, goal__kind=Goal.Kind.OBJECTIVE
        ).values_list("area_id", "goal_id")
    )


def expected_count(rnd: FollowUpRound) -> int:
    """How many judgements the round should have: one per assessment opened, or, for a year
    read from published pages, one per county and objective assessed."""
    if rnd.imported:
        return len(assessed_pairs())
    return rnd.assessments.count()


@dataclass
class Coverage:
    published: int
    expected: int


def coverage(rnd: FollowUpRound) -> Coverage:
    published = Assessment.objects.filter(round=rnd, published_version__isnull=False).count()
    return Coverage(published, expected_count(rnd))


def _indicator_trends(
    counties: list[Area], objectives: list[Goal], assessments: list[Assessment]
) -> dict[tuple[int, int], tuple[Indicator, str | None]]:
    """For each county × objective, the data trend of an indicator of that objective: the
    first cited one linked to the objective, else the first linked one. Indicators without a
    desired direction (population, say) say nothing about the environment and are skipped."""
    linked: dict[int, list[Indicator]] = defaultdict(list)
    directed = Indicator.objects.exclude(direction=Indicator.Direction.NONE)
    for indicator in (
        directed.filter(goals__in=objectives).prefetch_related("goals", "targets").distinct()
    ):
        for goal in indicator.goals.all():
            linked[goal.pk].append(indicator)
    chosen: dict[tuple[int, int], Indicator] = {}
    for a in assessments:
        of_goal = {i.pk for i in linked.get(a.goal_id, [])}
        cited = [i for i in a.indicators.all() if i.pk in of_goal]
        if cited:
            chosen[(a.area_id, a.goal_id)] = next(
                i for i in linked[a.goal_id] if i.pk == cited[0].pk
            )
    for county in counties:
        for goal in objectives:
            if (county.pk, goal.pk) not in chosen and linked.get(goal.pk):
                chosen[(county.pk, goal.pk)] = linked[goal.pk][0]
    by_indicator: dict[int, Indicator] = {i.pk: i for i in chosen.values()}
    series = indicator_selectors.series_for_many(list(by_indicator.values()), counties)
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
    assessed = assessed_pairs()
    cells: dict[tuple[int, int], Cell] = {}
    for a in assessments:
        indicator, trend = trends.get((a.area_id, a.goal_id), (None, None))
        cells[(a.area_id, a.goal_id)] = Cell(a, indicator, trend, assessed=True)
    for key, (indicator, trend) in trends.items():
        cells.setdefault(key, Cell(None, indicator, trend, assessed=key in assessed))
    for county in counties:
        for goal in objectives:
            cells.setdefault(
                (county.pk, goal.pk), Cell(None, assessed=(county.pk, goal.pk) in assessed)
            )
    previous = compare or (
        FollowUpRound.objects.filter(year__lt=rnd.year, published_at__isnull=False)
        .order_by("-year")
        .first()
    )
    result = Compilation(rnd, previous, counties, objectives, cells)
    result.coverage = coverage(rnd)
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
            (a.area_id, a.goal_id): {"reached": a.reached, "trend": a.trend}
            for a in public_assessments(rnd=previous, texts=False)
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


# --- "My tasks" ----------------------------------------------------------------------------

STATE_ORDER = {
    Assessment.State.RETURNED: 0,
    Assessment.State.DRAFT: 1,
    Assessment.State.SUBMITTED: 2,
    Assessment.State.APPROVED: 3,
    Assessment.State.PUBLISHED: 4,
}


def _return_notes(assessments: list[Assessment]) -> dict[int, str]:
    """The latest return or reopening comment of each returned assessment, in one query."""
    returned = [a.pk for a in assessments if a.state in ("returned", "draft")]
    if not returned:
        return {}
    content_type = ContentType.objects.get_for_model(Assessment)
    notes: dict[int, str] = {}
    for object_id, text in (
        Comment.objects.filter(
            content_type=content_type,
            object_id__in=returned,
            kind__in=[Comment.Kind.RETURNED, Comment.Kind.REOPENED],
        )
        .order_by("created_at", "pk")
        .values_list("object_id", "text")
    ):
        notes[object_id] = text
    return notes


def _own_sections(user: Any, rnd: FollowUpRound) -> list[Section]:
    organisations = [
        o for o in access.visible_organisations(user) if not access.has_national_view(user)
    ]
    sections = []
    for organisation in organisations:
        items = list(
            rnd.assessments.filter(organisation=organisation)
            .select_related("area", "goal", "round")
            .order_by("area__code", "goal__number")
        )
        if not items:
            continue
        writes = access.can_change_organisation(user, organisation)
        notes = _return_notes(items)
        counts = Counter(a.state for a in items)
        tasks = [
            Task(
                title=f"{a.goal} – {a.area.name}",
                url=a.get_absolute_url(),
                state=str(a.get_state_display()),
                state_key=a.state,
                deadline=rnd.deadline if a.state in ("draft", "returned") else None,
                note=notes.get(a.pk, "") if a.state == "returned" else "",
                order=(STATE_ORDER[Assessment.State(a.state)], a.goal.number or 0),
            )
            for a in items
        ]
        to_do = counts["draft"] + counts["returned"]
        intro = (
            _("%(n)d of %(m)d assessments are still yours to finish and submit by %(deadline)s.")
            % {"n": to_do, "m": len(items), "deadline": date_format(rnd.deadline, "j F Y")}
            if writes and to_do
            else _("All %(m)d assessments are submitted.") % {"m": len(items)}
            if writes
            else _("You can read your organisation's assessments; coordinators write them.")
        )
        sections.append(
            Section(
                title=_("Regional follow-up %(year)d: %(organisation)s")
                % {"year": rnd.year, "organisation": organisation.name},
                tasks=tasks,
                intro=intro,
                counts=[
                    (str(s.label), counts[s.value], "") for s in Assessment.State if counts[s.value]
                ],
            )
        )
    return sections


def _review_section(user: Any, filters: Filters) -> list[Section]:
    if not access.can_review(user) or filters.kind not in ("", "bedomning"):
        return []
    qs = Assessment.objects.filter(
        state=Assessment.State.SUBMITTED, round__state=FollowUpRound.State.OPEN
    ).select_related("round", "area", "goal", "organisation")
    if filters.county:
        qs = qs.filter(area__code=filters.county)
    return [
        review_section(
            qs.order_by("updated_at"),
            lambda a: (
                _("Assessment: %(goal)s – %(area)s %(year)d")
                % {"goal": a.goal, "area": a.area.name, "year": a.round.year}
            ),
        )
    ]


def _admin_sections(user: Any, rnd: FollowUpRound) -> list[Section]:
    if not access.is_administrator(user):
        return []
    states = Counter(dict(rnd.assessments.values_list("state").annotate(n=Count("pk"))))
    total = sum(states.values())
    list_url = reverse("followup:assessments", args=[rnd.year])
    blockers = []
    if states["submitted"]:
        blockers.append(_("%(n)d submitted, waiting for review") % {"n": states["submitted"]})
    if states["draft"] + states["returned"]:
        blockers.append(
            _("%(n)d not yet submitted by the counties")
            % {"n": states["draft"] + states["returned"]}
        )
    days = (rnd.deadline - timezone.localdate()).days
    if days >= 0:
        blockers.append(
            _("the counties' deadline is %(deadline)s (%(n)d days left)")
            % {"deadline": date_format(rnd.deadline, "j F Y"), "n": days}
        )
    intro = (
        _("Before publishing: %(list)s.") % {"list": "; ".join(str(b) for b in blockers)}
        if blockers
        else _("Every assessment is approved and the deadline has passed: ready to publish.")
    )
    if rnd.reopened:
        intro = _("Reopened for corrections: %(reason)s") % {"reason": rnd.reopen_reason}
    return [
        Section(
            title=_("Regional follow-up %(year)d: the round") % {"year": rnd.year},
            kind="admin",
            intro=str(intro),
            counts=[(str(_("In all")), total, list_url)]
            + [
                (str(s.label), states[s.value], f"{list_url}?status={s.value}")
                for s in Assessment.State
            ],
            links=[
                (str(_("Round overview")), reverse("followup:dashboard", args=[rnd.year])),
                (
                    str(_("Review and publish the follow-up %(year)d…") % {"year": rnd.year}),
                    reverse("followup:publish", args=[rnd.year]),
                ),
            ],
        )
    ]


def worklist_sections(user: Any, filters: Filters) -> list[Section]:
    sections: list[Section] = []
    open_rounds = list(
        FollowUpRound.objects.filter(state=FollowUpRound.State.OPEN).order_by("-year")
    )
    for rnd in open_rounds:
        sections += _own_sections(user, rnd)
        sections += _admin_sections(user, rnd)
    if not open_rounds and access.is_administrator(user):
        sections.append(
            Section(
                title=_("Regional follow-up"),
                kind="admin",
                intro=_("No follow-up round is open."),
                links=[(_("Open the follow-up of a year…"), reverse("followup:index"))],
            )
        )
    sections += _review_section(user, filters)
    return sections


def calendar_entries(start: Any, end: Any) -> list[Any]:
    """The calendar's dates of the follow-up, from the rounds themselves."""
    from django.urls import reverse as url_for

    from rus.calendar.registry import Entry

    entries = []
    for rnd in FollowUpRound.objects.filter(
        deadline__range=(start, end)
    ) | FollowUpRound.objects.filter(report_date__range=(start, end)):
        entries.append(
            Entry(
                uid=f"followup-{rnd.year}-deadline",
                title=_("Regional follow-up %(year)s: last day for the counties")
                % {"year": rnd.year},
                day=rnd.deadline,
                category="deadline",
                url=url_for("followup:index"),
                kind="followup.deadline",
            )
        )
        if rnd.report_date:
            entries.append(
                Entry(
                    uid=f"followup-{rnd.year}-report",
                    title=_("Regional follow-up %(year)s is published") % {"year": rnd.year},
                    day=rnd.report_date,
                    category="deadline",
                    url=url_for("followup:index"),
                    kind="followup.report",
                )
            )
    return entries
