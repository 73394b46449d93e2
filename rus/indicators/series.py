"""The further indicator series in RUS_DATA_DIR (transport, consumption, procurement, Region
Dalarna's environment indicators), each defined in ``data/series.json`` and imported through
the project's own import path, and the values rus derives from their parts.

A spec names its file, the rows it takes (``where``), the columns of area, period and value,
and an optional breakdown (``dimension``; the row whose value is ``headline`` is the total).
Rows without a value (``skip_empty``) are the ones SOURCES.md says carry none.
"""

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rus.areas.models import Area
from rus.goals.models import Goal
from rus.indicators import services
from rus.indicators.imports import ColumnMapping, Row
from rus.indicators.models import ClimatePlan, ImportBatch, Indicator, Observation
from rus.lib.tabular import Problem, SourceError, Table, read_table_file
from rus.referencedata.services import file_checksums, record_sources, sources_unchanged

SPEC_FILE = Path(__file__).with_name("data") / "series.json"
CLIMATE_PLANS = "climate_plans/klimatkollen_climate_plans_municipality.csv"
DEFINITION_FIELDS = (
    "name_sv",
    "name_en",
    "description_sv",
    "description_en",
    "unit",
    "dpsir",
    "direction",
    "source",
    "source_url",
    "licence",
    "caveat_sv",
    "caveat_en",
    "area_levels",
    "kolada_id",
    "additive",
)


def specs() -> list[dict[str, Any]]:
    return list(json.loads(SPEC_FILE.read_text(encoding="utf-8")))


def files() -> list[str]:
    """The files with numeric series (the climate plans are text, and load apart)."""
    return sorted({s["file"] for s in specs() if "file" in s})


def checksums(data_dir: Path) -> dict[str, str]:
    sums = file_checksums(data_dir, [*files(), CLIMATE_PLANS])
    # The definitions count too: a changed definition is loaded like a changed source.
    sums["rus:indicators/series.json"] = file_checksums(SPEC_FILE.parent, [SPEC_FILE.name])[
        SPEC_FILE.name
    ]
    return sums


def ensure(definition: dict[str, Any]) -> Indicator:
    values = {k: definition[k] for k in DEFINITION_FIELDS if k in definition}
    indicator, _created = Indicator.objects.update_or_create(
        code=definition["code"], defaults=values
    )
    goals = [
        Goal.objects.filter(framework__code=framework, code=code).first()
        for framework, code in definition.get("goals", [])
    ]
    indicator.goals.add(*[g for g in goals if g])
    return indicator


def _matches(cells: dict[str, str], where: dict[str, Any]) -> bool:
    for column, wanted in where.items():
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if cells.get(column) not in allowed:
            return False
    return True


def table_for(data_dir: Path, spec: dict[str, Any]) -> Table:
    """The spec's rows of its file, with their line numbers, as a table to import."""
    source = read_table_file(data_dir / spec["file"], spec["file"])
    header = list(source.header)
    dimension = spec.get("dimension") or {}
    dim_index = header.index(dimension["column"]) if dimension else None
    # A snapshot taken once a year (December) is that year's value, so that it compares
    # with yearly series and is served by the Kolada API, which knows only years.
    period_index = header.index(spec["period"]) if spec.get("year_of_period") else None
    value_index = header.index(spec["value"]) if spec["value"] in header else None
    kept = []
    for line, row in source.rows():
        cells = dict(zip(header, row, strict=False))
        if not _matches(cells, spec.get("where", {})):
            continue
        if spec.get("skip_empty") and value_index is not None and not row[value_index].strip():
            continue
        if period_index is not None:
            row = [*row[:period_index], row[period_index][:4], *row[period_index + 1 :]]
        if dim_index is not None and row[dim_index] == dimension.get("headline"):
            row = [*row[:dim_index], "", *row[dim_index + 1 :]]
        kept.append((line, row))
    return Table.from_rows(spec["file"], header, kept)


def mapping_for(spec: dict[str, Any]) -> ColumnMapping:
    dimension = spec.get("dimension") or {}
    return ColumnMapping(
        area=spec["area"],
        period=spec["period"],
        value=spec["value"],
        dimensions={dimension["name"]: dimension["column"]} if dimension else {},
    )


def _store(rows: list[Row], indicator: Indicator, source: str) -> None:
    if rows:
        services.store_rows(
            rows, kind=ImportBatch.Kind.DERIVED, source=source, indicator=indicator, user=None
        )


