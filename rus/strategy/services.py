"""Changes to strategies, plans, projects and the working group. Each function is atomic;
the admin and the commands come through here too."""

import calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rus.accounts.models import Membership, User
from rus.goals.models import Framework, Goal, GoalLink
from rus.indicators import services as indicators
from rus.indicators.imports import Row
from rus.indicators.models import ImportBatch, Indicator
from rus.lib import links
from rus.lib.caching import bump_data_version
from rus.lib.concurrency import claim_or_refuse, save_checked
from rus.organisations.models import Organisation
from rus.outbox import services as outbox
from rus.outbox.models import Message
from rus.strategy import budget as budget_calc
from rus.strategy.models import (
    GOAL_LEVELS,
    CostLine,
    FinancingLine,
    Plan,
    PlanCheck,
    PlanSection,
    PlanTemplate,
    Project,
    ReimbursementRate,
    StatusReport,
    Strategy,
    SubGoal,
    TemplateCheck,
    TemplateSection,
    TrustMeasure,
    WorkingGroupMember,
)
from rus.workflow import services as workflow
from rus.workflow.models import State

REPORT_LINK = "strategy.report"
LINK_GRACE_DAYS = 60
REMIND_DAYS_BEFORE = 7
TEMPLATES_FILE = Path(__file__).parent / "data" / "plan_templates.json"


def conflict_message() -> str:
    return str(workflow.CONFLICT_MESSAGE)


# --- strategy and its goal tree -----------------------------------------------------------


