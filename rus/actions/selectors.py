"""What the pages show of action programmes: figures per year, response rates, searches."""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from rus.actions.models import (
    ActorRequest,
    Enquiry,
    Measure,
    MeasureStatus,
    Programme,
    Report,
)
from rus.lib.numbers import percent as share
from rus.workflow.models import State

NO_REPORT = "no_report"
# The order shares are shown in, and what "started" means for a target.
STATUS_ORDER = [
    MeasureStatus.NOT_STARTED,
    MeasureStatus.STARTED,
    MeasureStatus.COMPLETED,
    MeasureStatus.DISCONTINUED,
    NO_REPORT,
]
STARTED = {MeasureStatus.STARTED, MeasureStatus.COMPLETED}
PUBLIC_STATES = (State.PUBLISHED,)
REPORTED_STATES = (State.SUBMITTED, State.APPROVED, State.PUBLISHED)


def code_order(code: str) -> tuple[Any, ...]:
    """Measure codes as people number them: 1.2 before 1.10."""
    parts = re.split(r"(\d+)", code)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def status_label(key: str) -> str:
    return _("No report") if key == NO_REPORT else str(MeasureStatus(key).label)


def public_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(
        status__in=[Programme.Status.ADOPTED, Programme.Status.ENDED]
    ).select_related("organisation__area")


def public_measures() -> QuerySet[Measure]:
    return Measure.objects.filter(programme__in=public_programmes())


@dataclass
class Breakdown:
    label: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[tuple[str, int, int | None]]:
        return [(k, self.counts[k], share(self.counts[k], self.total)) for k in STATUS_ORDER]

    @property
    def started_share(self) -> int | None:
        return share(sum(self.counts[k] for k in STARTED), self.total)


@dataclass
class Figures:
    programme: Programme
    year: int | None
    overall: Breakdown
    by_objective: list[Breakdown]
    by_sector: list[Breakdown]
    by_actor_kind: list[Breakdown]
    previous: "Figures | None" = None
    target: tuple[int, int | None, str] | None = None  # (target %, actual %, what)

    def change(self, key: str) -> int | None:
        """Percentage points since the year before."""
        if self.previous is None or self.previous.overall.total == 0:
            return None
        now = share(self.overall.counts[key], self.overall.total)
        before = share(self.previous.overall.counts[key], self.previous.overall.total)
        if now is None or before is None:
            return None
        return now - before

    @property
    def breakdowns(self) -> list[tuple[str, list[Breakdown]]]:
        return [
            (_("By objective"), self.by_objective),
            (_("By sector"), self.by_sector),
            (_("By kind of leading actor"), self.by_actor_kind),
        ]

    @property
    def status_labels(self) -> list[str]:
        return [status_label(k) for k in STATUS_ORDER]

    def rows(self) -> list[tuple[str, str, int, int | None, int | None]]:
        """(key, label, count, share, change) for the overall figures."""
        return [(k, status_label(k), n, s, self.change(k)) for k, n, s in self.overall.cells()]


def measure_statuses(programme: Programme, year: int | None, *, public: bool) -> dict[int, str]:
    """Each measure's status in a year: what its leading actor reported (published reports
    only for the public), else "no report". Without a year: the measures' own status."""
    measures = list(programme.measures.values_list("pk", "status", "lead_id"))
    if year is None:
        return {pk: status for pk, status, _lead in measures}
    states = PUBLIC_STATES if public else REPORTED_STATES
    reported = {
        (r.measure_id, r.organisation_id): r.status
        for r in Report.objects.filter(
            enquiry__programme=programme, enquiry__year=year, state__in=states
        ).exclude(status="")
    }
    return {pk: reported.get((pk, lead), NO_REPORT) for pk, _status, lead in measures}


