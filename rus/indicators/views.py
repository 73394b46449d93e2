from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.areas.models import Area
from rus.goals.models import Goal
from rus.indicators import rounds, selectors, services
from rus.indicators.forms import (
    CatalogueForm,
    MappingForm,
    RoundForm,
    RoundValueFormSet,
    SeriesSelectionForm,
    UpdateForm,
    UploadForm,
)
from rus.indicators.models import ImportBatch, Indicator, IndicatorUpdate, Observation, UpdateRound
from rus.lib.caching import open_data, public_page
from rus.lib.charts import MapArea, Series, choropleth, line_chart
from rus.lib.downloads import table_response
from rus.lib.tabular import Problem, SourceError
from rus.workflow import views as workflow_views
from rus.workflow.forms import PublishConfirmForm

DEFAULT_AREA = "00"
UPDATES = IndicatorUpdate.objects.select_related("round", "indicator", "organisation", "area")


@public_page
def indicator_list(request: HttpRequest) -> HttpResponse:
    """The catalogue: every indicator, filtered by objective, area level, source or words."""
    objectives = list(
        Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by("number")
    )
    sources = sorted(set(Indicator.objects.exclude(source="").values_list("source", flat=True)))
    form = CatalogueForm(request.GET or None, objectives=objectives, sources=sources)
    indicators = Indicator.objects.prefetch_related("goals").order_by("name_sv")
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("q"):
        words = data["q"].split()
        for word in words:
            indicators = indicators.filter(
                Q(name_sv__icontains=word)
                | Q(name_en__icontains=word)
                | Q(description_sv__icontains=word)
                | Q(code__icontains=word)
            )
    if data.get("mal") == 0:
        indicators = indicators.filter(
            goals__framework__code="miljomal", goals__kind=Goal.Kind.GENERATIONAL_GOAL
        ).distinct()
    elif data.get("mal"):
        indicators = indicators.filter(
            goals__framework__code="miljomal", goals__number=data["mal"]
        ).distinct()
    if data.get("kalla"):
        indicators = indicators.filter(source=data["kalla"])
    result = list(indicators)
    if data.get("niva"):
        result = [i for i in result if data["niva"] in (i.area_levels or [])]
    ctx = {"indicators": result, "form": form, "total": Indicator.objects.count()}
    return render(request, "indicators/indicator_list.html", ctx)


def _selection(request: HttpRequest, indicator: Indicator) -> dict[str, Any]:
    """Read the page's query string into a selection; anything invalid falls back to defaults."""
    dims = selectors.dimension_options(indicator)
    dim_choices = [(d, selectors.dimension_label(d)) for d in dims]
    # distinct() in the database: an indicator can have tens of thousands of values.
    years = sorted(
        selectors.public_observations(indicator)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    form = SeriesSelectionForm(request.GET or None, dimensions=dim_choices, years=years)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    areas = list(data.get("omrade") or Area.objects.filter(code=DEFAULT_AREA))
    dimension = data.get("dimension") or ""
    level = data.get("karta") or Area.Level.COUNTY
    default = selectors.map_period(indicator, level=level, dimensions=dimension)
    year = data.get("ar") or (default.period if default else "")
    return {"form": form, "areas": areas, "dimension": dimension, "level": level, "year": year}


@public_page
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("responsible"), code=code)
    sel = _selection(request, indicator)
    series = selectors.series_for(indicator, sel["areas"], dimensions=sel["dimension"])
    period_list = selectors.periods(series)
    dim_label = selectors.dimension_label(sel["dimension"]) if sel["dimension"] else _("Total")
    chart_series = [
        Series(s.area.name, [(int(p[:4]), v) for p, v in s.values.items() if v is not None])
        for s in series
    ]
    names = ", ".join(s.area.name for s in series)
    chart = line_chart(
        chart_series,
        title=f"{indicator.name} ({dim_label}), {indicator.unit}",
        description=_(
            "Line chart of %(indicator)s for %(areas)s. "
            "The same values are in the table below the chart."
        )
        % {"indicator": indicator.name, "areas": names},
        unit=indicator.unit,
    )
    map_values = selectors.values_by_area(
        indicator, level=sel["level"], period=sel["year"], dimensions=sel["dimension"]
    )
    level_areas = list(Area.objects.filter(level=sel["level"]).only("code", "name", "shape"))
    map_areas = [
        MapArea(a.code, a.name, a.shape, map_values.get(a.pk, (None, ""))[0]) for a in level_areas
    ]
    flags = {a.code: map_values.get(a.pk, (None, ""))[1] for a in level_areas}
    map_svg, legend = choropleth(
        map_areas,
        title=_("Map of %(indicator)s %(year)s")
        % {"indicator": indicator.name, "year": sel["year"]},
        description=_("The values are in the table below the map."),
    )
    rows = [
        {
            "period": p,
            "cells": [
                (s.values.get(p), s.flags.get(p, "")) if p in s.values else None for s in series
            ],
        }
        for p in period_list
    ]
    ctx = {
        "indicator": indicator,
        "form": sel["form"],
        "series": series,
        "rows": rows,
        "chart": chart,
        "map_svg": map_svg,
        "legend": legend,
        "map_rows": sorted(
            ((a.name, a.code, a.value, flags.get(a.code, "")) for a in map_areas),
            key=lambda r: r[1],
        ),
        "coverage": selectors.coverage(
            indicator, level=sel["level"], period=sel["year"], dimensions=sel["dimension"]
        ),
        "map_level": sel["level"],
        "map_year": sel["year"],
        "dimension_label": dim_label,
        "progress": [_progress_row(indicator, s) for s in series],
        "query": request.GET.urlencode(),
        "climate": [
            f
            for s in series
            if indicator.unit.startswith("ton CO2") and not sel["dimension"]
            for f in [selectors.climate_figures(s, timezone.now().year)]
            if f
        ],
        "comments": selectors.public_comments(indicator, sel["areas"]),
    }
    return render(request, "indicators/indicator_detail.html", ctx)


