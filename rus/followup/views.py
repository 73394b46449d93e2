from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.areas.models import Area
from rus.followup import selectors, services
from rus.followup.forms import AssessmentForm, CommentForm, PublishForm, ReviewForm, RoundForm
from rus.followup.models import (
    REACHED_SHORT,
    Assessment,
    AssessmentVersion,
    FollowUpRound,
    Reached,
    Trend,
)
from rus.front.cache import cache_key
from rus.indicators import selectors as indicator_selectors
from rus.lib.downloads import csv_response, xlsx_response
from rus.lib.pdf import render_pdf
from rus.lib.textdiff import diff_lines


def _round_for(request: HttpRequest, year: int) -> tuple[FollowUpRound, bool]:
    """The round and whether this user may see its unpublished assessments (RUS staff)."""
    rnd = get_object_or_404(FollowUpRound, year=year)
    staff = access.can_review(request.user)
    if rnd.state != FollowUpRound.State.PUBLISHED and not staff:
        raise Http404("Not published")
    return rnd, staff and rnd.state != FollowUpRound.State.PUBLISHED


@require_http_methods(["GET", "POST"])
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
    rounds = FollowUpRound.objects.all()
    if not access.can_review(request.user):
        rounds = rounds.filter(state=FollowUpRound.State.PUBLISHED)
    return render(request, "followup/index.html", {"rounds": rounds, "form": form})


def _compilation_context(request: HttpRequest, year: int) -> dict[str, Any]:
    rnd, preview = _round_for(request, year)
    compare = None
    other = request.GET.get("jamfor", "")
    if other.isdigit():
        compare = FollowUpRound.objects.filter(
            year=int(other), state=FollowUpRound.State.PUBLISHED
        ).first()
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
        "years": FollowUpRound.objects.filter(state=FollowUpRound.State.PUBLISHED).values_list(
            "year", flat=True
        ),
    }


def compilation(request: HttpRequest, year: int) -> HttpResponse:
    """The compilation's body is the same for every reader of a published round, so it is
    rendered once per change and kept in the cache; the page around it is per user."""
    rnd = get_object_or_404(FollowUpRound, year=year)
    if rnd.state != FollowUpRound.State.PUBLISHED:
        ctx = _compilation_context(request, year)
        body = render_to_string("followup/_compilation_body.html", ctx, request)
        previous_year = ctx["c"].previous.year if ctx["c"].previous else None
        return render(
            request,
            "followup/compilation.html",
            {**ctx, "round": rnd, "body": body, "previous_year": previous_year},
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
        "years": FollowUpRound.objects.filter(state=FollowUpRound.State.PUBLISHED).values_list(
            "year", flat=True
        ),
        "can_review": access.can_review(request.user),
    }
    return render(request, "followup/compilation.html", ctx)