@transaction.atomic
def strategy_save(
    *,
    strategy: Strategy | None,
    organisation: Organisation,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Strategy:
    if strategy is None:
        base = slugify(f"strategi-{organisation.key}-{data['starts']}")[:45]
        code, n = base, 1
        while Framework.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        framework = Framework.objects.create(code=code, name_sv=data["title"])
        strategy = Strategy(organisation=organisation, framework=framework)
    save_checked(
        strategy,
        data,
        ("title", "vision", "starts", "ends", "public"),
        expected_version=expected_version,
        message=conflict_message(),
    )
    Framework.objects.filter(pk=strategy.framework_id).update(name_sv=strategy.title)
    bump_data_version()
    return strategy


def goal_depth(goal: Goal) -> int:
    depth = 0
    while goal.parent_id is not None:
        goal = goal.parent  # type: ignore[assignment]
        depth += 1
    return depth


def goal_level(goal: Goal) -> str:
    return str(GOAL_LEVELS[min(goal_depth(goal), len(GOAL_LEVELS) - 1)])


@transaction.atomic
def goal_save(*, strategy: Strategy, goal: Goal | None, data: dict[str, Any]) -> Goal:
    """A goal of the strategy's tree with its crosswalk to the environmental objectives and
    Agenda 2030 targets, and the indicators that follow it."""
    parent = data.get("parent")
    if parent is not None and parent.framework_id != strategy.framework_id:
        raise ValidationError(_("The parent goal belongs to another strategy."), code="parent")
    if parent is not None and goal is not None:
        up: Goal | None = parent
        while up is not None:
            if up.pk == goal.pk:
                raise ValidationError(_("A goal cannot be placed under itself."), code="parent")
            up = up.parent
    if parent is not None and goal_depth(parent) >= len(GOAL_LEVELS) - 1:
        raise ValidationError(
            _("Priorities are the lowest level; place the goal under a sub-goal or higher."),
            code="parent",
        )
    if goal is None:
        goal = Goal(framework=strategy.framework, kind=Goal.Kind.STRATEGY_GOAL)
    goal.parent = parent
    for f in ("name_sv", "name_en", "text_sv", "text_en", "number"):
        if f in data:
            setattr(goal, f, data[f] if data[f] is not None else getattr(goal, f))
    goal.number = data.get("number")
    siblings = Goal.objects.filter(framework=strategy.framework, parent=parent).exclude(pk=goal.pk)
    goal.sort_order = goal.number or (siblings.count() + 1)
    if not goal.code:
        prefix = f"{parent.code}." if parent is not None else ""
        goal.code = f"{prefix}{goal.number or siblings.count() + 1}"
        while Goal.objects.filter(framework=strategy.framework, code=goal.code).exists():
            goal.code += "b"
    goal.full_clean()
    goal.save()
    if "links" in data:
        GoalLink.objects.filter(source=goal).exclude(target__in=data["links"]).delete()
        for target in data["links"]:
            GoalLink.objects.get_or_create(source=goal, target=target)
    if "indicators" in data:
        for indicator in Indicator.objects.filter(goals=goal).exclude(
            pk__in=[i.pk for i in data["indicators"]]
        ):
            indicator.goals.remove(goal)
        for indicator in data["indicators"]:
            indicator.goals.add(goal)
    bump_data_version()
    return goal


@transaction.atomic
def goal_delete(*, strategy: Strategy, goal: Goal) -> None:
    if goal.framework_id != strategy.framework_id:
        raise ValidationError(_("The goal belongs to another strategy."), code="goal")
    if goal.children.exists():
        raise ValidationError(
            _("The goal has goals under it; move or remove them first."), code="children"
        )
    if Plan.objects.filter(goals=goal).exists() or Project.objects.filter(goals=goal).exists():
        raise ValidationError(
            _("Plans or projects are linked to the goal; unlink them first."), code="used"
        )
    GoalLink.objects.filter(Q(source=goal) | Q(target=goal)).delete()
    for indicator in Indicator.objects.filter(goals=goal):
        indicator.goals.remove(goal)
    goal.delete()
    bump_data_version()


# --- plan templates and plans -------------------------------------------------------------


@transaction.atomic
def load_plan_templates(path: Path = TEMPLATES_FILE) -> int:
    """Create the templates in ``path`` that do not exist yet (by key); a template already
    there is left as its owners have edited it. Returns how many were created."""
    created = 0
    for spec in json.loads(path.read_text(encoding="utf-8")):
        if PlanTemplate.objects.filter(key=spec["key"]).exists():
            continue
        template = PlanTemplate.objects.create(
            key=spec["key"],
            kind=spec["kind"],
            name_sv=spec["name_sv"],
            name_en=spec.get("name_en", ""),
            description=spec.get("description", ""),
        )
        for i, s in enumerate(spec["sections"], 1):
            TemplateSection.objects.create(
                template=template,
                key=s["key"],
                title=s["title"],
                guidance=s.get("guidance", ""),
                sort_order=i,
            )
        for i, c in enumerate(spec["checks"], 1):
            TemplateCheck.objects.create(
                template=template,
                key=c["key"],
                text=c["text"],
                required=c.get("required", True),
                sort_order=i,
            )
        created += 1
    return created


@transaction.atomic
def plan_create(
    *,
    template: PlanTemplate,
    organisation: Organisation,
    strategy: Strategy | None,
    year: int,
    title: str,
    goals: Iterable[Goal] = (),
    owner: str = "",
    user: User | None,
) -> Plan:
    """A new plan with the template's sections and checklist, as version 1."""
    plan = Plan.objects.create(
        organisation=organisation,
        strategy=strategy,
        template=template,
        kind=template.kind,
        year=year,
        title=title,
        owner=owner,
    )
    plan.goals.set(list(goals))
    PlanSection.objects.bulk_create(
        PlanSection(
            plan=plan, key=s.key, title=s.title, guidance=s.guidance, sort_order=s.sort_order
        )
        for s in template.sections.all()
    )
    PlanCheck.objects.bulk_create(
        PlanCheck(plan=plan, key=c.key, text=c.text, required=c.required, sort_order=c.sort_order)
        for c in template.checks.all()
    )
    workflow.record_first_versions([plan], user)
    return plan


# --- projects, budgets and status reports -------------------------------------------------

PROJECT_FIELDS = (
    "slug",
    "title",
    "owner",
    "description",
    "starts",
    "ends",
    "action_plan",
    "grant_percent",
    "grant_cap",
    "report_interval_months",
    "report_due_days",
    "contact_name",
    "contact_email",
    "public",
)


@transaction.atomic
def project_save(
    *,
    project: Project | None,
    strategy: Strategy,
    data: dict[str, Any],
    expected_version: int | None = None,
    user: User | None = None,
) -> Project:
    project = save_checked(
        project or Project(strategy=strategy),
        data,
        PROJECT_FIELDS,
        expected_version=expected_version,
        message=conflict_message(),
    )
    if "goals" in data:
        project.goals.set(data["goals"])
    if "subgoals" in data:
        _set_subgoals(project, data["subgoals"])
    schedule_reports(project, user=user)
    bump_data_version()
    return project


def _set_subgoals(project: Project, subgoals: list[tuple[str, str]]) -> None:
    """Sub-goals in order (title, activities); numbered from 1. A sub-goal that reports
    have spoken of keeps its number."""
    keep = []
    for number, (title, activities) in enumerate(subgoals, 1):
        sub, _created = SubGoal.objects.update_or_create(
            project=project, number=number, defaults={"title": title, "activities": activities}
        )
        keep.append(sub.pk)
    SubGoal.objects.filter(project=project).exclude(pk__in=keep).delete()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it has fewer days."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def report_periods(project: Project) -> list[tuple[date, date, date]]:
    """(from, to, due) of each status report: every ``report_interval_months`` from the
    start, the last one ending with the project; due ``report_due_days`` after."""
    periods = []
    start = project.starts
    step = max(project.report_interval_months, 1)
    n = 1
    while start <= project.ends:
        end = min(add_months(project.starts, step * n) - timedelta(days=1), project.ends)
        periods.append((start, end, end + timedelta(days=project.report_due_days)))
        start = end + timedelta(days=1)
        n += 1
    return periods


def schedule_reports(project: Project, *, user: User | None = None) -> None:
    """Keep the status reports in step with the project's period and interval: reports not
    yet submitted follow the new dates; reports no longer needed are removed if untouched."""
    periods = report_periods(project)
    existing = {r.number: r for r in project.reports.all()}
    created = []
    for number, (start, end, due) in enumerate(periods, 1):
        report = existing.get(number)
        if report is None:
            created.append(
                StatusReport.objects.create(
                    project=project, number=number, period_start=start, period_end=end, due=due
                )
            )
        elif report.state in (State.DRAFT, State.RETURNED) and (
            (report.period_start, report.period_end, report.due) != (start, end, due)
        ):
            report.period_start, report.period_end, report.due = start, end, due
            report.save(update_fields=["period_start", "period_end", "due"])
    for number, report in existing.items():
        if number > len(periods) and report.state == State.DRAFT and report.version == 1:
            report.delete()
    workflow.record_first_versions(created, user)


@dataclass
class BudgetRow:
    name: str
    amounts: dict[int, int]


@transaction.atomic
def budget_save(
    *,
    project: Project,
    costs: list[BudgetRow],
    financing: list[BudgetRow],
    expected_version: int | None,
) -> Project:
    """Replace the project's budget and financing with these rows (whole kronor); rows
    without a name or without any amount are left out."""
    if expected_version is not None:
        claim_or_refuse(project, expected_version, conflict_message())
    _check_rows(costs, _("cost category"))
    _check_rows(financing, _("financier"))
    project.costs.all().delete()
    project.financing.all().delete()
    CostLine.objects.bulk_create(
        CostLine(project=project, category=r.name, year=y, amount=a, sort_order=i)
        for i, r in enumerate(costs)
        for y, a in sorted(r.amounts.items())
    )
    FinancingLine.objects.bulk_create(
        FinancingLine(project=project, financier=r.name, year=y, amount=a, sort_order=i)
        for i, r in enumerate(financing)
        for y, a in sorted(r.amounts.items())
    )
    bump_data_version()
    return project


def _check_rows(rows: list[BudgetRow], what: str) -> None:
    seen: set[str] = set()
    for r in rows:
        key = r.name.strip().casefold()
        if key in seen:
            raise ValidationError(
                _("The %(what)s “%(name)s” is given twice; put its amounts on one row.")
                % {"what": what, "name": r.name},
                code="duplicate",
            )
        seen.add(key)
        for year, amount in r.amounts.items():
            if amount < 0:
                raise ValidationError(
                    _("%(name)s %(year)d: an amount cannot be negative.")
                    % {"name": r.name, "year": year},
                    code="negative",
                )


def project_budget(project: Project) -> budget_calc.Budget:
    return budget_calc.budget(
        (budget_calc.Cell(c.category, c.year, c.amount) for c in project.costs.all()),
        (budget_calc.Cell(f.financier, f.year, f.amount) for f in project.financing.all()),
        years=project.years(),
        percent=project.grant_percent,
        cap=project.grant_cap,
    )


# --- the project file (import_project / export_project / API) ------------------------------


class ProjectFileError(ValueError):
    """What is wrong in a project file, each problem naming where."""

    def __init__(self, label: str, problems: list[str]) -> None:
        super().__init__("\n".join(f"{label}: {p}" for p in problems))
        self.problems = problems


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        from rus.lib.numbers import parse_decimal

        parsed = parse_decimal(value)
        if parsed is not None and parsed == parsed.to_integral_value():
            return int(parsed)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def read_project_file(data: Any, *, label: str) -> dict[str, Any]:
    """Check a project object (the format of ``import_project``); every problem is listed
    with the place it is at, and nothing is stored."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ProjectFileError(label, [_("the file must hold one JSON object.")])
    out: dict[str, Any] = {}
    for key in ("slug", "title", "owner"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(_("“%(key)s” is missing or empty.") % {"key": key})
        else:
            out[key] = value.strip()
    if "slug" in out and slugify(out["slug"]) != out["slug"]:
        problems.append(
            _("“slug” may hold only lower-case letters a–z, digits and hyphens: “%(v)s”.")
            % {"v": out["slug"]}
        )
    for key, field in (("start", "starts"), ("end", "ends")):
        parsed = _date(data.get(key))
        if parsed is None:
            problems.append(
                _("“%(key)s” must be a date written YYYY-MM-DD, not %(v)s.")
                % {"key": key, "v": json.dumps(data.get(key), ensure_ascii=False)}
            )
        else:
            out[field] = parsed
    if "starts" in out and "ends" in out and out["ends"] < out["starts"]:
        problems.append(_("“end” is before “start”."))
    grant = data.get("grant")
    out["grant_percent"], out["grant_cap"] = None, None
    if grant is not None:
        if not isinstance(grant, dict):
            problems.append(_("“grant” must be an object with “percent” and “cap”."))
        else:
            try:
                percent = Decimal(str(grant.get("percent")))
                if not (0 <= percent <= 100) or percent != percent.quantize(Decimal("0.01")):
                    raise InvalidOperation
                out["grant_percent"] = percent
            except InvalidOperation:
                problems.append(
                    _("“grant.percent” must be a number from 0 to 100 (at most two decimals).")
                )
            cap = grant.get("cap")
            if cap is not None:
                whole = _whole(cap)
                if whole is None or whole < 0:
                    problems.append(_("“grant.cap” must be a whole number of kronor, 0 or more."))
                else:
                    out["grant_cap"] = whole
    for key, name_key, target in (
        ("costs", "category", "costs"),
        ("financing", "financier", "financing"),
    ):
        rows: dict[str, dict[int, int]] = {}
        items = data.get(key, [])
        if not isinstance(items, list):
            problems.append(_("“%(key)s” must be a list.") % {"key": key})
            items = []
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                problems.append(_("%(where)s must be an object.") % {"where": where})
                continue
            name = item.get(name_key)
            year = item.get("year")
            amount = _whole(item.get("amount"))
            if not isinstance(name, str) or not name.strip():
                problems.append(
                    _("%(where)s: “%(key)s” is missing.") % {"where": where, "key": name_key}
                )
                continue
            if not isinstance(year, int) or isinstance(year, bool) or not 1900 < year < 2200:
                problems.append(
                    _("%(where)s: “year” must be a year such as 2022.") % {"where": where}
                )
                continue
            if (
                "starts" in out
                and "ends" in out
                and not (out["starts"].year <= year <= out["ends"].year)
            ):
                problems.append(
                    _("%(where)s: %(year)d is outside the project's period.")
                    % {"where": where, "year": year}
                )
            if amount is None or amount < 0:
                problems.append(
                    _("%(where)s: “amount” must be whole kronor, 0 or more, not %(v)s.")
                    % {"where": where, "v": json.dumps(item.get("amount"), ensure_ascii=False)}
                )
                continue
            row = rows.setdefault(name.strip(), {})
            if year in row:
                problems.append(
                    _("%(where)s: %(name)s %(year)d is given twice.")
                    % {"where": where, "name": name.strip(), "year": year}
                )
            row[year] = amount
        out[target] = [BudgetRow(n, a) for n, a in rows.items()]
    if problems:
        raise ProjectFileError(label, problems)
    return out


@transaction.atomic
def import_project(
    data: Any, *, strategy: Strategy, label: str, user: User | None = None
) -> tuple[Project, bool]:
    """Create or update (by slug) a project from a project object; all or nothing."""
    parsed = read_project_file(data, label=label)
    project = Project.objects.select_for_update().filter(slug=parsed["slug"]).first()
    created = project is None
    if project is not None and project.strategy_id != strategy.pk:
        raise ProjectFileError(
            label, [_("the project “%(slug)s” belongs to another strategy.") % parsed]
        )
    fields = {k: v for k, v in parsed.items() if k not in ("costs", "financing")}
    project = project_save(
        project=project,
        strategy=strategy,
        data=fields,
        expected_version=project.version if project else None,
        user=user,
    )
    budget_save(
        project=project,
        costs=parsed["costs"],
        financing=parsed["financing"],
        expected_version=None,
    )
    return project, created


def export_project(project: Project) -> dict[str, Any]:
    """The project object of ``import_project``, with its ``totals``."""
    percent = project.grant_percent
    grant = (
        None
        if percent is None
        else {
            "percent": int(percent) if percent == percent.to_integral_value() else float(percent),
            "cap": project.grant_cap,
        }
    )
    return {
        "slug": project.slug,
        "title": project.title,
        "owner": project.owner,
        "start": project.starts.isoformat(),
        "end": project.ends.isoformat(),
        "grant": grant,
        "costs": [
            {"category": c.category, "year": c.year, "amount": c.amount}
            for c in project.costs.all()
        ],
        "financing": [
            {"financier": f.financier, "year": f.year, "amount": f.amount}
            for f in project.financing.all()
        ],
        "totals": project_budget(project).totals(),
    }


# --- status reports: links, reminders -----------------------------------------------------


def report_link(report: StatusReport) -> str:
    """The absolute address of the project leader's personal link to a status report."""
    # Valid well after the due day, and after today for a reminder of an overdue report.
    expires = datetime.combine(
        max(report.due, timezone.localdate()) + timedelta(days=LINK_GRACE_DAYS),
        time(23, 59),
        tzinfo=timezone.get_current_timezone(),
    )
    token = links.make(REPORT_LINK, report.subject, expires=expires)
    return outbox.site_url(reverse("strategy:report_link", args=[token]))


def _coordinators(organisation: Organisation) -> list[outbox.Recipient]:
    users = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Membership.Role.COORDINATOR,
        is_active=True,
    ).exclude(email="")
    return [outbox.Recipient.for_user(u) for u in users]