def _progress_row(indicator: Indicator, series: selectors.AreaSeries) -> dict[str, Any]:
    result = selectors.series_progress(indicator, series)
    label, symbol = selectors.progress_label(result.status)
    return {
        "area": series.area,
        "status": result.status.value,
        "label": label,
        "symbol": symbol,
        "explanation": selectors.progress_explanation(result, indicator),
    }


@open_data
def indicator_download(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """What the page shows, as a file: one row per area and period, with the value's status
    and its source, headed in the reader's language."""
    indicator = get_object_or_404(Indicator, code=code)
    sel = _selection(request, indicator)
    series = selectors.series_for(indicator, sel["areas"], dimensions=sel["dimension"])
    header = [
        _("Indicator"),
        _("Area code"),
        _("Area"),
        _("Period"),
        _("Breakdown"),
        _("Value"),
        _("Unit"),
        _("Status"),
        _("Source"),
    ]
    flag_labels = dict(Observation.Flag.choices)
    body = [
        [
            indicator.code,
            s.area.code,
            s.area.name,
            p,
            selectors.dimension_label(sel["dimension"]),
            v,
            indicator.unit,
            str(flag_labels.get(s.flags.get(p, ""), "")) if s.flags.get(p) else "",
            indicator.source,
        ]
        for s in series
        for p, v in s.values.items()
    ]
    return table_response(indicator.code, indicator.code, header, body, kind)


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = services.upload_start(
            indicator=form.cleaned_data["indicator"],
            upload=form.cleaned_data["file"],
            user=access.acting_user(request.user),
        )
        return redirect("indicators:import_preview", pk=batch.pk)
    recent = ImportBatch.objects.exclude(state=ImportBatch.State.DRY_RUN).select_related(
        "indicator", "created_by"
    )[:20]
    return render(request, "indicators/import_start.html", {"form": form, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Map the columns of an upload, check it (a dry run) and store it. Large files are
    worked on by the task worker while this page shows how far it has come."""
    access.require_administrator(request.user)
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.state != ImportBatch.State.DRY_RUN:
        return redirect("indicators:batch", pk=batch.pk)
    services.notice_interrupted(batch)
    try:
        table = services.pending_table(batch)
    except SourceError as exc:
        return render(
            request,
            "indicators/import_preview.html",
            {"batch": batch, "file_problems": exc.problems},
        )
    running = batch.phase in ImportBatch.RUNNING
    initial = None
    if batch.mapping:  # the columns chosen last time, not the guesses
        kept = batch.mapping
        initial = {k: kept.get(k, "") for k in MappingForm.TARGETS}
        initial["period_value"] = kept.get("period_value", "")
        initial["dimensions"] = list((kept.get("dimensions") or {}).values())
    form = MappingForm(request.POST or None, header=table.header, initial=initial)
    if request.method == "POST" and not running and form.is_valid():
        store = request.POST.get("action") == "store"
        job = ImportBatch.Job.STORE if store else ImportBatch.Job.CHECK
        batch = services.upload_request(
            batch=batch, mapping=form.mapping(), job=job, user=access.acting_user(request.user)
        )
        if batch.state == ImportBatch.State.STORED:
            messages.success(request, _("The file was imported."))
        elif batch.state == ImportBatch.State.REJECTED:
            messages.error(
                request, _("The file was not imported: it has problems. Nothing was stored.")
            )
        if batch.state != ImportBatch.State.DRY_RUN:
            return redirect("indicators:batch", pk=batch.pk)
        return redirect("indicators:import_preview", pk=batch.pk)
    checked = batch.job == ImportBatch.Job.CHECK and batch.phase == ImportBatch.Phase.DONE
    ctx = {
        "batch": batch,
        "form": form,
        "running": running,
        "checked": checked,
        "problems": [
            Problem(e["file"], e["line"], e["column"], e["message"])
            for e in batch.errors
            if "message" in e
        ],
        "more": next((e["more"] for e in batch.errors if "more" in e), 0),
        "header": table.header,
        "sample": table.sample(5),
    }
    return render(request, "indicators/import_preview.html", ctx)


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far a checked or stored upload has come, for the script on its page."""
    access.require_administrator(request.user)
    batch = services.notice_interrupted(get_object_or_404(ImportBatch, pk=pk))
    text = render_to_string("indicators/import_progress.txt", {"batch": batch}, request).strip()
    return JsonResponse({"running": batch.phase in ImportBatch.RUNNING, "text": text})


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    batch = get_object_or_404(ImportBatch.objects.select_related("indicator", "created_by"), pk=pk)
    return render(request, "indicators/batch_detail.html", {"batch": batch})


# --- update rounds -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        access.require_administrator(request.user)
        if form.is_valid():
            try:
                rnd = rounds.round_open(**form.cleaned_data, user=access.acting_user(request.user))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The round was opened."))
                return redirect("indicators:round", pk=rnd.pk)
    ctx = {"rounds": UpdateRound.objects.all(), "form": form}
    return render(request, "indicators/round_list.html", ctx)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(UpdateRound, pk=pk)
    visible = access.visible_organisations(request.user)
    updates = rnd.updates.filter(organisation__in=visible).select_related("indicator", "area")
    state = request.GET.get("status", "")
    if state in IndicatorUpdate.State.values:
        updates = updates.filter(state=state)
    ctx = {
        "round": rnd,
        "updates": updates,
        "state": state,
        "states": list(IndicatorUpdate.State),
        "can_publish": access.is_administrator(request.user),
        "preview": rounds.publish_preview(rnd, timezone.localdate()),
    }
    return render(request, "indicators/round_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(UpdateRound, pk=pk)

    def do(data: dict[str, Any]) -> str:
        batch = rounds.round_publish(
            rnd=rnd, user=access.acting_user(request.user), reason=data["reason"]
        )
        count = batch.created + batch.revised if batch else 0
        return str(_("The round was published with %(n)d values.") % {"n": count})

    return workflow_views.publish_page(
        request,
        rnd,
        PublishConfirmForm(request.POST or None),
        do,
        template="indicators/round_publish.html",
        back=reverse("indicators:round", args=[pk]),
        context={"preview": rounds.publish_preview(rnd, timezone.localdate())},
    )


def _update_values(update: IndicatorUpdate) -> list[dict[str, Any]]:
    return [{"period": v.period, "value": v.value, "flag": v.flag} for v in update.values.all()]


def _entered(values: Any) -> list[rounds.EnteredValue]:
    return [
        rounds.EnteredValue(d["period"], d.get("value"), d.get("flag") or "")
        for d in values.cleaned_data
        if d.get("period")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    update = access.get_owned(request.user, UPDATES, pk)
    user = access.acting_user(request.user)
    action = request.POST.get("action", "")
    editing = action in workflow_views.EDIT_ACTIONS
    form = UpdateForm(
        request.POST if editing else None,
        initial={"comment": update.comment, "version": update.version},
    )
    values = RoundValueFormSet(
        request.POST if editing else None, initial=_update_values(update), prefix="v"
    )
    if editing and not values.is_valid():
        form.is_valid()
        form.add_error(None, _("Check the values: the errors are marked in the table."))

    def store(data: dict[str, Any], version: int, submit: bool) -> None:
        save = rounds.update_save_and_submit if submit else rounds.update_save
        if not values.has_changed():
            # Values untouched here: keep what is stored (someone may have changed them).
            entered = [
                rounds.EnteredValue(v["period"], v["value"], v["flag"])
                for v in _update_values(IndicatorUpdate.objects.get(pk=update.pk))
            ]
        else:
            entered = _entered(values)
        save(
            update=update,
            comment=data["comment"],
            values=entered,
            expected_version=version,
            user=user,
        )

    handlers = workflow_views.Handlers(
        save=lambda data, version: store(data, version, submit=False),
        submit=lambda data, version: store(data, version, submit=True),
    )
    done, ctx = workflow_views.handle(request, update, form, handlers)
    if done:
        return done
    if ctx.get("saved") is not None and values.has_changed():
        ctx["saved_values"] = _update_values(ctx["saved"])
    published = selectors.series_for(update.indicator, [update.area])[0]
    ctx.update(workflow_views.review_context(request, update))
    ctx.update(
        {
            "update": update,
            "values": values,
            "published": [(p, v, published.flags.get(p, "")) for p, v in published.values.items()],
        }
    )
    return render(request, "indicators/update_edit.html", ctx)


@login_required
def update_history(request: HttpRequest, pk: int) -> HttpResponse:
    update = access.get_owned(request.user, UPDATES, pk)
    return workflow_views.history(request, update, "indicators/update_history.html", update=update)
