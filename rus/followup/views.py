from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.areas.models import Area
from rus.followup import selectors, services
from rus.followup.forms import AssessmentForm, PublishForm, RoundForm
from rus.followup.models import REACHED_SHORT, Assessment, FollowUpRound, Reached, Trend
from rus.goals.models import Goal
from rus.indicators import selectors as indicator_selectors
from rus.lib.caching import cache_key, public_page
from rus.lib.downloads import table_response
from rus.lib.pdf import render_pdf
from rus.lib.textdiff import diff_words
from rus.workflow import services as workflow
from rus.workflow import views as workflow_views
from rus.workflow.models import field_label

ASSESSMENTS = Assessment.objects.select_related("round", "organisation", "area", "goal")


def _round_for(request: HttpRequest, year: int) -> tuple[FollowUpRound, bool]:
    """The round and whether this reader sees RUS's preview (every assessment, whatever its
    state) rather than the public judgements."""
    rnd = get_object_or_404(FollowUpRound, year=year)
    staff = access.can_review(request.user)
    if not selectors.is_public(rnd) and not staff:
        raise Http404("Not published")
    return rnd, staff and not selectors.is_public(rnd)


@require_http_methods(["GET", "POST"])
@public_page
def index(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        access.require_administrator(request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                rnd = services.round_open(
                    year=data["year"],
                    deadline=data["deadline"],
                    report_date=data["report_date"],
                    carry_forward_reached=data["carry_forward_reached"],
                    user=access.acting_user(request.user),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("The round was opened with %(n)d assessments.")
                    % {"n": rnd.assessments.count()},
                )
                return redirect("followup:dashboard", year=rnd.year)
    rounds = list(FollowUpRound.objects.all())
    coverage = {r.pk: selectors.coverage(r) for r in rounds}
    rows = [(r, coverage[r.pk]) for r in rounds]
    return render(
        request,
        "followup/index.html",
        {"rows": rows, "form": form, "can_review": access.can_review(request.user)},
    )


def _compilation_context(request: HttpRequest, year: int) -> dict[str, Any]:
    rnd, preview = _round_for(request, year)
    compare = None
    other = request.GET.get("jamfor", "")
    if other.isdigit():
        compare = FollowUpRound.objects.filter(year=int(other), published_at__isnull=False).first()
    result = selectors.compilation(rnd, include_unpublished=preview, compare=compare)
    return {
        "c": result,
        "preview": preview,
        "reached_choices": [
            (v, REACHED_SHORT[Reached(v)], selectors.REACHED_SYMBOLS[Reached(v)])
            for v in Reached.values
        ],
        "trend_choices": [
            (v, Trend(v).label, selectors.TREND_SYMBOLS[Trend(v)]) for v in Trend.values
        ],
    }


def _published_years() -> list[int]:
    return list(
        FollowUpRound.objects.filter(published_at__isnull=False).values_list("year", flat=True)
    )


def compilation(request: HttpRequest, year: int) -> HttpResponse:
    """The compilation's body is the same for every reader of a published round, so it is
    rendered once per change of the public data and kept in the cache; the page around it is
    per user. Before publication, RUS sees a preview and everyone else what is under way."""
    rnd = get_object_or_404(FollowUpRound, year=year)
    if not selectors.is_public(rnd):
        if not access.can_review(request.user):
            return _under_way(request, rnd)
        ctx = _compilation_context(request, year)
        body = render_to_string("followup/_compilation_body.html", ctx, request)
        previous_year = ctx["c"].previous.year if ctx["c"].previous else None
        return render(
            request,
            "followup/compilation.html",
            {
                **ctx,
                "round": rnd,
                "body": body,
                "previous_year": previous_year,
                "years": _published_years(),
                "can_review": True,
            },
        )
    compare = request.GET.get("jamfor", "")
    key = cache_key("compilation", year, compare)
    cached = cache.get(key)
    if cached is None:
        ctx = _compilation_context(request, year)
        cached = {
            "body": render_to_string("followup/_compilation_body.html", ctx, request),
            "previous_year": ctx["c"].previous.year if ctx["c"].previous else None,
        }
        cache.set(key, cached, timeout=24 * 3600)
    ctx = {
        "round": rnd,
        "body": cached["body"],
        "previous_year": cached["previous_year"],
        "years": _published_years(),
        "can_review": access.can_review(request.user),
    }
    return render(request, "followup/compilation.html", ctx)


def _under_way(request: HttpRequest, rnd: FollowUpRound) -> HttpResponse:
    """A round not yet published, for readers outside RUS: when it closes and when the
    judgements will be public, and, for a county's own staff, where their work is."""
    own = []
    if request.user.is_authenticated:
        own = list(
            rnd.assessments.filter(organisation__in=access.visible_organisations(request.user))
            .values("state")
            .annotate(n=Count("pk"))
            .order_by("state")
        )
    ctx = {
        "round": rnd,
        "own": [(Assessment.State(r["state"]).label, r["n"]) for r in own],
        "days_left": (rnd.deadline - timezone.localdate()).days,
    }
    return render(request, "followup/under_way.html", ctx)


def compilation_pdf(request: HttpRequest, year: int) -> HttpResponse:
    ctx = _compilation_context(request, year)
    response = HttpResponse(
        render_pdf("followup/compilation_pdf.html", ctx, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="rau-{year}.pdf"'
    return response


def table_header() -> list[str]:
    return [
        _("Year"),
        _("County code"),
        _("County"),
        _("Objective number"),
        _("Objective"),
        _("Assessed by"),
        _("Reached"),
        _("Trend"),
        _("Summary"),
        _("Justification"),
        _("Actions taken"),
        _("Contribution to the generational goal"),
        _("Corrected"),
        _("Source"),
    ]


def _table(rnd: FollowUpRound, preview: bool, county: str | None = None) -> list[list[Any]]:
    assessments = selectors.visible_assessments(rnd, include_unpublished=preview)
    chosen = sorted(
        (a for a in assessments if county is None or a.area.code == county),
        key=lambda a: (a.area.code, a.goal.number or 0),
    )
    return [
        [
            rnd.year,
            a.area.code,
            a.area.name,
            a.goal.number,
            a.goal.name,
            a.organisation.name,
            a.get_reached_display() if a.reached else "",
            a.get_trend_display() if a.trend else "",
            a.summary,
            a.justification,
            a.actions,
            a.generational_goal,
            a.published_at.date().isoformat() if a.corrected and a.published_at else "",
            a.source or _("Regional follow-up %(year)d in rus") % {"year": rnd.year},
        ]
        for a in chosen
    ]


def compilation_download(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    rnd, preview = _round_for(request, year)
    return table_response(f"rau-{year}", f"RÅU {year}", table_header(), _table(rnd, preview), kind)


def county_download(request: HttpRequest, year: int, code: str, kind: str) -> HttpResponse:
    rnd, preview = _round_for(request, year)
    get_object_or_404(Area, code=code, level=Area.Level.COUNTY)
    return table_response(
        f"rau-{year}-{code}", f"RÅU {year} {code}", table_header(), _table(rnd, preview, code), kind
    )


def _county_context(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    rnd, preview = _round_for(request, year)
    county = get_object_or_404(Area, code=code, level=Area.Level.COUNTY)
    assessments = [
        a
        for a in selectors.visible_assessments(rnd, include_unpublished=preview)
        if a.area_id == county.pk
    ]
    assessments.sort(key=lambda a: a.goal.number or 0)
    return {"round": rnd, "county": county, "assessments": assessments, "preview": preview}


def county(request: HttpRequest, year: int, code: str) -> HttpResponse:
    return render(request, "followup/county.html", _county_context(request, year, code))


def county_pdf(request: HttpRequest, year: int, code: str) -> HttpResponse:
    ctx = _county_context(request, year, code)
    response = HttpResponse(
        render_pdf("followup/county_pdf.html", ctx, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="rau-{year}-{code}.pdf"'
    return response


# --- RUS's work with a round -------------------------------------------------------------


def _require_review(request: HttpRequest) -> None:
    if not access.can_review(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request: HttpRequest, year: int) -> HttpResponse:
    _require_review(request)
    rnd = get_object_or_404(FollowUpRound, year=year)
    if request.method == "POST":
        access.require_administrator(request.user)
        if request.POST.get("action") == "remind":
            sent = services.send_reminders(rnd=rnd, today=timezone.localdate())
            messages.success(
                request,
                _("%(n)d reminders were queued; the outbox shows when they go out.") % {"n": sent}
                if sent
                else _(
                    "No reminders were due: they go out from a week before the deadline, "
                    "at most once a day."
                ),
            )
        return redirect("followup:dashboard", year=year)
    counties, days_left = selectors.dashboard(rnd, timezone.localdate())
    states = list(Assessment.State)
    totals = {s.value: sum(c.counts[s] for c in counties) for s in states}
    ctx = {
        "round": rnd,
        "counties": [(c, [(s, c.counts[s]) for s in states]) for c in counties],
        "states": states,
        "totals": [(s, totals[s.value]) for s in states],
        "total": sum(totals.values()),
        "days_left": days_left,
        "days_late": -days_left,
        "preview": services.publish_preview(rnd, timezone.localdate()),
        "can_publish": access.is_administrator(request.user),
    }
    return render(request, "followup/dashboard.html", ctx)


@login_required
def assessment_list(request: HttpRequest, year: int) -> HttpResponse:
    """Every assessment of a round, filtered by state, county and objective: where the
    overview's counts lead."""
    _require_review(request)
    rnd = get_object_or_404(FollowUpRound, year=year)
    qs = rnd.assessments.select_related("area", "goal", "organisation").order_by(
        "area__code", "goal__number"
    )
    state = request.GET.get("status", "")
    if state in Assessment.State.values:
        qs = qs.filter(state=state)
    county = request.GET.get("lan", "")
    if county:
        qs = qs.filter(area__code=county)
    number = request.GET.get("mal", "")
    if number.isdigit():
        qs = qs.filter(goal__number=int(number))
    if request.GET.get("ej_paborjade"):
        qs = qs.filter(started=False)
    ctx = {
        "round": rnd,
        "assessments": qs,
        "states": list(Assessment.State),
        "state": state,
        "county": county,
        "number": number,
        "counties": Area.objects.filter(level=Area.Level.COUNTY).order_by("code"),
        "objectives": Goal.objects.filter(
            framework__code="miljomal", kind=Goal.Kind.OBJECTIVE
        ).order_by("number"),
    }
    return render(request, "followup/assessment_list.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, year: int) -> HttpResponse:
    """Publishing in two steps: what will and will not be published, then a confirmation;
    before the deadline only with a reason."""
    rnd = get_object_or_404(FollowUpRound, year=year)
    form = PublishForm(request.POST or None, initial={"national_summary": rnd.national_summary})

    def do(data: dict[str, Any]) -> str:
        count = services.round_publish(
            rnd=rnd,
            user=access.acting_user(request.user),
            summary=data["national_summary"],
            reason=data["reason"],
        )
        return str(_("The follow-up was published with %(n)d assessments.") % {"n": count})

    return workflow_views.publish_page(
        request,
        rnd,
        form,
        do,
        template="followup/publish.html",
        back=reverse("followup:compilation", args=[year])
        if request.method == "POST"
        else reverse("followup:dashboard", args=[year]),
        context={"preview": services.publish_preview(rnd, timezone.localdate())},
    )


# --- one assessment ----------------------------------------------------------------------


def _indicator_panels(assessment: Assessment) -> list[dict[str, Any]]:
    panels = []
    indicators = list(assessment.indicators.prefetch_related("targets"))
    series = indicator_selectors.series_for_many(indicators, [assessment.area])
    for indicator in indicators:
        s = series[(indicator.pk, assessment.area.pk)]
        result = indicator_selectors.series_progress(indicator, s)
        label, symbol = indicator_selectors.progress_label(result.status)
        panels.append(
            {
                "indicator": indicator,
                "values": [(p, v, s.flags.get(p, "")) for p, v in sorted(s.values.items())][-6:],
                "label": label,
                "symbol": symbol,
                "explanation": indicator_selectors.progress_explanation(result, indicator),
            }
        )
    return panels


TEXT_FIELDS = ("summary", "justification", "actions", "generational_goal")


def _last_year(assessment: Assessment) -> Assessment | None:
    """The judgement published for an earlier year with texts to start from, if any."""
    earlier = selectors.public_assessments(area=assessment.area, goal=assessment.goal)
    earlier = [
        a
        for a in earlier
        if a.round.year < assessment.round.year
        and a.organisation_id == assessment.organisation_id
        and any(getattr(a, f) for f in TEXT_FIELDS)
    ]
    return earlier[-1] if earlier else None


def _diffs(assessment: Assessment, last_year: Assessment | None) -> dict[str, Any]:
    current = assessment.snapshot()
    labels = {f: field_label(Assessment, f) for f in TEXT_FIELDS}

    def against(old: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"label": label, "parts": diff_words(old.get(field) or "", current[field] or "")}
            for field, label in labels.items()
            if (old.get(field) or "") != (current[field] or "")
        ]

    # The latest saved version whose texts differ from now: what the reviewer last saw.
    previous = next(
        (
            v
            for v in workflow.versions(assessment).order_by("-number")
            if any(v.data.get(f) != current[f] for f in TEXT_FIELDS)
        ),
        None,
    )
    return {
        "diff_version": against(previous.data) if previous else None,
        "previous_version": previous,
        "diff_last_year": against(last_year.snapshot()) if last_year else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_owned(request.user, ASSESSMENTS, pk)
    user = access.acting_user(request.user)
    last_year = _last_year(item)
    start_from_last_year = (
        request.method == "GET" and request.GET.get("utgangspunkt") == "forra-aret" and last_year
    )
    initial = {"version": item.version}
    if start_from_last_year and last_year:
        initial.update({f: getattr(last_year, f) for f in TEXT_FIELDS})
    action = request.POST.get("action", "")
    form = AssessmentForm(
        request.POST if action in workflow_views.EDIT_ACTIONS else None,
        instance=item,
        initial=initial,
    )
    handlers = workflow_views.Handlers(
        save=lambda data, version: services.assessment_save(
            assessment=item, data=data, expected_version=version, user=user
        ),
        submit=lambda data, version: services.assessment_save_and_submit(
            assessment=item, data=data, expected_version=version, user=user
        ),
    )
    done, ctx = workflow_views.handle(request, item, form, handlers)
    if done:
        return done
    ctx.update(workflow_views.review_context(request, item))
    ctx.update(
        {
            "a": item,
            "panels": _indicator_panels(item),
            "last_year": last_year,
            "started_from_last_year": bool(start_from_last_year),
            **_diffs(item, last_year),
        }
    )
    return render(request, "followup/assessment.html", ctx)


@login_required
def assessment_history(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_owned(request.user, ASSESSMENTS, pk)
    return workflow_views.history(request, item, "followup/assessment_history.html", a=item)