def derive_ratio(spec: dict[str, Any], indicators: dict[str, Indicator]) -> None:
    services.derive_ratio(
        ensure(spec["indicator"]),
        indicators[spec["numerator"]],
        indicators[spec["denominator"]],
        factor=spec.get("factor", 1),
    )


def complete_rechargeable(indicators: dict[str, Indicator]) -> None:
    """New rechargeable cars where the source gives only their parts (2025): BEV + PHEV."""
    target = indicators["new-cars-rechargeable"]
    have = services.headline_values(target)
    bev = services.headline_values(indicators["new-cars-bev"])
    phev = services.headline_values(indicators["new-cars-phev"])
    rows = [
        Row(
            0,
            target.pk,
            area,
            period,
            int(period[:4]),
            "T",
            "",
            bev[key] + phev[key],
            "",
            "BEV + PHEV",
        )
        for key in sorted(bev)
        if key in phev and key not in have
        for area, period in [key]
    ]
    _store(rows, target, "derived: new-cars-bev + new-cars-phev")


def total_of_dimensions(indicator: Indicator) -> None:
    """The total of a breakdown whose source gives no total row (cycle network by road
    manager): the sum of the parts present, as the source's own sums count "-" as none."""
    sums: dict[tuple[int, str], float] = defaultdict(float)
    for area, period, value in (
        Observation.objects.filter(
            indicator=indicator, is_current=True, gender="T", value__isnull=False
        )
        .exclude(dimensions="")
        .values_list("area_id", "period", "value")
    ):
        sums[(area, period)] += value or 0
    rows = [
        Row(0, indicator.pk, area, period, int(period[:4]), "T", "", total, "", "")
        for (area, period), total in sorted(sums.items())
    ]
    _store(rows, indicator, f"derived: sum of {indicator.code} by dimension")


def load_climate_plans(data_dir: Path) -> int:
    """One row per municipality; a municipality without a found plan keeps an empty year."""
    table = read_table_file(data_dir / CLIMATE_PLANS, CLIMATE_PLANS)
    header = table.header
    areas = dict(Area.objects.filter(level=Area.Level.MUNICIPALITY).values_list("code", "pk"))
    problems: list[Problem] = []
    plans = []
    for line, row in table.rows():
        cells = dict(zip(header, row, strict=False))
        area = areas.get(cells.get("area_code", ""))
        year = cells.get("adopted_year", "").strip()
        if area is None:
            problems.append(
                Problem(
                    CLIMATE_PLANS,
                    line,
                    "area_code",
                    _("%(code)r is not a municipality code") % {"code": cells.get("area_code")},
                )
            )
            continue
        if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
            problems.append(
                Problem(CLIMATE_PLANS, line, "adopted_year", _("%(v)r is not a year") % {"v": year})
            )
            continue
        comments = [cells.get(c, "").strip() for c in ("comment_column_h", "comment_column_i")]
        plans.append(
            ClimatePlan(
                area_id=area,
                adopted_year=int(year) if year else None,
                name=cells.get("plan_name_validity_comment", "").strip(),
                link=cells.get("plan_link", "").strip(),
                comment="\n".join(c for c in comments if c),
            )
        )
    if problems:
        raise SourceError(problems)
    ClimatePlan.objects.all().delete()
    ClimatePlan.objects.bulk_create(plans)
    return len(plans)


def load_series(*, data_dir: Path, force: bool = False) -> list[str]:
    """Import the series whose files changed (all with ``force``); return report lines."""
    sums = checksums(data_dir)
    if not force and sources_unchanged(sums):
        return []
    lines = []
    problems: list[Problem] = []
    with transaction.atomic():
        indicators: dict[str, Indicator] = {}
        for spec in specs():
            if "file" not in spec:
                continue
            indicator = ensure(spec["indicator"])
            indicators[indicator.code] = indicator
            plan, batch = services.import_table(
                table_for(data_dir, spec), mapping_for(spec), indicator=indicator
            )
            problems += plan.problems
            if batch and not plan.problems:
                lines.append(
                    f"{spec['file']} → {indicator.code}: {batch.created} new, "
                    f"{batch.revised} revised, {batch.unchanged} unchanged"
                )
        if problems:
            raise SourceError(problems)
        lines.append(f"{CLIMATE_PLANS}: {load_climate_plans(data_dir)} municipalities")
        complete_rechargeable(indicators)
        total_of_dimensions(indicators["cycle-network-length"])
        for spec in specs():
            if spec.get("derive") == "ratio":
                derive_ratio(spec, indicators)
        record_sources(sums)
    return lines