def report_recipients(report: StatusReport) -> list[outbox.Recipient]:
    """Whom reminders go to: the project leader, with a personal link; a project without a
    leader's address, the region's coordinators."""
    project = report.project
    if project.contact_email:
        return [
            outbox.Recipient(
                email=project.contact_email,
                name=project.contact_name,
                person=report.subject,
                context={"link": report_link(report)},
            )
        ]
    url = outbox.site_url(report.get_absolute_url())
    return [
        outbox.Recipient(r.email, r.name, r.language, r.person, {"link": url})
        for r in _coordinators(project.strategy.organisation)
    ]


def send_reminders(today: date | None = None) -> int:
    """A reminder ``REMIND_DAYS_BEFORE`` days before a status report is due, and one when
    it is overdue; each once (the outbox refuses a second message with the same cause). A
    report already overdue gets only the overdue reminder."""
    today = today or timezone.localdate()
    sent = 0
    # A returned report is not reminded of: the return mail with its comment asked for it.
    open_reports = StatusReport.objects.filter(
        state=State.DRAFT, due__lte=today + timedelta(days=REMIND_DAYS_BEFORE)
    ).select_related("project__strategy__organisation")
    for report in open_reports:
        overdue = report.due < today
        when = "overdue" if overdue else "before"
        with transaction.atomic():
            message = outbox.queue(
                template="strategy-report-reminder",
                recipients=report_recipients(report),
                category=Message.Category.REMINDER,
                context={
                    "project": report.project.title,
                    "region": report.project.strategy.organisation.name,
                    "number": report.number,
                    "period_start": report.period_start.isoformat(),
                    "period_end": report.period_end.isoformat(),
                    "due": report.due.isoformat(),
                    "overdue": overdue,
                },
                cause=f"strategy.report:{report.pk}:{when}",
            )
        if message is not None:
            sent += 1
    return sent