def compilation_pdf(request: HttpRequest, year: int) -> HttpResponse:
    ctx = _compilation_context(request, year)
    response = HttpResponse(
        render_pdf("followup/compilation_pdf.html", ctx, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="rau-{year}.pdf"'
    return response


TABLE_HEADER = [
    "year",
    "county_code",
    "county",
    "objective_no",
    "objective",
    "organisation",
    "reached",
    "trend",
    "summary",
    "justification",
    "actions",
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
            a.goal.name_sv,
            a.organisation.name,
            a.get_reached_display() if a.reached else "",
            a.get_trend_display() if a.trend else "",
            a.summary,
            a.justification,
            a.actions,
        ]
        for a in chosen
    ]


def compilation_csv(request: HttpRequest, year: int) -> HttpResponse:
    rnd, preview = _round_for(request, year)
    return csv_response(f"rau-{year}.csv", TABLE_HEADER, _table(rnd, preview))


def compilation_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    rnd, preview = _round_for(request, year)
    return xlsx_response(f"rau-{year}.xlsx", f"RÅU {year}", TABLE_HEADER, _table(rnd, preview))


def county_csv(request: HttpRequest, year: int, code: str) -> HttpResponse:
    rnd, preview = _round_for(request, year)
    get_object_or_404(Area, code=code, level=Area.Level.COUNTY)
    return csv_response(f"rau-{year}-{code}.csv", TABLE_HEADER, _table(rnd, preview, code))


def county_xlsx(request: HttpRequest, year: int, code: str) -> HttpResponse:
    rnd, preview = _round_for(request, year)
    get_object_or_404(Area, code=code, level=Area.Level.COUNTY)
    return xlsx_response(
        f"rau-{year}-{code}.xlsx", f"RÅU {year} {code}", TABLE_HEADER, _table(rnd, preview, code)
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


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request: HttpRequest, year: int) -> HttpResponse:
    if not access.can_review(request.user):
        raise PermissionDenied
    rnd = get_object_or_404(FollowUpRound, year=year)
    publish = PublishForm(request.POST or None, initial={"national_summary": rnd.national_summary})
    if request.method == "POST":
        access.require_administrator(request.user)
        user = access.acting_user(request.user)
        try:
            if request.POST.get("action") == "remind":
                sent = services.send_reminders(rnd=rnd, today=timezone.localdate())
                messages.success(request, _("%(n)d reminders were sent.") % {"n": sent})
                return redirect("followup:dashboard", year=year)
            if request.POST.get("action") == "publish" and publish.is_valid():
                count = services.round_publish(
                    rnd=rnd, user=user, summary=publish.cleaned_data["national_summary"]
                )
                messages.success(
                    request, _("The follow-up was published with %(n)d assessments.") % {"n": count}
                )
                return redirect("followup:compilation", year=year)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    counties, days_left = selectors.dashboard(rnd, timezone.localdate())
    states = list(Assessment.State)
    ctx = {
        "round": rnd,
        "counties": [(c, [c.counts[s] for s in states]) for c in counties],
        "states": states,
        "days_left": days_left,
        "days_late": -days_left,
        "publish": publish,
        "can_publish": access.is_administrator(request.user),
    }
    return render(request, "followup/dashboard.html", ctx)


def _indicator_panels(assessment: Assessment) -> list[dict[str, Any]]:
    panels = []
    for indicator in assessment.indicators.all():
        (series,) = indicator_selectors.series_for(indicator, [assessment.area])
        result = indicator_selectors.series_progress(indicator, series)
        label, symbol = indicator_selectors.progress_label(result.status)
        panels.append(
            {
                "indicator": indicator,
                "values": sorted(series.values.items())[-6:],
                "label": label,
                "symbol": symbol,
                "explanation": indicator_selectors.progress_explanation(result, indicator),
            }
        )
    return panels


def _diffs(assessment: Assessment) -> dict[str, Any]:
    last_year = (
        Assessment.objects.filter(
            organisation=assessment.organisation,
            area=assessment.area,
            goal=assessment.goal,
            round__year__lt=assessment.round.year,
            state=Assessment.State.PUBLISHED,
        )
        .order_by("-round__year")
        .first()
    )
    current = services.snapshot(assessment)

    labels = {
        "summary": _("Summary"),
        "justification": _("Justification"),
        "actions": _("Actions taken"),
    }

    def against(old: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        return [
            (label, diff_lines(old.get(field, ""), current[field]))
            for field, label in labels.items()
            if old.get(field, "") != current[field]
        ]

    # The latest saved version whose texts differ from now: what the reviewer last saw.
    previous_version: AssessmentVersion | None = next(
        (v for v in assessment.versions.order_by("-number") if v.data != current), None
    )
    return {
        "diff_version": against(previous_version.data) if previous_version else None,
        "previous_version": previous_version,
        "diff_last_year": against(services.snapshot(last_year)) if last_year else None,
        "last_year": last_year,
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_assessment(request.user, pk)
    user = access.acting_user(request.user)
    can_edit = access.can_change_organisation(user, item.organisation) and item.editable
    can_review = access.can_review(user) and item.state == Assessment.State.SUBMITTED
    action = request.POST.get("action", "")
    form = AssessmentForm(
        request.POST if action in ("save", "submit") else None,
        instance=item,
        initial={"version": item.version},
    )
    review = ReviewForm(
        request.POST if action in ("approve", "return") else None, initial={"version": item.version}
    )
    comment = CommentForm(request.POST if action == "comment" else None, assessment=item)
    saved = None
    if request.method == "POST":
        try:
            if _assessment_action(
                request, item, user, action, form, review, comment, can_edit, can_review
            ):
                return redirect("followup:assessment", pk=pk)
        except ValidationError as exc:
            target = (
                review
                if action in ("approve", "return")
                else comment
                if action == "comment"
                else form
            )
            target.add_error(None, exc)
            if getattr(exc, "code", None) == "conflict":
                saved = Assessment.objects.get(pk=pk)
                form.data = {**form.data.dict(), "version": str(saved.version)}  # type: ignore[attr-defined]
    ctx = {
        "a": item,
        "form": form,
        "review": review,
        "comment_form": comment,
        "can_edit": can_edit,
        "can_review": can_review,
        "can_comment": access.can_review(user)
        or access.can_change_organisation(user, item.organisation),
        "saved": saved,
        "comments": item.comments.filter(parent__isnull=True)
        .prefetch_related("replies__author")
        .select_related("author"),
        "panels": _indicator_panels(item),
        **_diffs(item),
    }
    return render(request, "followup/assessment.html", ctx)


def _assessment_action(
    request: HttpRequest,
    item: Assessment,
    user: Any,
    action: str,
    form: AssessmentForm,
    review: ReviewForm,
    comment: CommentForm,
    can_edit: bool,
    can_review: bool,
) -> bool:
    if action in ("save", "submit"):
        if not can_edit:
            raise PermissionDenied
        if not form.is_valid():
            return False
        data = dict(form.cleaned_data)
        if form.fields["reached"].disabled:
            data.pop("reached", None)
        services.assessment_save(
            assessment=item, data=data, expected_version=data["version"], user=user
        )
        if action == "submit":
            services.assessment_submit(assessment=item, expected_version=item.version, user=user)
            messages.success(request, _("The assessment was submitted to RUS."))
        else:
            messages.success(request, _("The assessment was saved."))
        return True
    if action in ("approve", "return"):
        if not can_review:
            raise PermissionDenied
        if not review.is_valid():
            return False
        version = review.cleaned_data["version"]
        if action == "approve":
            services.assessment_approve(assessment=item, expected_version=version, user=user)
            messages.success(request, _("The assessment was approved."))
        else:
            services.assessment_return(
                assessment=item,
                expected_version=version,
                user=user,
                comment=review.cleaned_data["comment"],
            )
            messages.success(request, _("The assessment was returned to the county."))
        return True
    if action == "comment":
        if not (access.can_review(user) or access.can_change_organisation(user, item.organisation)):
            raise PermissionDenied
        if not comment.is_valid():
            return False
        services.comment_add(
            assessment=item,
            author=user,
            text=comment.cleaned_data["text"],
            parent=comment.cleaned_data["parent"],
        )
        messages.success(request, _("The comment was added."))
        return True
    raise PermissionDenied
