"""A read API shaped like Kolada v3, so that existing Kolada clients work against rus.

Ids follow Kolada: municipalities by their four-digit SCB code, counties (regions) as
``00`` + the county code, Sweden as ``0000``. A KPI is an indicator's Kolada id when it has
one, else its rus code. Only published, current, yearly headline values are served.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from rus.areas.models import Area
from rus.indicators.models import Indicator, Observation

MAX_PER_PAGE = 5000
KOLADA_TYPE: dict[str, str] = {
    Area.Level.MUNICIPALITY: "K",
    Area.Level.COUNTY: "L",
    Area.Level.COUNTRY: "L",
}


def kolada_area_id(area_code: str) -> str:
    return area_code if len(area_code) == 4 else area_code.rjust(4, "0")


def area_code_from_kolada(kolada_id: str) -> str:
    if kolada_id == "0000":
        return "00"
    if kolada_id.startswith("00") and len(kolada_id) == 4:
        return kolada_id[2:]
    return kolada_id


def kpi_id(indicator: Indicator) -> str:
    return indicator.kolada_id or indicator.code


def indicators_by_kpi(ids: Iterable[str]) -> dict[str, Indicator]:
    wanted = [i for i in ids if i]
    found = Indicator.objects.filter(Q(kolada_id__in=wanted) | Q(code__in=wanted))
    return {kpi_id(i): i for i in found if kpi_id(i) in wanted or i.code in wanted}


def kpi_json(indicator: Indicator) -> dict[str, Any]:
    genders = set(
        Observation.objects.filter(indicator=indicator, is_current=True, is_public=True)
        .values_list("gender", flat=True)
        .distinct()[:3]
    )
    latest = (
        Observation.objects.filter(indicator=indicator, is_current=True, is_public=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    levels = set(indicator.area_levels or [])
    return {
        "id": kpi_id(indicator),
        "title": indicator.name_sv,
        "description": indicator.description_sv,
        "operating_area": indicator.source,
        "auspice": "E" if indicator.source else "X",
        "perspective": indicator.get_dpsir_display() if indicator.dpsir else "",
        "is_divided_by_gender": bool(genders - {"T"}),
        "municipality_type": "A" if {"county", "municipality"} <= levels else "K",
        "has_ou_data": False,
        "publication_date": "",
        "publ_period": str(latest or ""),
        "prel_publication_date": "",
    }


def municipality_json(area: Area) -> dict[str, str]:
    return {"id": kolada_area_id(area.code), "title": area.name, "type": KOLADA_TYPE[area.level]}


def data_values(
    indicators: list[Indicator], area_codes: list[str] | None, years: list[int] | None
) -> list[dict[str, Any]]:
    """One entry per KPI × area × year with a list of gender values, in a stable order."""
    qs = Observation.objects.filter(
        indicator__in=indicators, is_current=True, is_public=True, dimensions=""
    ).exclude(period__contains="-")
    if area_codes is not None:
        qs = qs.filter(area__code__in=area_codes)
    if years is not None:
        qs = qs.filter(year__in=years)
    kpis = {i.pk: kpi_id(i) for i in indicators}
    grouped: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    rows = qs.values_list("indicator_id", "area__code", "year", "gender", "value", "flag").order_by(
        "indicator_id", "area__code", "year", "gender"
    )
    for indicator_id, code, year, gender, value, flag in rows.iterator(chunk_size=5000):
        grouped[(kpis[indicator_id], kolada_area_id(code), year)].append(
            {
                "gender": gender,
                "count": 1,
                "status": _status(flag),
                "value": value,
                "isdeleted": False,
            }
        )
    return [
        {"kpi": kpi, "municipality": municipality, "period": year, "values": values}
        for (kpi, municipality, year), values in grouped.items()
    ]


def _status(flag: str) -> str:
    # Kolada marks values that are missing or withheld with a status text.
    return {"missing": "Missing", "confidential": "Sekretess", "preliminary": "Preliminary"}.get(
        flag, ""
    )
