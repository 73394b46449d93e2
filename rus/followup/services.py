"""Changes in the regional annual follow-up. Pages, commands and imports all come through here."""

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rus.accounts.models import User
from rus.areas.models import Area
from rus.followup.models import (
    Assessment,
    AssessmentTemplate,
    FollowUpRound,
    Reached,
    Trend,
    default_deadline,
    default_report_date,
)
from rus.goals.models import Goal
from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse
from rus.lib.tabular import ProblemCollector, read_csv
from rus.organisations.models import Applicability, Organisation
from rus.workflow import services as workflow

HISTORY_FILE = "assessments/regional_assessments.csv"


@transaction.atomic
def round_open(
    *,
    year: int,
    user: User,
    deadline: date | None = None,
    report_date: date | None = None,
    carry_forward_reached: bool = False,
) -> FollowUpRound:
    """Open the year's round: one assessment per organisation × area × applicable objective,
    pre-filled from the previous year or, failing that, from RUS's template."""
    if FollowUpRound.objects.filter(year=year).exists():
        raise ValidationError(
            _("There is already a follow-up round for %(year)d.") % {"year": year}, code="duplicate"
        )
    rnd = FollowUpRound.objects.create(
        year=year,
        deadline=deadline or default_deadline(year),
        report_date=report_date or default_report_date(year),
        carry_forward_reached=carry_forward_reached,
    )
    previous_round = FollowUpRound.objects.filter(year__lt=year).order_by("-year").first()
    previous: dict[tuple[int, int, int], Assessment] = {}
    if previous_round:
        previous = {
            (a.organisation_id, a.area_id, a.goal_id): a
            for a in previous_round.assessments.prefetch_related("indicators")
        }
    templates = {t.goal_id: t for t in AssessmentTemplate.objects.all()}
    applicable = Applicability.objects.filter(
        active=True, goal__kind=Goal.Kind.OBJECTIVE, area__level=Area.Level.COUNTY
    ).select_related("goal")
    created = []
    for item in applicable:
        before = previous.get((item.organisation_id, item.area_id, item.goal_id))
        template = templates.get(item.goal_id)
        assessment = Assessment(
            round=rnd,
            organisation_id=item.organisation_id,
            area_id=item.area_id,
            goal_id=item.goal_id,
        )
        if before:
            for field in Assessment.CONTENT_FIELDS:
                setattr(assessment, field, getattr(before, field))
        elif template:
            assessment.summary, assessment.justification = template.summary, template.justification
        created.append((assessment, list(before.indicators.all()) if before else []))
    Assessment.objects.bulk_create([a for a, _i in created])
    for assessment, indicators in created:
        if indicators:
            assessment.indicators.set(indicators)
    saved = list(rnd.assessments.select_related("round").prefetch_related("indicators"))
    workflow.record_first_versions(saved, user)
    # The public list of rounds shows it as under way.
    bump_data_version()
    return rnd


def _check_carried_forward(assessment: Assessment, data: dict[str, Any]) -> None:
    if (
        assessment.round.carry_forward_reached
        and "reached" in data
        and data["reached"] != assessment.reached
        and assessment.reached
    ):
        raise ValidationError(
            _(
                "This year the 'reached' judgement is carried forward from last year "
                "and cannot be changed."
            ),
            code="carried_forward",
        )


def _content(assessment: Assessment, data: dict[str, Any]) -> dict[str, Any]:
    _check_carried_forward(assessment, data)
    if assessment.round.carry_forward_reached and assessment.reached:
        data = {k: v for k, v in data.items() if k != "reached"}
    return {**data, "started": True}


@transaction.atomic
def assessment_save(
    *, assessment: Assessment, data: dict[str, Any], expected_version: int, user: User
) -> Assessment:
    workflow.save(
        item=assessment,
        data=_content(assessment, data),
        expected_version=expected_version,
        user=user,
    )
    _mark_started(assessment)
    return assessment


@transaction.atomic
def assessment_save_and_submit(
    *, assessment: Assessment, data: dict[str, Any], expected_version: int, user: User
) -> Assessment:
    workflow.save_and_submit(
        item=assessment,
        data=_content(assessment, data),
        expected_version=expected_version,
        user=user,
    )
    _mark_started(assessment)
    return assessment


def _mark_started(assessment: Assessment) -> None:
    if not assessment.started:
        assessment.started = True
        assessment.save(update_fields=["started"])


def assessment_transition(
    *, assessment: Assessment, action: str, expected_version: int, user: User, comment: str = ""
) -> Assessment:
    """Submit, approve, return, or reopen a published assessment for correction."""
    workflow.transition(
        item=assessment,
        action=action,
        expected_version=expected_version,
        user=user,
        comment=comment,
    )
    return assessment


def assessment_submit(*, assessment: Assessment, expected_version: int, user: User) -> Assessment:
    return assessment_transition(
        assessment=assessment, action="submit", expected_version=expected_version, user=user
    )