# --- the partnership survey as an indicator -----------------------------------------------


def trust_rows(measure: TrustMeasure) -> list[tuple[int, Decimal, int]]:
    """(edition, share in per cent with one decimal, answers) per published edition of the
    survey series: the share of those who answered the question that chose the options."""
    from rus.surveys.models import Survey
    from rus.surveys.selectors import results

    wanted = set(measure.option_codes())
    rows = []
    for survey in Survey.objects.filter(
        series=measure.series, results_published_at__isnull=False
    ).order_by("edition"):
        for q in results(survey, show_texts=False, compare=False).questions:
            if q.question.code != measure.question_code or q.suppressed or not q.base:
                continue
            chosen = sum(r.count or 0 for r in q.rows if r.code in wanted)
            share = (Decimal(chosen) * 100 / q.base).quantize(Decimal("0.1"), ROUND_HALF_UP)
            rows.append((survey.edition, share, q.base))
    return rows


@transaction.atomic
def record_trust(measure: TrustMeasure, *, user: User | None = None) -> int:
    """Store each published edition's share as the indicator's value for the region's
    county; an unchanged value is not stored again. Returns the number of editions."""
    area = measure.strategy.organisation.area
    if area is None:
        raise ValidationError(_("The strategy's organisation has no area."), code="area")
    values = trust_rows(measure)
    rows = [
        Row(0, measure.indicator_id, area.pk, str(edition), edition, "T", "", float(share), "", "")
        for edition, share, _base in values
    ]
    if rows:
        indicators.store_rows(
            rows,
            kind=ImportBatch.Kind.DERIVED,
            source=f"enkät {measure.series}, fråga {measure.question_code}",
            indicator=measure.indicator,
            user=user,
        )
        bump_data_version()
    return len(rows)