def figures(
    programme: Programme, year: int | None, *, public: bool, previous: bool = True
) -> Figures:
    statuses = measure_statuses(programme, year, public=public)
    measures = list(programme.measures.select_related("sector", "lead").prefetch_related("goals"))
    overall = Breakdown(_("All measures"), Counter(statuses.values()))
    objectives: dict[int, Breakdown] = {}
    sectors: dict[str, Breakdown] = {}
    kinds: dict[str, Breakdown] = {}
    own: Counter[str] = Counter()
    for m in measures:
        status = statuses[m.pk]
        for g in m.goals.all():
            objectives.setdefault(g.number or 0, Breakdown(f"{g.number}. {g.name_sv}")).counts[
                status
            ] += 1
        sector = str(m.sector) if m.sector else _("No sector")
        sectors.setdefault(sector, Breakdown(sector)).counts[status] += 1
        kind = str(m.lead.get_kind_display())
        kinds.setdefault(kind, Breakdown(kind)).counts[status] += 1
        if not programme.target_own or m.lead_id == programme.organisation_id:
            own[status] += 1
    result = Figures(
        programme,
        year,
        overall,
        [objectives[k] for k in sorted(objectives)],
        sorted(sectors.values(), key=lambda b: b.label),
        sorted(kinds.values(), key=lambda b: b.label),
    )
    if programme.target_percent is not None:
        wanted = (
            STARTED
            if programme.target_kind == Programme.TargetKind.STARTED
            else {MeasureStatus.COMPLETED}
        )
        actual = share(sum(own[k] for k in wanted), sum(own.values()))
        what = (
            _("of the county board's own measures %(kind)s")
            if programme.target_own
            else _("of all measures %(kind)s")
        ) % {"kind": programme.get_target_kind_display()}
        result.target = (programme.target_percent, actual, what)
    if previous and year is not None:
        earlier_years = Enquiry.objects.filter(programme=programme, year__lt=year)
        if public:
            earlier_years = earlier_years.filter(published_at__isnull=False)
        earlier = earlier_years.order_by("-year").first()
        if earlier is not None:
            result.previous = figures(programme, earlier.year, public=public, previous=False)
    return result


def figure_years(programme: Programme, *, public: bool) -> list[int]:
    enquiries = Enquiry.objects.filter(programme=programme)
    if public:
        enquiries = enquiries.filter(published_at__isnull=False)
    return list(enquiries.order_by("-year").values_list("year", flat=True))


@dataclass
class Response:
    request: ActorRequest
    reports: int
    reported: int
    approved: int

    @property
    def submitted(self) -> bool:
        return self.request.submitted_at is not None


def responses(enquiry: Enquiry) -> list[Response]:
    rows = enquiry.requests.select_related("organisation").annotate(
        total=Count("reports"),
        reported=Count("reports", filter=Q(reports__state__in=REPORTED_STATES)),
        approved=Count("reports", filter=Q(reports__state__in=(State.APPROVED, State.PUBLISHED))),
    )
    return [Response(r, r.total, r.reported, r.approved) for r in rows]


def response_rate(enquiry: Enquiry) -> tuple[int, int, int | None]:
    """(actors who have submitted, actors asked, share)."""
    asked = enquiry.requests.count()
    done = enquiry.requests.filter(submitted_at__isnull=False).count()
    return done, asked, share(done, asked)


def latest_reports(measures: list[Measure], *, public: bool) -> dict[int, Report]:
    """Each measure's latest report by its leading actor (published only for the public)."""
    states = PUBLIC_STATES if public else REPORTED_STATES
    latest: dict[int, Report] = {}
    for report in (
        Report.objects.filter(measure__in=measures, state__in=states)
        .select_related("enquiry", "measure")
        .order_by("enquiry__year")
    ):
        if report.organisation_id == report.measure.lead_id:
            latest[report.measure_id] = report
    return latest