def assessment_return(
    *, assessment: Assessment, expected_version: int, user: User, comment: str
) -> Assessment:
    return assessment_transition(
        assessment=assessment,
        action="return",
        expected_version=expected_version,
        user=user,
        comment=comment,
    )


def assessment_approve(*, assessment: Assessment, expected_version: int, user: User) -> Assessment:
    return assessment_transition(
        assessment=assessment, action="approve", expected_version=expected_version, user=user
    )


# --- publication ---------------------------------------------------------------------------


@dataclass
class PublishPreview:
    """What publishing a round now would make public, and what it would leave out."""

    round: FollowUpRound
    counts: dict[str, int]
    expected: int
    already_public: int
    approved: int
    counties_without_approved: list[Area]
    before_deadline: bool

    @property
    def left_out(self) -> int:
        return self.expected - self.already_public - self.approved

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(s.label), self.counts[s.value]) for s in Assessment.State]


def publish_preview(rnd: FollowUpRound, today: date) -> PublishPreview:
    states = dict(
        rnd.assessments.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    counts = {s: states.get(s, 0) for s in Assessment.State.values}
    # Published before and now being corrected: the public still sees the earlier version.
    corrected = rnd.assessments.exclude(state=Assessment.State.PUBLISHED).filter(
        published_version__isnull=False
    )
    approved_counties = set(
        rnd.assessments.filter(
            state__in=[Assessment.State.APPROVED, Assessment.State.PUBLISHED]
        ).values_list("area_id", flat=True)
    )
    counties = Area.objects.filter(
        pk__in=rnd.assessments.values_list("area_id", flat=True)
    ).order_by("code")
    return PublishPreview(
        round=rnd,
        counts=counts,
        expected=sum(counts.values()),
        already_public=counts[Assessment.State.PUBLISHED] + corrected.count(),
        approved=counts[Assessment.State.APPROVED],
        counties_without_approved=[c for c in counties if c.pk not in approved_counties],
        before_deadline=today <= rnd.deadline,
    )


@transaction.atomic
def round_publish(
    *,
    rnd: FollowUpRound,
    user: User,
    summary: str | None = None,
    reason: str = "",
    today: date | None = None,
) -> int:
    """Publish every approved assessment of the round (new ones and corrections); returns
    how many. Before the deadline, only with a reason."""

    def refuse_if_empty(locked: FollowUpRound, approved: list[Any]) -> None:
        if not approved and not locked.assessments.filter(published_version__isnull=False).exists():
            raise ValidationError(_("No assessment is approved yet."), code="empty")
        if summary is not None:
            locked.national_summary = summary
            locked.save(update_fields=["national_summary"])

    return workflow.publish_round(
        rnd=rnd, user=user, reason=reason, today=today, before=refuse_if_empty
    )[1]


ROUND_FIELDS = ("deadline", "report_date", "carry_forward_reached", "national_summary")


@transaction.atomic
def round_update(*, rnd: FollowUpRound, data: dict[str, Any], expected_version: int) -> None:
    """Change a round's dates, carry-forward rule or national summary."""
    claim_or_refuse(
        rnd,
        expected_version,
        _("Someone else changed the round while you were editing. Reload and try again."),
    )
    for name in ROUND_FIELDS:
        if name in data:
            setattr(rnd, name, data[name])
    rnd.save(update_fields=[f for f in ROUND_FIELDS if f in data] + ["version"])
    bump_data_version()


# --- history ---------------------------------------------------------------------------


REACHED_TEXT = {"Ja": Reached.YES, "Nära": Reached.NEAR, "Nej": Reached.NO}
TREND_TEXT = {
    "Positiv": Trend.POSITIVE,
    "Neutral": Trend.NEUTRAL,
    "Negativ": Trend.NEGATIVE,
    "Oklar": Trend.UNCLEAR,
}


@dataclass
class HistoryReport:
    rounds: int = 0
    assessments: int = 0
    unchanged: int = 0


@transaction.atomic
def import_history(*, path: Path, label: str = HISTORY_FILE) -> HistoryReport:
    """Published judgements of earlier years (one row per county × objective × year).

    An empty cell means the judgement was not read, never that it was not made. Rows are
    matched on year, county and objective, so importing again changes nothing.
    """
    problems = ProblemCollector(label)
    goals = {
        g.number: g
        for g in Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE)
    }
    counties = {a.code: a for a in Area.objects.filter(level=Area.Level.COUNTY)}
    assessor = _assessors()
    rows: list[dict[str, Any]] = []
    for line, row in read_csv(
        path, label, ("year", "county_code", "objective_no", "reached", "trend", "source")
    ):
        ok = True
        if not (row["year"].isdigit() and 1990 <= int(row["year"]) <= 2100):
            problems.add(line, "year", _("%(value)r is not a year") % {"value": row["year"]})
            ok = False
        if row["county_code"] not in counties:
            problems.add(
                line, "county_code", _("unknown county %(code)r") % {"code": row["county_code"]}
            )
            ok = False
        if not row["objective_no"].isdigit() or int(row["objective_no"]) not in goals:
            problems.add(
                line,
                "objective_no",
                _("%(value)r is not an objective number 1–16") % {"value": row["objective_no"]},
            )
            ok = False
        if row["reached"] and row["reached"] not in REACHED_TEXT:
            problems.add(
                line, "reached", _("%(value)r is not Ja, Nära or Nej") % {"value": row["reached"]}
            )
            ok = False
        if row["trend"] and row["trend"] not in TREND_TEXT:
            problems.add(
                line,
                "trend",
                _("%(value)r is not Positiv, Neutral, Negativ or Oklar") % {"value": row["trend"]},
            )
            ok = False
        if ok:
            rows.append({**row, "_line": line})
    problems.raise_if_any()
    report = HistoryReport()
    rounds: dict[int, FollowUpRound] = {}
    for row in rows:
        year = int(row["year"])
        if year not in rounds:
            report_date = default_report_date(year)
            # The national report of a year comes out by its report date: that is when
            # these judgements were published.
            published = timezone.make_aware(datetime.combine(report_date, time(12)))
            rnd, created = FollowUpRound.objects.get_or_create(
                year=year,
                defaults={
                    "deadline": default_deadline(year),
                    "report_date": report_date,
                    "state": FollowUpRound.State.PUBLISHED,
                    "imported": True,
                    "published_at": published,
                },
            )
            rounds[year] = rnd
            report.rounds += int(created)
        county = counties[row["county_code"]]
        goal = goals[int(row["objective_no"])]
        organisation = assessor(county, goal)
        if organisation is None:
            problems.add(
                int(row["_line"]),
                "objective_no",
                _("no organisation assesses objective %(n)s in %(county)s")
                % {
                    "n": goal.number,
                    "county": county.name,
                },
            )
            continue
        published_at = rounds[year].published_at
        values = {
            "reached": REACHED_TEXT.get(row["reached"], ""),
            "trend": TREND_TEXT.get(row["trend"], ""),
            "source": row["source"][:500],
            "state": Assessment.State.PUBLISHED,
            "started": True,
            "published_version": 1,
            "published_at": published_at,
            "first_published_at": published_at,
        }
        assessment, created = Assessment.objects.get_or_create(
            round=rounds[year], organisation=organisation, area=county, goal=goal, defaults=values
        )
        if created:
            report.assessments += 1
            continue
        changed = [f for f, v in values.items() if getattr(assessment, f) != v]
        if changed and rounds[year].imported:
            for f in changed:
                setattr(assessment, f, values[f])
            assessment.save(update_fields=changed)
            report.assessments += 1
        else:
            report.unchanged += 1
    problems.raise_if_any()
    if report.assessments or report.rounds:
        bump_data_version()
    return report


