"""A read API shaped like Kolada v3, so that existing Kolada clients work against rus.

Ids follow Kolada: municipalities by their four-digit SCB code, counties (regions) as
``00`` + the county code, Sweden as ``0000``. A KPI is an indicator's Kolada id when it has
one, else its rus code. Only published, current, yearly headline values are served.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q

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


@dataclass(frozen=True)
class KpiFacts:
    """What the KPI list says about an indicator's values."""

    genders: frozenset[str]
    latest_year: int | None


def kpi_facts(indicators: list[Indicator]) -> dict[int, KpiFacts]:
    """Genders and latest year of every indicator's published values, in two queries
    whatever the number of indicators."""
    published = Observation.objects.filter(
        indicator__in=indicators, is_current=True, is_public=True
    )
    genders: dict[int, set[str]] = defaultdict(set)
    for indicator_id, gender in published.values_list("indicator_id", "gender").distinct():
        genders[indicator_id].add(gender)
    latest = dict(
        published.values("indicator_id")
        .annotate(latest=Max("year"))
        .values_list("indicator_id", "latest")
    )
    return {
        i.pk: KpiFacts(frozenset(genders.get(i.pk, set())), latest.get(i.pk)) for i in indicators
    }


def kpi_json(indicator: Indicator, facts: KpiFacts) -> dict[str, Any]:
    levels = set(indicator.area_levels or [])
    return {
        "id": kpi_id(indicator),
        "title": indicator.name_sv,
        "description": indicator.description_sv,
        "operating_area": indicator.source,
        "auspice": "E" if indicator.source else "X",
        "perspective": indicator.get_dpsir_display() if indicator.dpsir else "",
        "is_divided_by_gender": bool(facts.genders - {"T"}),
        "municipality_type": "A" if {"county", "municipality"} <= levels else "K",
        "has_ou_data": False,
        "publication_date": "",
        "publ_period": str(facts.latest_year or ""),
        "prel_publication_date": "",
    }


def municipality_json(area: Area) -> dict[str, str]:
    return {"id": kolada_area_id(area.code), "title": area.name, "type": KOLADA_TYPE[area.level]}


def data_page(
    indicators: list[Indicator],
    area_codes: list[str] | None,
    years: list[int] | None,
    *,
    offset: int,
    limit: int,
) -> tuple[int, list[dict[str, Any]]]:
    """One page of entries (KPI × area × year, each with its gender values) in a stable
    order, and how many entries there are in all. Counting and paging are done by the
    database, so a page costs the same however many values the KPI has."""
    qs = Observation.objects.filter(
        indicator__in=indicators, is_current=True, is_public=True, dimensions=""
    ).exclude(period__contains="-")
    if area_codes is not None:
        qs = qs.filter(area__code__in=area_codes)
    if years is not None:
        qs = qs.filter(year__in=years)
    groups = (
        qs.order_by("indicator_id", "area__code", "year")
        .values_list("indicator_id", "area_id", "year")
        .distinct()
    )
    count = groups.count()
    keys = list(groups[offset : offset + limit])
    if not keys:
        return count, []
    wanted = set(keys)
    rows = (
        qs.filter(
            indicator_id__in={k[0] for k in keys},
            area_id__in={k[1] for k in keys},
            year__in={k[2] for k in keys},
        )
        .values_list("indicator_id", "area_id", "area__code", "year", "gender", "value", "flag")
        .order_by("indicator_id", "area__code", "year", "gender")
    )
    kpis = {i.pk: kpi_id(i) for i in indicators}
    grouped: dict[tuple[int, int, int], dict[str, Any]] = {}
    for indicator_id, area_id, code, year, gender, value, flag in rows:
        key = (indicator_id, area_id, year)
        if key not in wanted:
            continue
        entry = grouped.setdefault(
            key,
            {
                "kpi": kpis[indicator_id],
                "municipality": kolada_area_id(code),
                "period": year,
                "values": [],
            },
        )
        entry["values"].append(
            {
                "gender": gender,
                "count": 1,
                "status": _status(flag),
                "value": value,
                "isdeleted": False,
            }
        )
    return count, [grouped[k] for k in keys if k in grouped]


def _status(flag: str) -> str:
    # Kolada marks values that are missing or withheld with a status text.
    return {"missing": "Missing", "confidential": "Sekretess", "preliminary": "Preliminary"}.get(
        flag, ""
    )