# --- RUS's working group ------------------------------------------------------------------


@dataclass(frozen=True)
class Reimbursement:
    organisation: Organisation
    members: list[WorkingGroupMember]
    share_percent: int
    amount: int | None


def reimbursements(year: int) -> list[Reimbursement]:
    """What each county board is owed for its staff's time in RUS's working group in
    ``year``: the sum of their shares of full time × the year's full-time cost, half up."""
    rate = ReimbursementRate.objects.filter(year=year).first()
    members = list(
        WorkingGroupMember.objects.filter(year=year)
        .select_related("organisation__area")
        .order_by("organisation__area__code", "name")
    )
    by_org: dict[int, list[WorkingGroupMember]] = {}
    for m in members:
        by_org.setdefault(m.organisation_id, []).append(m)
    result = []
    for group in by_org.values():
        share = sum(m.share_percent for m in group)
        amount = budget_calc.round_kronor(Decimal(share) * rate.annual_cost / 100) if rate else None
        result.append(Reimbursement(group[0].organisation, group, share, amount))
    return result


MEMBER_FIELDS = ("year", "name", "email", "organisation", "share_percent", "lead", "areas")


@transaction.atomic
def member_save(
    *, member: WorkingGroupMember | None, data: dict[str, Any], expected_version: int | None
) -> WorkingGroupMember:
    member = save_checked(
        member or WorkingGroupMember(),
        data,
        MEMBER_FIELDS,
        expected_version=expected_version,
        message=conflict_message(),
    )
    if "objectives" in data:
        member.objectives.set(data["objectives"])
    return member


@transaction.atomic
def rate_save(*, year: int, annual_cost: int) -> ReimbursementRate:
    rate, _created = ReimbursementRate.objects.update_or_create(
        year=year, defaults={"annual_cost": annual_cost}
    )
    return rate


def planned_to_date(project: Project, until: date) -> int:
    """The costs the budget plans from the project's start to ``until``."""
    costs = project_budget(project).costs.by_year()
    return budget_calc.planned_to_date(costs, project.starts, project.ends, until)
