"""Importers from the real services, written against their documented formats:
Kolada API v3 (``shared/kolada-api-notes.md``) and Naturvårdsverket's environmental indicator
API (``shared/data/specs/naturvardsverket_environmental_indicators_api.yaml``).

Both turn the service's answer into a table in tidy long form and hand it to the ordinary
import path, so validation, revisions and batch records are the same as for a file.
"""

from collections.abc import Iterable
from urllib.parse import urlencode

from rus.accounts.models import User
from rus.areas.models import Area
from rus.goals.models import Goal
from rus.indicators import services
from rus.indicators.imports import ColumnMapping
from rus.indicators.models import ImportBatch, Indicator
from rus.lib.http import get_json
from rus.lib.tabular import Table

KOLADA_URL = "https://api.kolada.se/v3/"
NVV_URL = "https://indikatorer-api.naturvardsverket.se/"
KOLADA_FLAGS = {
    "": "",
    "missing": "missing",
    "sekretess": "confidential",
    "preliminary": "preliminary",
}
LONG_FORM = ["area", "period", "gender", "dimension", "value", "flag"]


def _table(label: str, rows: Iterable[list[str]]) -> Table:
    return Table.from_rows(label, list(LONG_FORM), enumerate(rows, start=2))


def _mapping(with_dimension: bool) -> ColumnMapping:
    return ColumnMapping(
        area="area",
        period="period",
        value="value",
        gender="gender",
        flag="flag",
        dimensions={"variable": "dimension"} if with_dimension else {},
    )


def _fmt(value: float | None) -> str:
    return "" if value is None else repr(float(value))


# --- Kolada ------------------------------------------------------------------------------


def kolada_area(kolada_id: str) -> str:
    if kolada_id == "0000":
        return "00"
    if len(kolada_id) == 4 and kolada_id.startswith("00"):
        return kolada_id[2:]
    return kolada_id


def fetch_kolada(
    kpi: str,
    *,
    base_url: str = KOLADA_URL,
    municipalities: list[str] | None = None,
    years: list[int] | None = None,
) -> list[dict]:
    """Every data entry for the query, following the pages as koladapy does."""
    params: list[tuple[str, str | int]] = [("kpi_id", kpi)]
    params += [("municipality_id", m) for m in municipalities or []]
    params += [("year", y) for y in years or []]
    entries: list[dict] = []
    page = 1
    while True:
        query = urlencode([*params, ("page", page), ("per_page", 5000)])
        body = get_json(f"{base_url.rstrip('/')}/data/?{query}")
        entries += body.get("values", [])
        if not (body.get("next_url") or body.get("next_page")):
            return entries
        page += 1


def import_kolada(
    indicator: Indicator,
    *,
    base_url: str = KOLADA_URL,
    municipalities: list[str] | None = None,
    years: list[int] | None = None,
    user: User | None = None,
    dry_run: bool = False,
) -> tuple[services.Plan, ImportBatch | None]:
    kpi = indicator.kolada_id or indicator.code
    entries = fetch_kolada(kpi, base_url=base_url, municipalities=municipalities, years=years)
    rows = []
    for entry in entries:
        area = kolada_area(str(entry.get("municipality", "")))
        for value in entry.get("values", []):
            flag = KOLADA_FLAGS.get(str(value.get("status") or "").lower(), "")
            if value.get("value") is None and not flag:
                flag = "missing"
            rows.append(
                [
                    area,
                    str(entry.get("period", "")),
                    value.get("gender", "T"),
                    "",
                    _fmt(value.get("value")),
                    flag,
                ]
            )
    table = _table(f"Kolada {kpi}", rows)
    return services.import_table(
        table,
        _mapping(False),
        indicator=indicator,
        user=user,
        kind=ImportBatch.Kind.KOLADA,
        dry_run=dry_run,
    )


# --- Naturvårdsverket --------------------------------------------------------------------


def _area_for(location: dict, areas_by_name: dict[str, str], codes: set[str]) -> str:
    ident, name = str(location.get("Id") or "").strip(), str(location.get("Name") or "").strip()
    if ident in codes:
        return ident
    if ident.isdigit() and ident.zfill(2) in codes and len(ident) <= 2:
        return ident.zfill(2)
    if ident.upper() in ("SE", "0", "00", "SVERIGE") or name.lower() in (
        "sverige",
        "hela landet",
        "riket",
    ):
        return "00"
    return areas_by_name.get(name.lower(), ident or name)


def nvv_indicator(data: dict) -> Indicator:
    """Create or update the rus indicator that mirrors an NVV indicator."""
    code = f"nvv-{data['Key']}"
    dpsir = next(
        (d[0].upper() for d in data.get("DPSIR") or [] if d and d[0].upper() in "DPSIR"), ""
    )
    unit = next((ds.get("Unit") for ds in data.get("DataSets") or [] if ds.get("Unit")), "")
    values = {
        "name_sv": data.get("Name") or code,
        "description_sv": data.get("IngressText") or "",
        "source": data.get("DataSupplier") or "Naturvårdsverket",
        "dpsir": dpsir,
        "unit": unit or "–",
        "external_ids": {"naturvardsverket": data["Key"]},
    }
    indicator, created = Indicator.objects.get_or_create(code=code, defaults=values)
    if not created:
        changed = [k for k, v in values.items() if getattr(indicator, k) != v]
        for k in changed:
            setattr(indicator, k, values[k])
        if changed:
            indicator.save(update_fields=changed)
    objectives = [data.get("MainObjective") or {}, *(data.get("SecondaryObjectives") or [])]
    names = {str(o.get("Name", "")).lower() for o in objectives if o.get("Name")}
    goals = Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE)
    indicator.goals.add(
        *[g for g in goals if g.name_sv.lower() in names or g.name_en.lower() in names]
    )
    return indicator


def import_nvv(
    key: int, *, base_url: str = NVV_URL, user: User | None = None, dry_run: bool = False
) -> tuple[Indicator, services.Plan, ImportBatch | None]:
    data = get_json(f"{base_url.rstrip('/')}/api/v1/indicators/{int(key)}")
    indicator = nvv_indicator(data)
    areas = dict(Area.objects.values_list("name", "code"))
    areas_by_name = {n.lower(): c for n, c in areas.items()}
    codes = set(areas.values())
    rows = []
    variables = {
        pv.get("Name")
        for ds in data.get("DataSets") or []
        for loc in ds.get("Locations") or []
        for pv in loc.get("PresentationVariables") or []
    }
    several = len(variables) > 1
    for dataset in data.get("DataSets") or []:
        for location in dataset.get("Locations") or []:
            area = _area_for(location, areas_by_name, codes)
            for variable in location.get("PresentationVariables") or []:
                dimension = str(variable.get("Name") or "") if several else ""
                for point in variable.get("DataSeries") or []:
                    value = point.get("Value")
                    rows.append(
                        [
                            area,
                            str(point.get("Label", "")),
                            "T",
                            dimension,
                            _fmt(value),
                            "" if value is not None else "missing",
                        ]
                    )
    table = _table(f"Naturvårdsverket indikator {key}", rows)
    plan, batch = services.import_table(
        table,
        _mapping(several),
        indicator=indicator,
        user=user,
        kind=ImportBatch.Kind.NATURVARDSVERKET,
        dry_run=dry_run,
    )
    return indicator, plan, batch
