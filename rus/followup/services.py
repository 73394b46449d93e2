"""Changes in the regional annual follow-up. Pages, commands and imports all come through here."""

from dataclasses import dataclass
from datetime import date
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
    AssessmentComment,
    AssessmentTemplate,
    AssessmentVersion,
    FollowUpRound,
    Reached,
    Trend,
    default_deadline,
    default_report_date,
)
from rus.goals.models import Goal
from rus.lib.concurrency import claim_or_refuse
from rus.lib.tabular import ProblemCollector, read_csv
from rus.organisations.models import Applicability, Organisation

CONTENT_FIELDS = ("reached", "trend", "summary", "justification", "actions", "generational_goal")
HISTORY_FILE = "assessments/regional_assessments.csv"
LEVANDE_SKOGAR = 12


def snapshot(assessment: Assessment) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(assessment, f) for f in CONTENT_FIELDS}
    data["indicators"] = (
        sorted(assessment.indicators.values_list("code", flat=True)) if assessment.pk else []
    )
    return data


def _record_version(assessment: Assessment, user: User | None) -> AssessmentVersion:
    return AssessmentVersion.objects.create(
        assessment=assessment,
        number=assessment.version,
        data=snapshot(assessment),
        state=assessment.state,
        saved_by=user,
    )


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
            for field in CONTENT_FIELDS:
                setattr(assessment, field, getattr(before, field))
        elif template:
            assessment.summary, assessment.justification = template.summary, template.justification
        created.append((assessment, list(before.indicators.all()) if before else []))
    Assessment.objects.bulk_create([a for a, _i in created])
    for assessment, indicators in created:
        if indicators:
            assessment.indicators.set(indicators)
    return rnd


def _claim(assessment: Assessment, expected_version: int) -> None:
    claim_or_refuse(
        assessment,
        expected_version,
        _(
            "Someone else saved this assessment while you were editing. Your text has not "
            "been saved; it is still in the form, and the saved version is shown beside it."
        ),
    )


@transaction.atomic
def assessment_save(
    *, assessment: Assessment, data: dict[str, Any], expected_version: int, user: User
) -> Assessment:
    if not assessment.editable:
        raise ValidationError(_("This assessment can no longer be changed."), code="state")
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
    _claim(assessment, expected_version)
    for field in CONTENT_FIELDS:
        if field in data:
            setattr(assessment, field, data[field] or "")
    assessment.started = True
    assessment.save(update_fields=[*CONTENT_FIELDS, "started", "version", "updated_at"])
    if "indicators" in data:
        assessment.indicators.set(data["indicators"])
    _record_version(assessment, user)
    return assessment


def _move(
    assessment: Assessment, expected_version: int, allowed: tuple[str, ...], to: str, user: User
) -> Assessment:
    if assessment.state not in allowed or assessment.round.state != FollowUpRound.State.OPEN:
        raise ValidationError(
            _("The assessment is %(state)s and cannot be moved that way.")
            % {"state": assessment.get_state_display()},
            code="state",
        )
    _claim(assessment, expected_version)
    assessment.state = to
    assessment.save(update_fields=["state", "version", "updated_at"])
    _record_version(assessment, user)
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, expected_version: int, user: User) -> Assessment:
    if (
        not assessment.reached and not assessment.round.carry_forward_reached
    ) or not assessment.trend:
        raise ValidationError(_("Give both judgements before submitting."), code="incomplete")
    states = (Assessment.State.DRAFT, Assessment.State.RETURNED)
    return _move(assessment, expected_version, states, Assessment.State.SUBMITTED, user)


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, expected_version: int, user: User, comment: str
) -> Assessment:
    if not comment.strip():
        raise ValidationError(
            _("Say what needs to change when returning an assessment."), code="comment"
        )
    moved = _move(
        assessment, expected_version, (Assessment.State.SUBMITTED,), Assessment.State.RETURNED, user
    )
    AssessmentComment.objects.create(assessment=assessment, author=user, text=comment)
    return moved


@transaction.atomic
def assessment_approve(*, assessment: Assessment, expected_version: int, user: User) -> Assessment:
    return _move(
        assessment, expected_version, (Assessment.State.SUBMITTED,), Assessment.State.APPROVED, user
    )


def comment_add(
    *, assessment: Assessment, author: User, text: str, parent: AssessmentComment | None = None
) -> AssessmentComment:
    if not text.strip():
        raise ValidationError(_("The comment is empty."), code="empty")
    if parent is not None and parent.assessment_id != assessment.pk:
        raise ValidationError(
            _("You can only reply to a comment on the same assessment."), code="parent"
        )
    return AssessmentComment.objects.create(
        assessment=assessment, author=author, text=text, parent=parent
    )


@transaction.atomic
def round_publish(*, rnd: FollowUpRound, user: User, summary: str | None = None) -> int:
    """Publish every approved assessment of the round; returns how many."""
    locked = FollowUpRound.objects.select_for_update().get(pk=rnd.pk)
    if locked.state == FollowUpRound.State.PUBLISHED:
        raise ValidationError(_("The round is already published."), code="state")
    approved = list(locked.assessments.filter(state=Assessment.State.APPROVED))
    for assessment in approved:
        assessment.state = Assessment.State.PUBLISHED
        assessment.version += 1
        assessment.save(update_fields=["state", "version", "updated_at"])
        _record_version(assessment, user)
    locked.state = FollowUpRound.State.PUBLISHED
    locked.published_at = timezone.now()
    if summary is not None:
        locked.national_summary = summary
    locked.save(update_fields=["state", "published_at", "national_summary"])
    rnd.refresh_from_db()
    return len(approved)


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
    orgs = {
        o.key: o for o in Organisation.objects.filter(kind__in=["lansstyrelse", "skogsstyrelsen"])
    }
    rows = []
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
            rows.append(row)
    problems.raise_if_any()
    report = HistoryReport()
    rounds: dict[int, FollowUpRound] = {}
    for row in rows:
        year = int(row["year"])
        if year not in rounds:
            rnd, created = FollowUpRound.objects.get_or_create(
                year=year,
                defaults={
                    "deadline": default_deadline(year),
                    "report_date": default_report_date(year),
                    "state": FollowUpRound.State.PUBLISHED,
                    "imported": True,
                    "published_at": timezone.now(),
                },
            )
            rounds[year] = rnd
            report.rounds += int(created)
        number = int(row["objective_no"])
        org_key = "skogsstyrelsen" if number == LEVANDE_SKOGAR else f"lst-{row['county_code']}"
        values = {
            "reached": REACHED_TEXT.get(row["reached"], ""),
            "trend": TREND_TEXT.get(row["trend"], ""),
            "source": row["source"][:500],
            "state": Assessment.State.PUBLISHED,
            "started": True,
        }
        assessment, created = Assessment.objects.get_or_create(
            round=rounds[year],
            organisation=orgs[org_key],
            area=counties[row["county_code"]],
            goal=goals[number],
            defaults=values,
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
    return report


# --- reminders ---------------------------------------------------------------------------


def send_reminders(*, rnd: FollowUpRound, today: date) -> int:
    """E-mail the coordinators of organisations with assessments not yet submitted.

    Returns the number of messages sent. Sent only from a week before the deadline on, so
    that nobody is nagged early.
    """
    from django.core.mail import get_connection

    from rus.accounts.models import Membership
    from rus.lib.emails import make_message

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
    messages = [
        make_message(
            "reminder",
            [m.user.email],
            {
                "round": rnd,
                "user": m.user,
                "organisation": m.organisation,
                "count": counts[m.organisation_id],
                "days_left": days_left,
            },
        )
        for m in memberships
    ]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
