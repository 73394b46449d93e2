import csv
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rus.accounts import access
from rus.areas.models import Area
from rus.indicators import selectors, services
from rus.indicators.forms import MappingForm, SeriesSelectionForm, UploadForm
from rus.indicators.models import ImportBatch, Indicator
from rus.lib.charts import MapArea, Series, choropleth, format_number, line_chart
from rus.lib.tabular import SourceError

DEFAULT_AREA = "00"


def indicator_list(request: HttpRequest) -> HttpResponse:
    indicators = Indicator.objects.prefetch_related("goals").order_by("name_sv")
    return render(request, "indicators/indicator_list.html", {"indicators": indicators})


def _selection(request: HttpRequest, indicator: Indicator) -> dict[str, Any]:
    """Read the page's query string into a selection; anything invalid falls back to defaults."""
    dims = selectors.dimension_options(indicator)
    dim_choices = [(d, selectors.dimension_label(d)) for d in dims]
    years = sorted(set(selectors.public_observations(indicator).values_list("period", flat=True)))
    form = SeriesSelectionForm(request.GET or None, dimensions=dim_choices, years=years)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    areas = list(data.get("omrade") or Area.objects.filter(code=DEFAULT_AREA))
    dimension = data.get("dimension") or ""
    level = data.get("karta") or Area.Level.COUNTY
    year = data.get("ar") or selectors.latest_period(indicator, dimensions=dimension) or ""
    return {"form": form, "areas": areas, "dimension": dimension, "level": level, "year": year}


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
    map_areas = [
        MapArea(a.code, a.name, a.shape, map_values.get(a.pk))
        for a in Area.objects.filter(level=sel["level"]).only("code", "name", "shape")
    ]
    map_svg, legend = choropleth(
        map_areas,
        title=_("Map of %(indicator)s %(year)s")
        % {"indicator": indicator.name, "year": sel["year"]},
        description=_("The values are in the table below the map."),
    )
    rows = [
        {
            "period": p,
            "cells": [format_number(s.values.get(p)) if p in s.values else "–" for s in series],
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
            ((a.name, a.code, format_number(a.value)) for a in map_areas), key=lambda r: r[1]
        ),
        "map_level": sel["level"],
        "map_year": sel["year"],
        "dimension_label": dim_label,
        "progress": [_progress_row(indicator, s) for s in series],
        "query": request.GET.urlencode(),
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


def _table(request: HttpRequest, code: str) -> tuple[Indicator, list[str], list[list[Any]]]:
    indicator = get_object_or_404(Indicator, code=code)
    sel = _selection(request, indicator)
    series = selectors.series_for(indicator, sel["areas"], dimensions=sel["dimension"])
    header = ["indicator", "area_code", "area", "period", "dimensions", "value", "unit", "status"]
    body = [
        [
            indicator.code,
            s.area.code,
            s.area.name,
            p,
            sel["dimension"],
            v,
            indicator.unit,
            s.flags.get(p, ""),
        ]
        for s in series
        for p, v in s.values.items()
    ]
    return indicator, header, body


def indicator_csv(request: HttpRequest, code: str) -> HttpResponse:
    indicator, header, body = _table(request, code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(body)
    return response


def indicator_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    from openpyxl import Workbook

    indicator, header, body = _table(request, code)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(indicator.code[:31])
    sheet.append(header)
    for row in body:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.xlsx"'
    return response


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
    access.require_administrator(request.user)
    batch = get_object_or_404(ImportBatch, pk=pk, state=ImportBatch.State.DRY_RUN)
    try:
        table = services.pending_table(batch)
    except SourceError as exc:
        return render(
            request,
            "indicators/import_preview.html",
            {"batch": batch, "file_problems": exc.problems},
        )
    form = MappingForm(request.POST or None, header=table.header)
    plan = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "store":
            plan, done = services.upload_finish(
                batch=batch, mapping=form.mapping(), user=access.acting_user(request.user)
            )
            if plan.ok:
                messages.success(request, _("The file was imported."))
            else:
                messages.error(
                    request, _("The file was not imported: it has problems. Nothing was stored.")
                )
            return redirect("indicators:batch", pk=done.pk)
        plan = services.plan_import(table, form.mapping(), indicator=batch.indicator)
    ctx = {
        "batch": batch,
        "form": form,
        "plan": plan,
        "header": table.header,
        "sample": table.rows[:5],
    }
    return render(request, "indicators/import_preview.html", ctx)


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    batch = get_object_or_404(ImportBatch.objects.select_related("indicator", "created_by"), pk=pk)
    return render(request, "indicators/batch_detail.html", {"batch": batch})
