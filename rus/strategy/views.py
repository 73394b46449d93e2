from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from rus.accounts import access
from rus.goals.models import Goal
from rus.lib import links
from rus.lib.downloads import table_response
from rus.lib.numbers import format_number
from rus.lib.versioned import save_versioned, stored_record
from rus.organisations.models import Organisation
from rus.strategy import budget as budget_calc
from rus.strategy import selectors, services
from rus.strategy.forms import (
    BudgetForm,
    GoalForm,
    MemberForm,
    PlanCreateForm,
    PlanForm,
    ProjectForm,
    RateForm,
    StatusReportForm,
    StrategyForm,
)
from rus.strategy.models import (
    GOAL_LEVELS,
    Plan,
    Project,
    ReimbursementRate,
    StatusReport,
    Strategy,
    TrustMeasure,
    WorkingGroupMember,
)
from rus.surveys.models import Survey
from rus.workflow import services as workflow
from rus.workflow import views as workflow_views
from rus.workflow.models import State

BINDING_LABELS = {
    budget_calc.PERCENT: _("the percentage"),
    budget_calc.CAP: _("the cap"),
    budget_calc.EQUAL: _("both: the percentage gives exactly the cap"),
}

# --- access ------------------------------------------------------------------------------


def _strategy(request: HttpRequest, pk: int, *, write: bool = False) -> Strategy:
    strategy = get_object_or_404(
        Strategy.objects.select_related("organisation__area", "framework"), pk=pk
    )
    if write or not strategy.public:
        if not request.user.is_authenticated:
            raise Http404
        access.get_organisation(request.user, strategy.organisation_id, write=write)
    return strategy


def _staff(request: HttpRequest, organisation: Organisation) -> bool:
    return request.user.is_authenticated and access.can_view_organisation(
        request.user, organisation
    )


def _can_change(request: HttpRequest, organisation: Organisation) -> bool:
    return request.user.is_authenticated and access.can_change_organisation(
        request.user, organisation
    )


def _project(request: HttpRequest, slug: str, *, write: bool = False) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("strategy__organisation__area", "action_plan"), slug=slug
    )
    if write or not (project.public and project.strategy.public):
        if not request.user.is_authenticated:
            raise Http404
        access.get_organisation(request.user, project.strategy.organisation_id, write=write)
    return project


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("organisation", "strategy__organisation", "template"), pk=pk
    )
    if plan.public:
        return plan
    if not request.user.is_authenticated:
        raise Http404
    if not (
        access.can_view_organisation(request.user, plan.organisation)
        or access.can_review_item(request.user, plan)
    ):
        raise Http404
    return plan


def _report(request: HttpRequest, pk: int) -> StatusReport:
    report = get_object_or_404(
        StatusReport.objects.select_related("project__strategy__organisation"), pk=pk
    )
    if not request.user.is_authenticated:
        raise Http404
    access.get_organisation(request.user, report.project.strategy.organisation_id)
    return report


# --- strategies and goals ----------------------------------------------------------------


def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = selectors.visible_strategies(request.user).order_by("organisation__name")
    writable: list[Organisation] = []
    if request.user.is_authenticated and not access.is_administrator(request.user):
        writable = [
            o
            for o in access.visible_organisations(request.user).filter(
                kind=Organisation.Kind.REGION
            )
            if access.can_change_organisation(request.user, o)
        ]
    return render(
        request, "strategy/strategy_list.html", {"strategies": strategies, "writable": writable}
    )


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(
    request: HttpRequest, pk: int | None = None, org: int | None = None
) -> HttpResponse:
    strategy = _strategy(request, pk, write=True) if pk else None
    organisation = (
        strategy.organisation
        if strategy
        else access.get_organisation(request.user, org, write=True)
    )
    if request.method == "POST":
        form = StrategyForm(request.POST, instance=strategy or Strategy(organisation=organisation))
        saved: dict[str, Strategy] = {}

        def save(data: dict[str, Any]) -> None:
            saved["s"] = services.strategy_save(
                strategy=strategy,
                organisation=organisation,
                data=data,
                expected_version=data.get("version"),
            )

        ok, form = save_versioned(form, save, stored_record(Strategy, pk, form))
        if ok:
            messages.success(request, _("The strategy was saved."))
            return redirect(saved["s"])
    else:
        year = timezone.localdate().year
        form = StrategyForm(
            instance=strategy,
            initial={"version": strategy.version}
            if strategy
            else {"starts": year, "ends": year + 10, "public": True},
        )
    return render(
        request,
        "strategy/strategy_form.html",
        {"form": form, "strategy": strategy, "organisation": organisation},
    )


