"""The indicators built from the public data in RUS_DATA_DIR: SMHI greenhouse-gas emissions
(both releases, totals and the nine sectors, municipalities and counties), SCB population, and
emissions per inhabitant derived from the two.

The releases are imported oldest first, so values that SMHI revised in the newer release are
stored as revisions and the earlier values stay queryable.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from rus.goals.models import Goal
from rus.indicators import series, services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import Indicator
from rus.lib.tabular import Problem, SourceError, read_table_file
from rus.organisations.models import Organisation
from rus.referencedata.services import checksums, record_sources, sources_unchanged

GHG = "ghg-total"
POPULATION = "population"
GHG_PER_CAPITA = "ghg-per-capita"

EMISSIONS = [
    (f"emissions/smhi_ghg_{kind}_{level}_vintage{vintage}.csv", level, kind)
    for vintage in (2023, 2024)
    for level in ("municipality", "county")
    for kind in ("total", "sector")
]
POPULATION_FILE = "population/scb_population_municipality.csv"
FILES = (*(name for name, _level, _kind in EMISSIONS), POPULATION_FILE)

DEFINITIONS: dict[str, dict[str, Any]] = {
    GHG: {
        "name_sv": "Utsläpp av växthusgaser",
        "name_en": "Greenhouse gas emissions",
        "description_sv": "Territoriella utsläpp av växthusgaser enligt Nationella emissionsdatabasen (SMHI), totalt och per huvudsektor.",
        "description_en": "Territorial greenhouse gas emissions from the national emissions database (SMHI), in total and by main sector.",
        "unit": "ton CO2-ekv",
        "dpsir": Indicator.Dpsir.PRESSURE,
        "direction": Indicator.Direction.NEGATIVE,
        "source": "SMHI, Nationella emissionsdatabasen",
        "additive": True,
        "area_levels": ["country", "county", "municipality"],
        "responsible": "naturvardsverket",
        "goals": [("miljomal", "1")],
    },
    POPULATION: {
        "name_sv": "Folkmängd",
        "name_en": "Population",
        "description_sv": "Folkmängd vid årets slut enligt SCB.",
        "description_en": "Population at the end of the year (Statistics Sweden).",
        "unit": "invånare",
        "dpsir": Indicator.Dpsir.DRIVER,
        "direction": Indicator.Direction.NONE,
        "source": "SCB, befolkningsstatistik",
        "additive": True,
        "area_levels": ["country", "county", "municipality"],
        "kolada_id": "N01951",
        "responsible": "",
        "goals": [],
    },
    GHG_PER_CAPITA: {
        "name_sv": "Utsläpp av växthusgaser per invånare",
        "name_en": "Greenhouse gas emissions per inhabitant",
        "description_sv": "Territoriella utsläpp av växthusgaser (SMHI) delat med folkmängden (SCB).",
        "description_en": "Territorial greenhouse gas emissions (SMHI) divided by the population (Statistics Sweden).",
        "unit": "ton CO2-ekv/invånare",
        "dpsir": Indicator.Dpsir.PRESSURE,
        "direction": Indicator.Direction.NEGATIVE,
        "source": "SMHI och SCB, beräknat i rus",
        "additive": False,
        "area_levels": ["country", "county", "municipality"],
        "responsible": "",
        "goals": [("miljomal", "1")],
    },
}


@dataclass
class Report:
    skipped: bool = False
    lines: list[str] = field(default_factory=list)


def ensure_indicators() -> dict[str, Indicator]:
    result = {}
    for code, spec in DEFINITIONS.items():
        values = {k: v for k, v in spec.items() if k not in ("responsible", "goals")}
        values["responsible"] = Organisation.objects.filter(key=spec["responsible"]).first()
        indicator, _created = Indicator.objects.get_or_create(code=code, defaults=values)
        goals = [Goal.objects.filter(framework__code=f, code=c).first() for f, c in spec["goals"]]
        indicator.goals.add(*[g for g in goals if g])
        result[code] = indicator
    return result


def _mapping(level: str, kind: str) -> ColumnMapping:
    area = "kommunkod" if level == "municipality" else "lanskod"
    dims = {"sector": "sector"} if kind == "sector" else {}
    return ColumnMapping(area=area, period="year", value="ghg_t_co2e", dimensions=dims)


def load_indicator_data(*, data_dir: Path) -> Report:
    """Import each source file once: a file already imported with the same content is skipped,
    so that re-running never lets an older release overwrite a newer one again."""
    sums = checksums(data_dir, FILES)
    if sources_unchanged(sums):
        more = series.load_series(data_dir=data_dir)
        return Report(skipped=not more, lines=more)
    report = Report()
    with transaction.atomic():
        indicators = ensure_indicators()
        problems: list[Problem] = []
        reimport = False
        for name, level, kind in EMISSIONS:
            path = data_dir / name
            # Releases are applied in order: once one is (re)imported, every later one is
            # applied again after it, so the newest release always ends up current.
            if not reimport and sources_unchanged({name: sums[name]}):
                continue
            reimport = True
            table = read_table_file(path, name)
            plan, batch = services.import_table(
                table, _mapping(level, kind), indicator=indicators[GHG]
            )
            problems += plan.problems
            if batch and not plan.problems:
                report.lines.append(
                    f"{name}: {batch.created} new, {batch.revised} revised, {batch.unchanged} unchanged"
                )
        population = read_table_file(data_dir / POPULATION_FILE, POPULATION_FILE)
        for column, period in (("population_2023_12_31", "2023"), ("population_2025_12", "2025")):
            mapping = ColumnMapping(area="kommunkod", value=column, period_value=period)
            plan, batch = services.import_table(
                population, mapping, indicator=indicators[POPULATION]
            )
            problems += plan.problems
            if batch and not plan.problems:
                report.lines.append(
                    f"{POPULATION_FILE} ({period}): {batch.created} new, {batch.revised} revised"
                )
        if problems:
            raise SourceError(problems)
        for code in (GHG, POPULATION):
            services.aggregate_up(indicators[code])
        services.derive_ratio(indicators[GHG_PER_CAPITA], indicators[GHG], indicators[POPULATION])
        for d in services.check_aggregation(indicators[GHG]):
            report.lines.append(
                f"check: county {d.area} {d.period} {d.dimensions or 'total'}: stored {d.stored}, "
                f"sum of municipalities {d.summed}"
            )
        record_sources(sums)
    report.lines += series.load_series(data_dir=data_dir)
    return report
