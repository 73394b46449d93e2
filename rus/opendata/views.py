import math
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from rus.areas.models import Area
from rus.indicators.models import Indicator
from rus.lib.caching import open_data
from rus.opendata import kolada, sdmx


def _split(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part]


def _paging(request: HttpRequest) -> tuple[int, int] | JsonResponse:
    try:
        page = max(1, int(request.GET.get("page", "1")))
        per_page = min(
            kolada.MAX_PER_PAGE, max(1, int(request.GET.get("per_page", kolada.MAX_PER_PAGE)))
        )
    except ValueError:
        return JsonResponse({"error": "page and per_page must be whole numbers"}, status=400)
    if page > 10**9:
        return JsonResponse({"error": "page is too large"}, status=400)
    return page, per_page


def _envelope(
    request: HttpRequest, count: int, values: list[Any], page: int, per_page: int
) -> JsonResponse:
    """Kolada's envelope: values, count and links to the neighbouring pages.

    Both ``next_url`` (v3) and ``next_page`` (v2 and some v3 clients) are sent.
    """
    pages = max(1, math.ceil(count / per_page))

    def link(number: int) -> str | None:
        if number < 1 or number > pages:
            return None
        params = request.GET.copy()
        params["page"] = str(number)
        params["per_page"] = str(per_page)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    body = {
        "count": count,
        "values": values,
        "next_url": link(page + 1),
        "previous_url": link(page - 1),
        "next_page": link(page + 1),
        "previous_page": link(page - 1),
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, items: list[Any]) -> JsonResponse:
    paging = _paging(request)
    if isinstance(paging, JsonResponse):
        return paging
    page, per_page = paging
    chunk = items[(page - 1) * per_page : page * per_page]
    return _envelope(request, len(items), chunk, page, per_page)


@require_GET
@open_data
def kpi_list(request: HttpRequest, ids: str = "") -> JsonResponse:
    qs = Indicator.objects.order_by("code")
    if ids:
        found = kolada.indicators_by_kpi(_split([ids]))
        indicators = list(found.values())
    else:
        title = request.GET.get("title", "")
        indicators = list(qs.filter(name_sv__icontains=title) if title else qs)
    facts = kolada.kpi_facts(indicators)
    return _page(request, [kolada.kpi_json(i, facts[i.pk]) for i in indicators])


@require_GET
@open_data
def municipality_list(request: HttpRequest, ids: str = "") -> JsonResponse:
    qs = Area.objects.order_by("code")
    if ids:
        qs = qs.filter(code__in=[kolada.area_code_from_kolada(i) for i in _split([ids])])
    title = request.GET.get("title")
    if title:
        qs = qs.filter(name__icontains=title)
    kind = request.GET.get("type") or request.GET.get("region_type")
    items = [kolada.municipality_json(a) for a in qs]
    if kind:
        items = [m for m in items if m["type"] == kind]
    return _page(request, items)


@require_GET
@open_data
def data(
    request: HttpRequest, kpi: str = "", municipality: str = "", year: str = ""
) -> JsonResponse:
    """Both the query form (``data/?kpi_id=…&municipality_id=…&year=…``, lists as repeated
    parameters or commas) and the path form (``data/kpi/…/municipality/…/year/…``)."""
    kpi_ids = _split([kpi]) if kpi else _split(request.GET.getlist("kpi_id"))
    area_ids = (
        _split([municipality]) if municipality else _split(request.GET.getlist("municipality_id"))
    )
    year_values = _split([year]) if year else _split(request.GET.getlist("year"))
    if not kpi_ids and not area_ids:
        return JsonResponse({"error": "give at least kpi_id or municipality_id"}, status=400)
    try:
        years = [int(y) for y in year_values] or None
    except ValueError:
        return JsonResponse({"error": "year must be whole numbers"}, status=400)
    if years and any(not 0 < y < 10000 for y in years):
        return JsonResponse({"error": "year must be between 1 and 9999"}, status=400)
    paging = _paging(request)
    if isinstance(paging, JsonResponse):
        return paging
    page, per_page = paging
    indicators = (
        list(kolada.indicators_by_kpi(kpi_ids).values())
        if kpi_ids
        else list(Indicator.objects.all())
    )
    codes = [kolada.area_code_from_kolada(a) for a in area_ids] or None
    count, values = kolada.data_page(
        indicators, codes, years, offset=(page - 1) * per_page, limit=per_page
    )
    return _envelope(request, count, values, page, per_page)


@require_GET
@open_data
def sdmx_data(request: HttpRequest, flow: str, key: str = "all") -> HttpResponse:
    """``/sdmx/rest/data/{flow}/{key}?startPeriod=…&endPeriod=…``; the flow is the indicator."""
    indicator = next(
        (i for i in Indicator.objects.all() if sdmx.sdmx_id(i.code) == sdmx.sdmx_id(flow)), None
    )
    if indicator is None:
        return HttpResponse("No such dataflow", status=404, content_type="text/plain")
    try:
        start = int(request.GET["startPeriod"][:4]) if request.GET.get("startPeriod") else None
        end = int(request.GET["endPeriod"][:4]) if request.GET.get("endPeriod") else None
    except ValueError:
        return HttpResponse(
            "startPeriod and endPeriod must be years", status=400, content_type="text/plain"
        )
    body = sdmx.generic_data(indicator, key=key, start=start, end=end)
    response = HttpResponse(body, content_type=sdmx.CONTENT_TYPE)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{indicator.code}.sdmx.xml"'
    return response