def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    staff = _staff(request, strategy.organisation)
    tree = [(g, depth, GOAL_LEVELS[min(depth, 2)]) for g, depth in selectors.goal_tree(strategy)]
    plans = strategy.plans.select_related("organisation")
    if not staff:
        plans = plans.filter(state__in=(State.APPROVED, State.PUBLISHED))
    projects = strategy.projects.all() if staff else strategy.projects.filter(public=True)
    trust = TrustMeasure.objects.filter(strategy=strategy).select_related("indicator").first()
    ctx = {
        "strategy": strategy,
        "tree": tree,
        "plans": plans,
        "projects": projects,
        "staff": staff,
        "can_change": _can_change(request, strategy.organisation),
        "trust": trust,
        "trust_survey": Survey.objects.filter(series=trust.series).order_by("-edition").first()
        if trust is not None
        else None,
    }
    return render(request, "strategy/strategy_detail.html", ctx)


def goal_detail(request: HttpRequest, pk: int, goal: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    node = get_object_or_404(Goal, pk=goal, framework=strategy.framework)
    staff = _staff(request, strategy.organisation)
    goals = selectors.subtree(node)
    plans = (
        Plan.objects.filter(goals__in=goals).distinct() if staff else selectors.public_plans(goals)
    )
    depth = services.goal_depth(node)
    ctx = {
        "strategy": strategy,
        "goal": node,
        "level": GOAL_LEVELS[min(depth, 2)],
        "can_have_children": depth < len(GOAL_LEVELS) - 1,
        "ancestors": _ancestors(node),
        "children": node.children.order_by("sort_order"),
        "indicators": selectors.goal_indicators(node, strategy),
        "links": node.outgoing_links.select_related("target__framework").order_by(
            "target__framework__code", "target__sort_order"
        ),
        "plans": plans,
        "projects": selectors.projects_for(goals, public_only=not staff),
        "can_change": _can_change(request, strategy.organisation),
    }
    return render(request, "strategy/goal_detail.html", ctx)


def _ancestors(goal: Goal) -> list[Goal]:
    result: list[Goal] = []
    while goal.parent_id is not None:
        goal = goal.parent  # type: ignore[assignment]
        result.insert(0, goal)
    return result


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, goal: int | None = None) -> HttpResponse:
    strategy = _strategy(request, pk, write=True)
    node = get_object_or_404(Goal, pk=goal, framework=strategy.framework) if goal else None
    if request.method == "POST" and request.POST.get("action") == "delete" and node is not None:
        return render(request, "strategy/goal_delete.html", {"strategy": strategy, "goal": node})
    if request.method == "POST" and request.POST.get("action") == "delete-confirmed" and node:
        try:
            services.goal_delete(strategy=strategy, goal=node)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("strategy:goal_edit", pk=strategy.pk, goal=node.pk)
        messages.success(request, _("The goal was removed."))
        return redirect(strategy)
    initial: dict[str, Any] = {}
    if node is not None:
        links_to = list(node.outgoing_links.select_related("target__framework"))
        initial = {
            "parent": node.parent_id,
            "number": node.number,
            "name_sv": node.name_sv,
            "name_en": node.name_en,
            "text_sv": node.text_sv,
            "text_en": node.text_en,
            "objectives": [lk.target for lk in links_to if lk.target.framework.code == "miljomal"],
            "sdg_targets": ", ".join(
                lk.target.code for lk in links_to if lk.target.framework.code == "agenda2030"
            ),
            "indicators": list(node.indicators.all()),
        }
    elif request.GET.get("under", "").isdigit():
        initial = {"parent": int(request.GET["under"])}
    form = GoalForm(request.POST or None, strategy=strategy, goal=node, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["links"] = [*data.pop("objectives"), *data.pop("sdg_targets")]
        try:
            saved = services.goal_save(strategy=strategy, goal=node, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect("strategy:goal", pk=strategy.pk, goal=saved.pk)
    return render(
        request, "strategy/goal_form.html", {"form": form, "strategy": strategy, "goal": node}
    )


@login_required
@require_POST
def trust_update(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk, write=True)
    measure = getattr(strategy, "trust", None)
    if measure is None:
        raise Http404
    count = services.record_trust(measure, user=access.acting_user(request.user))
    messages.success(
        request,
        _("The indicator “%(name)s” now has the results of %(n)d editions of the survey.")
        % {"name": measure.indicator.name, "n": count},
    )
    return redirect(strategy)


# --- plans ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new plan from a template: an action plan of a strategy, or (without ``pk``) RUS's
    activity plan or report."""
    if pk is not None:
        strategy: Strategy | None = _strategy(request, pk, write=True)
        assert strategy is not None
        organisation = strategy.organisation
    else:
        strategy = None
        organisation = _rus(request, write=True)
    form = PlanCreateForm(
        request.POST or None, strategy=strategy, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.plan_create(
            template=data["template"],
            organisation=organisation,
            strategy=strategy,
            year=data["year"],
            title=data["title"],
            goals=data.get("goals", []),
            user=access.acting_user(request.user),
        )
        messages.success(request, _("The plan was created from the template. Write it below."))
        return redirect(plan)
    back = strategy.get_absolute_url() if strategy else reverse("strategy:operations")
    return render(
        request,
        "strategy/plan_create.html",
        {"form": form, "strategy": strategy, "organisation": organisation, "back": back},
    )


@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not request.user.is_authenticated:
        return render(request, "strategy/plan_public.html", {"plan": plan})
    user = access.acting_user(request.user)
    action = request.POST.get("action", "")
    form = PlanForm(request.POST if action in workflow_views.EDIT_ACTIONS else None, plan=plan)

    def store(submit: bool) -> None:
        save = workflow.save_and_submit if submit else workflow.save
        save(
            item=plan, data=form.content(), expected_version=form.cleaned_data["version"], user=user
        )

    handlers = workflow_views.Handlers(
        save=lambda data, version: store(False), submit=lambda data, version: store(True)
    )
    done, ctx = workflow_views.handle(request, plan, form, handlers)
    if done:
        return done
    ctx.update(workflow_views.review_context(request, plan))
    ctx.update({"plan": plan, "open_required": plan.checks.filter(required=True, done=False)})
    return render(request, "strategy/plan_detail.html", ctx)


@login_required
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return workflow_views.history(request, plan, "strategy/plan_history.html", plan=plan)


# --- projects ------------------------------------------------------------------------------


@login_required
def portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = _strategy(request, pk)
    if not _staff(request, strategy.organisation):
        raise Http404
    rows = selectors.portfolio(strategy)
    ctx = {
        "strategy": strategy,
        "rows": rows,
        "today": timezone.localdate(),
        "can_change": _can_change(request, strategy.organisation),
    }
    return render(request, "strategy/portfolio.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(
    request: HttpRequest, pk: int | None = None, slug: str | None = None
) -> HttpResponse:
    project = _project(request, slug, write=True) if slug else None
    strategy = project.strategy if project else _strategy(request, pk or 0, write=True)
    if request.method == "POST":
        form = ProjectForm(
            request.POST, instance=project or Project(strategy=strategy), strategy=strategy
        )
        saved: dict[str, Project] = {}

        def save(data: dict[str, Any]) -> None:
            saved["p"] = services.project_save(
                project=project,
                strategy=strategy,
                data=data,
                expected_version=data.get("version"),
                user=access.acting_user(request.user),
            )

        ok, form = save_versioned(
            form, save, stored_record(Project, project.pk if project else None, form)
        )
        if ok:
            messages.success(request, _("The project was saved; its status reports are scheduled."))
            return redirect(saved["p"])
    else:
        form = ProjectForm(
            instance=project,
            strategy=strategy,
            initial={"version": project.version}
            if project
            else {"report_interval_months": 4, "report_due_days": 30, "public": True},
        )
    return render(
        request,
        "strategy/project_form.html",
        {"form": form, "project": project, "strategy": strategy},
    )


def _percent(value: Decimal | None) -> str:
    """42 as "42", 42.5 as "42,5" (in the reader's language)."""
    if value is None:
        return ""
    integral = value == value.to_integral_value()
    return format_number(value, 0 if integral else len(str(value.normalize()).partition(".")[2]))


def _budget_context(project: Project) -> dict[str, Any]:
    b = services.project_budget(project)
    balance = b.balance_by_year()
    return {
        "budget": b,
        "years": b.years,
        "cost_rows": b.costs.grid(),
        "financing_rows": b.financing.grid(),
        "costs_by_year": [b.costs.by_year().get(y, 0) for y in b.years],
        "financing_by_year": [b.financing.by_year().get(y, 0) for y in b.years],
        "balance": [balance[y] for y in b.years],
        "balance_total": b.financing.total - b.costs.total,
        "grant": b.grant,
        "grant_by_year": [b.grant.by_year.get(y, 0) for y in b.years] if b.grant else [],
        "binding": BINDING_LABELS.get(b.grant.binding, "") if b.grant else "",
        "grant_percent": _percent(b.grant.percent) if b.grant else "",
    }


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    staff = _staff(request, project.strategy.organisation)
    reports = list(project.reports.order_by("number")) if staff else []
    today = timezone.localdate()
    latest = (
        project.reports.filter(state__in=(State.APPROVED, State.PUBLISHED))
        .order_by("-number")
        .first()
    )
    ctx = {
        "project": project,
        "strategy": project.strategy,
        "staff": staff,
        "can_change": _can_change(request, project.strategy.organisation),
        "reports": reports,
        "today": today,
        "latest": latest,
        "latest_progress": latest.progress.select_related("subgoal") if latest else [],
        "planned_to_date": services.planned_to_date(project, latest.period_end) if latest else None,
        **_budget_context(project),
    }
    return render(request, "strategy/project_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug, write=True)
    data = request.POST.copy() if request.method == "POST" else None
    more = data is not None and "more" in data
    if more and data is not None:
        # Two more blank rows in each table; nothing is saved yet.
        for prefix in ("cost", "fin"):
            raw = data.get(f"{prefix}_rows", "0")
            data[f"{prefix}_rows"] = str((int(raw) if raw.isdigit() else 0) + 2)
    form = BudgetForm(data, project=project)
    if data is not None and not more and form.is_valid():
        try:
            services.budget_save(
                project=project,
                costs=form.costs,
                financing=form.financing,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            if exc.code == "conflict":
                messages.error(request, exc.messages[0])
                form = BudgetForm(project=Project.objects.get(pk=project.pk))
                form.conflict = True  # type: ignore[attr-defined]
            else:
                form.add_error(None, exc)
        else:
            b = services.project_budget(project)
            if b.balanced:
                messages.success(request, _("The budget was saved. Financing equals costs."))
            else:
                messages.warning(
                    request,
                    _(
                        "The budget was saved, but financing does not equal costs; see the "
                        "difference per year."
                    ),
                )
            return redirect(project)
    ctx = {
        "project": project,
        "form": form,
        "cost_grid": form.grid("cost"),
        "fin_grid": form.grid("fin"),
        **_budget_context(project),
    }
    return render(request, "strategy/budget_form.html", ctx)


def budget_download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    project = _project(request, slug)
    ctx = _budget_context(project)
    if kind == "pdf":
        from rus.lib.pdf import render_pdf

        response = HttpResponse(
            render_pdf("strategy/budget_pdf.html", {"project": project, **ctx}, request),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="budget-{project.slug}.pdf"'
        return response
    if kind not in ("xlsx", "csv", "excel-csv"):
        raise Http404
    years = ctx["years"]
    header = [_("Budget"), *[str(y) for y in years], _("Total")]
    rows: list[list[Any]] = [[_("Costs")]]
    rows += [[name, *amounts, total] for name, amounts, total in ctx["cost_rows"]]
    rows.append([_("Total costs"), *ctx["costs_by_year"], ctx["budget"].costs.total])
    rows += [[], [_("Financing")]]
    rows += [[name, *amounts, total] for name, amounts, total in ctx["financing_rows"]]
    rows.append([_("Total financing"), *ctx["financing_by_year"], ctx["budget"].financing.total])
    rows.append([_("Financing minus costs"), *ctx["balance"], ctx["balance_total"]])
    grant = ctx["grant"]
    if grant is not None:
        rows += [
            [],
            [_("Grant"), *ctx["grant_by_year"], grant.amount],
            [_("Grant without the cap"), *[""] * len(years), grant.uncapped],
            [_("Limit that binds"), *[""] * len(years), str(ctx["binding"])],
        ]
    name = f"budget-{project.slug}" + ("-excel" if kind == "excel-csv" else "")
    return table_response(name, _("Budget"), header, rows, kind)


# --- status reports ------------------------------------------------------------------------


def _report_page(
    request: HttpRequest, report: StatusReport, *, template: str, extra: dict[str, Any]
) -> HttpResponse:
    user = access.acting_user(request.user) if request.user.is_authenticated else None
    note = "" if user else _("project leader, through the personal link")
    action = request.POST.get("action", "")
    form = StatusReportForm(
        request.POST if action in workflow_views.EDIT_ACTIONS else None, report=report
    )

    def store(submit: bool) -> None:
        save = workflow.save_and_submit if submit else workflow.save
        save(
            item=report,
            data=form.content(),
            expected_version=form.cleaned_data["version"],
            user=user,
            note=note,
        )

    handlers = workflow_views.Handlers(
        save=lambda data, version: store(False), submit=lambda data, version: store(True)
    )
    if user is None:
        # Through the link: only save and submit, and only while the report is editable.
        if action and action not in workflow_views.EDIT_ACTIONS:
            raise PermissionDenied
        ctx: dict[str, Any] = {"form": form}
        if action:
            if not report.editable:
                messages.error(request, _("The report has been submitted; nothing was saved."))
                return redirect(request.path)
            if form.is_valid():
                try:
                    store(action == "submit")
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, workflow_views.DONE[action])
                    return redirect(request.path)
        ctx.update(
            {
                "can_edit": report.editable,
                "return_comment": workflow.latest_comment(report, "returned")
                if report.state == State.RETURNED
                else None,
            }
        )
    else:
        done, ctx = workflow_views.handle(request, report, form, handlers)
        if done:
            return done
        ctx.update(workflow_views.review_context(request, report))
    project = report.project
    b = services.project_budget(project)
    ctx.update(
        {
            "report": report,
            "project": project,
            "planned_to_date": services.planned_to_date(project, report.period_end),
            "costs_total": b.costs.total,
            "overdue": report.overdue(timezone.localdate()),
            **extra,
        }
    )
    response = render(request, template, ctx)
    if user is None:
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _report_page(request, report, template="strategy/report.html", extra={"link": False})


@require_http_methods(["GET", "POST"])
@csrf_protect
def report_link(request: HttpRequest, token: str) -> HttpResponse:
    """The project leader's page, reached through the personal link in the reminder."""
    try:
        link = links.read(token, services.REPORT_LINK)
    except links.LinkProblem as problem:
        return links.problem_page(
            request,
            problem,
            what=_("write a status report for your project"),
            ask=_("Ask the region that sent it."),
        )
    prefix, _sep, raw = link.subject.partition(":")
    report = (
        StatusReport.objects.select_related("project__strategy__organisation")
        .filter(pk=int(raw) if prefix == "strategy.report" and raw.isdigit() else 0)
        .first()
    )
    if report is None:
        raise Http404
    if request.user.is_authenticated and _staff(request, report.project.strategy.organisation):
        return redirect(report)
    return _report_page(request, report, template="strategy/report.html", extra={"link": True})


@login_required
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return workflow_views.history(request, report, "strategy/report_history.html", report=report)


# --- RUS's own operations ------------------------------------------------------------------


def _rus(request: HttpRequest, *, write: bool = False) -> Organisation:
    rus = get_object_or_404(Organisation, key="rus")
    if not request.user.is_authenticated or not access.can_view_organisation(request.user, rus):
        raise Http404
    if write and not access.can_change_organisation(request.user, rus):
        raise PermissionDenied
    return rus


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("ar", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    rus = _rus(request)
    year = _year(request)
    members = (
        WorkingGroupMember.objects.filter(year=year)
        .select_related("organisation__area")
        .order_by("-lead", "organisation__area__code", "name")
    )
    rows = services.reimbursements(year)
    this_year = timezone.localdate().year
    years = sorted(
        set(WorkingGroupMember.objects.values_list("year", flat=True))
        | {year, this_year, this_year + 1},
        reverse=True,
    )
    ctx = {
        "year": year,
        "years": years,
        "plans": Plan.objects.filter(organisation=rus).order_by("-year", "kind"),
        "members": members.prefetch_related("objectives"),
        "rows": rows,
        "rate": ReimbursementRate.objects.filter(year=year).first(),
        "total_share": sum(r.share_percent for r in rows),
        "total_amount": sum(r.amount or 0 for r in rows),
        "can_change": access.can_change_organisation(request.user, rus),
    }
    return render(request, "strategy/operations.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _rus(request, write=True)
    member = get_object_or_404(WorkingGroupMember, pk=pk) if pk else None
    if request.method == "POST" and request.POST.get("action") == "delete" and member:
        year = member.year
        member.delete()
        messages.success(request, _("The member was removed from the working group."))
        return redirect(reverse("strategy:operations") + f"?ar={year}")
    if request.method == "POST":
        form = MemberForm(request.POST, instance=member or WorkingGroupMember())
        ok, form = save_versioned(
            form,
            lambda data: services.member_save(
                member=member, data=data, expected_version=data.get("version")
            ),
            stored_record(WorkingGroupMember, pk, form),
        )
        if ok:
            messages.success(
                request,
                _("%(name)s was saved in the working group %(year)d.")
                % {"name": form.cleaned_data["name"], "year": form.cleaned_data["year"]},
            )
            return redirect(reverse("strategy:operations") + f"?ar={form.cleaned_data['year']}")
    else:
        form = MemberForm(
            instance=member,
            initial={"version": member.version}
            if member
            else {"year": _year(request), "share_percent": 30},
        )
    return render(request, "strategy/member_form.html", {"form": form, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def rate_edit(request: HttpRequest) -> HttpResponse:
    _rus(request, write=True)
    year = _year(request)
    rate = ReimbursementRate.objects.filter(year=year).first()
    form = RateForm(
        request.POST or None,
        initial={"year": year, "annual_cost": rate.annual_cost if rate else None},
    )
    if request.method == "POST" and form.is_valid():
        services.rate_save(
            year=form.cleaned_data["year"], annual_cost=form.cleaned_data["annual_cost"]
        )
        messages.success(request, _("The cost of a full-time year was saved."))
        return redirect(reverse("strategy:operations") + f"?ar={form.cleaned_data['year']}")
    return render(request, "strategy/rate_form.html", {"form": form, "year": year})


@login_required
def reimbursement_download(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    _rus(request)
    if kind not in ("csv", "excel-csv", "xlsx"):
        raise Http404
    header = [
        _("County board"),
        _("County code"),
        _("Members"),
        _("Share of full time (per cent)"),
        _("Reimbursement (SEK)"),
    ]
    owed = services.reimbursements(year)
    rows: list[list[Any]] = [
        [
            r.organisation.name,
            r.organisation.area.code if r.organisation.area else "",
            ", ".join(f"{m.name} ({m.share_percent} %)" for m in r.members),
            r.share_percent,
            r.amount,
        ]
        for r in owed
    ]
    amounts = [r.amount for r in owed]
    total = None if None in amounts else sum(a or 0 for a in amounts)
    rows.append([_("Total"), "", "", sum(r.share_percent for r in owed), total])
    name = f"rus-ersattning-{year}" + ("-excel" if kind == "excel-csv" else "")
    return table_response(name, _("Reimbursement"), header, rows, kind)