def search(params: dict[str, Any], *, staff: bool) -> QuerySet[Measure]:
    """Measures across every county, filtered (for RUS: every programme; for the public:
    adopted ones)."""
    qs = (
        (Measure.objects.all() if staff else public_measures())
        .select_related("programme__organisation__area", "lead", "sector")
        .prefetch_related("goals")
    )
    if params.get("q"):
        q = params["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(code__iexact=q))
    if params.get("mal"):
        qs = qs.filter(goals__number=params["mal"])
    if params.get("sektor"):
        qs = qs.filter(sector__key=params["sektor"])
    if params.get("aktorstyp"):
        qs = qs.filter(lead__kind=params["aktorstyp"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("lan"):
        qs = qs.filter(programme__organisation__area__code=params["lan"])
    if params.get("ar"):
        year = int(params["ar"])
        qs = qs.filter(programme__starts__lte=year, programme__ends__gte=year)
    if params.get("goda"):
        qs = qs.filter(good_example=True)
    return qs.distinct().order_by("programme__organisation__area__code", "programme__title", "code")


def county_summary(area_code: str) -> list[tuple[Programme, Figures]]:
    """The public programmes of a county with their latest published figures."""
    result = []
    for programme in public_programmes().filter(organisation__area__code=area_code):
        years = figure_years(programme, public=True)
        result.append((programme, figures(programme, years[0] if years else None, public=True)))
    return result


def worklist_sections(user: Any, filters: Any) -> list[Any]:
    from rus.accounts import access
    from rus.accounts.worklist import Section, Task, review_section

    sections = []
    own = (
        [
            o
            for o in access.visible_organisations(user).filter(kind="lansstyrelse")
            if access.can_change_organisation(user, o)
        ]
        if not access.is_administrator(user)
        else []
    )
    for org in own:
        tasks = []
        for enquiry in Enquiry.objects.filter(
            programme__organisation=org, state=Enquiry.State.OPEN
        ).select_related("programme"):
            done, asked, _rate = response_rate(enquiry)
            tasks.append(
                Task(
                    title=_("Reporting %(year)s: %(programme)s")
                    % {"year": enquiry.year, "programme": enquiry.programme.title},
                    url=enquiry.get_absolute_url(),
                    state=_("%(done)d of %(asked)d actors have answered")
                    % {"done": done, "asked": asked},
                    deadline=enquiry.deadline,
                    order=(enquiry.deadline,),
                )
            )
        sections.append(
            Section(
                title=_("Action programme of %(org)s") % {"org": org.name},
                kind="work",
                weight=5,
                tasks=tasks,
                intro=_("The county's measures, the actors' yearly reports and the figures."),
                links=[(_("Action programmes"), reverse("actions:programmes"))],
            )
        )
        waiting = Report.objects.filter(
            enquiry__programme__organisation=org, state=State.SUBMITTED
        ).select_related("measure", "organisation", "enquiry", "request__enquiry")
        if waiting.exists():
            sections.append(review_section(waiting, lambda r: r.workflow_title()))
    if access.has_national_view(user):
        sections.append(
            Section(
                title=_("Measures in every county"),
                kind="admin",
                weight=8,
                links=[(_("Search the measures"), reverse("actions:search"))],
                counts=[
                    (_("programmes"), Programme.objects.count(), reverse("actions:programmes")),
                    (
                        _("good examples"),
                        Measure.objects.filter(good_example=True).count(),
                        reverse("actions:search") + "?goda=1",
                    ),
                ],
            )
        )
    return sections


def calendar_entries(start: Any, end: Any) -> list[Any]:
    """Closing days of the action programmes' yearly reporting (not public: the county board
    and its actors know them)."""
    from rus.calendar.registry import Entry

    return [
        Entry(
            uid=f"actions-enquiry-{e.pk}",
            title=_("%(board)s: reporting on the action programme closes")
            % {"board": e.programme.organisation.name},
            day=e.deadline,
            category="deadline",
            url=e.get_absolute_url(),
            public=False,
            organisations=(e.programme.organisation_id,),
        )
        for e in Enquiry.objects.filter(deadline__range=(start, end)).select_related(
            "programme__organisation"
        )
    ]
