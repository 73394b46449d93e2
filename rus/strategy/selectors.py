"""What the strategy pages, the start page and the calendar read."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rus.accounts import access
from rus.goals.models import Goal
from rus.indicators import selectors as indicator_selectors
from rus.indicators.models import Indicator
from rus.organisations.models import Organisation
from rus.strategy import budget as budget_calc
from rus.strategy.models import Plan, Project, StatusReport, Strategy
from rus.workflow.models import State

OPEN_STATES = (State.DRAFT, State.RETURNED)


def visible_strategies(user: Any) -> QuerySet[Strategy]:
    """Public strategies for everyone; unpublished ones for their organisation's people."""
    qs = Strategy.objects.select_related("organisation", "framework")
    if not user.is_authenticated:
        return qs.filter(public=True)
    own = [o.pk for o in access.visible_organisations(user)]
    return qs.filter(public=True) | qs.filter(organisation__in=own)


def goal_tree(strategy: Strategy) -> list[tuple[Goal, int]]:
    """The strategy's goals depth first, each with its depth (0 = overall goal)."""
    goals = list(strategy.framework.goals.order_by("sort_order", "code"))
    children: dict[int | None, list[Goal]] = {}
    for g in goals:
        children.setdefault(g.parent_id, []).append(g)
    out: list[tuple[Goal, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for g in children.get(parent, []):
            out.append((g, depth))
            walk(g.pk, depth + 1)

    walk(None, 0)
    return out


def subtree(goal: Goal) -> list[Goal]:
    result = [goal]
    for child in goal.children.all():
        result += subtree(child)
    return result


def goal_indicators(goal: Goal, strategy: Strategy) -> list[Any]:
    """Each indicator of the goal for the strategy's region (its county), with its progress
    by label and symbol and the values behind it."""
    area = strategy.organisation.area
    if area is None:
        return []
    indicators = Indicator.objects.filter(goals=goal).prefetch_related("targets")
    return indicator_selectors.progress_for(indicators, area)


def public_plans(goals: list[Goal]) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(
            goals__in=goals,
            state__in=(State.APPROVED, State.PUBLISHED),
            strategy__public=True,
        )
        .distinct()
        .select_related("organisation")
    )


def projects_for(goals: list[Goal], *, public_only: bool) -> QuerySet[Project]:
    qs = Project.objects.filter(goals__in=goals).distinct()
    return qs.filter(public=True, strategy__public=True) if public_only else qs


@dataclass
class PortfolioRow:
    project: Project
    budget: budget_calc.Budget
    next_report: StatusReport | None
    overdue: list[StatusReport]
    waiting: list[StatusReport]
    latest: StatusReport | None

    @property
    def state(self) -> str:
        today = timezone.localdate()
        if self.overdue:
            return str(_("Report overdue"))
        if self.waiting:
            return str(_("Report waiting for review"))
        if self.project.ends < today:
            return str(_("Ended"))
        if self.project.starts > today:
            return str(pgettext_lazy("project", "Not started"))
        return str(_("Under way"))

    @property
    def state_key(self) -> str:
        return "overdue" if self.overdue else "waiting" if self.waiting else "ok"


def portfolio(strategy: Strategy, today: date | None = None) -> list[PortfolioRow]:
    """Every project of the strategy with its state: projects with an overdue report
    first (the longest overdue at the top), then those with a report to review, then the
    rest by start."""
    from rus.strategy.services import project_budget

    today = today or timezone.localdate()
    rows = []
    projects = strategy.projects.prefetch_related(
        "costs", "financing", Prefetch("reports", queryset=StatusReport.objects.order_by("number"))
    )
    for project in projects:
        reports = list(project.reports.all())
        overdue = [r for r in reports if r.overdue(today)]
        upcoming = [r for r in reports if r.state in OPEN_STATES and r.due >= today]
        waiting = [r for r in reports if r.state == State.SUBMITTED]
        done = [r for r in reports if r.state in (State.APPROVED, State.PUBLISHED)]
        rows.append(
            PortfolioRow(
                project,
                project_budget(project),
                upcoming[0] if upcoming else None,
                overdue,
                waiting,
                done[-1] if done else None,
            )
        )
    rows.sort(
        key=lambda r: (
            0 if r.overdue else 1 if r.waiting else 2,
            r.overdue[0].due if r.overdue else date.max,
            r.project.starts,
        )
    )
    return rows


def writable_strategies(user: Any) -> list[Strategy]:
    return [
        s
        for s in Strategy.objects.select_related("organisation")
        if access.can_change_organisation(user, s.organisation)
    ]


def worklist_sections(user: Any, filters: Any) -> list[Any]:
    from rus.accounts.worklist import Section, Task, review_section

    sections = []
    today = timezone.localdate()
    administrator = access.is_administrator(user)
    strategies = [] if administrator else writable_strategies(user)
    for strategy in strategies:
        tasks = []
        # A report is to be written once its period has ended.
        for report in StatusReport.objects.filter(
            project__strategy=strategy, state__in=OPEN_STATES, period_end__lt=today
        ).select_related("project"):
            late = report.due < today
            tasks.append(
                Task(
                    title=str(report.workflow_title()),
                    url=report.get_absolute_url(),
                    state=str(_("Overdue")) if late else str(report.get_state_display()),
                    state_key=report.state,
                    deadline=report.due,
                    order=(0 if late else 1, report.due),
                )
            )
        for plan in Plan.objects.filter(strategy=strategy, state__in=OPEN_STATES):
            tasks.append(
                Task(
                    title=plan.workflow_title(),
                    url=plan.get_absolute_url(),
                    state=str(plan.get_state_display()),
                    state_key=plan.state,
                    order=(2, plan.year),
                )
            )
        sections.append(
            Section(
                title=str(_("Strategy: %(title)s") % {"title": strategy.title}),
                kind="work",
                weight=4,
                tasks=tasks,
                intro=str(_("Status reports that are due, and plans being written.")),
                empty=str(_("No status report is due and no plan is being written.")),
                links=[
                    (
                        str(_("Project portfolio")),
                        reverse("strategy:portfolio", args=[strategy.pk]),
                    ),
                    (str(_("Goals and plans")), strategy.get_absolute_url()),
                ],
            )
        )
        waiting: list[Any] = list(
            StatusReport.objects.filter(
                project__strategy=strategy, state=State.SUBMITTED
            ).select_related("project__strategy__organisation")
        ) + list(
            Plan.objects.filter(strategy=strategy, state=State.SUBMITTED).select_related(
                "organisation", "strategy__organisation"
            )
        )
        if waiting:
            sections.append(review_section(waiting, lambda i: str(i.workflow_title())))
    rus = Organisation.objects.filter(key="rus").first()
    if rus is not None and access.can_change_organisation(user, rus):
        open_plans = Plan.objects.filter(organisation=rus, state__in=OPEN_STATES)
        sections.append(
            Section(
                title=str(_("RUS's own operations")),
                kind="admin",
                weight=9,
                intro=str(
                    _(
                        "The activity plan and report, the working group and what the county "
                        "boards are reimbursed."
                    )
                ),
                tasks=[
                    Task(
                        title=p.workflow_title(),
                        url=p.get_absolute_url(),
                        state=str(p.get_state_display()),
                        state_key=p.state,
                        order=(p.year,),
                    )
                    for p in open_plans
                ],
                links=[(str(_("RUS's operations")), reverse("strategy:operations"))],
            )
        )
    if access.can_review(user):
        waiting_rus = Plan.objects.filter(
            strategy__isnull=True, state=State.SUBMITTED
        ).select_related("organisation")
        if waiting_rus.exists():
            sections.append(review_section(waiting_rus, lambda i: str(i.workflow_title())))
    return sections


def calendar_entries(start: Any, end: Any) -> list[Any]:
    """The due dates of projects' status reports (for the region's own people)."""
    from rus.calendar.registry import Entry

    return [
        Entry(
            uid=f"strategy-report-{r.pk}",
            title=str(
                _("%(project)s: status report %(number)d due")
                % {"project": r.project.title, "number": r.number}
            ),
            day=r.due,
            category="deadline",
            url=r.get_absolute_url(),
            public=False,
            organisations=(r.project.strategy.organisation_id,),
        )
        for r in StatusReport.objects.filter(due__range=(start, end)).select_related(
            "project__strategy"
        )
    ]