def _assessors() -> Any:
    """Who assessed an objective in a county: the organisation applicability names (editable
    data), else the county's own county board."""
    by_pair = {
        (a.area_id, a.goal_id): a.organisation
        for a in Applicability.objects.select_related("organisation")
    }
    boards = {
        o.area_id: o for o in Organisation.objects.filter(kind=Organisation.Kind.COUNTY_BOARD)
    }

    def assessor(county: Area, goal: Goal) -> Organisation | None:
        return by_pair.get((county.pk, goal.pk)) or boards.get(county.pk)

    return assessor


# --- reminders ---------------------------------------------------------------------------


def send_reminders(*, rnd: FollowUpRound, today: date) -> int:
    """Queue a reminder to the coordinators of organisations with assessments not yet
    submitted; returns how many were queued. Only from a week before the deadline on, so
    that nobody is nagged early, and at most once a day per person."""
    from rus.accounts.models import Membership
    from rus.outbox import services as outbox
    from rus.outbox.models import Message

    days_left = (rnd.deadline - today).days
    if days_left > 7 or rnd.state != FollowUpRound.State.OPEN:
        return 0
    pending = (
        rnd.assessments.filter(state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED])
        .values("organisation_id")
        .annotate(count=Count("pk"))
    )
    counts = {p["organisation_id"]: p["count"] for p in pending}
    memberships = (
        Membership.objects.filter(
            organisation_id__in=counts, role=Membership.Role.COORDINATOR, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user", "organisation")
    )
    queued = 0
    with transaction.atomic():
        for m in memberships:
            message = outbox.queue(
                template="reminder",
                category=Message.Category.REMINDER,
                recipients=[outbox.Recipient.for_user(m.user)],
                context={
                    "organisation": m.organisation.name,
                    "count": counts[m.organisation_id],
                    "year": rnd.year,
                    "deadline": rnd.deadline.isoformat(),
                    "days_left": days_left,
                    "start_url": outbox.site_url("/mina-uppgifter/"),
                },
                cause=f"followup.reminder:{rnd.year}:{today.isoformat()}:{m.user_id}",
            )
            queued += message is not None
    return queued
