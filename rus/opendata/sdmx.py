"""SDMX-ML 2.1 GenericData for one indicator, readable by SDMX tools without a structure file.

Series are keyed by REF_AREA (SCB code), SEX (T/K/M) and BREAKDOWN (``_T`` for the headline,
else the dimension key); TIME_PERIOD is the observation dimension. OBS_STATUS carries the
value's flag and UNIT_MEASURE the indicator's unit.
"""

from collections import defaultdict
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from rus.indicators.models import Indicator, Observation

CONTENT_TYPE = "application/vnd.sdmx.genericdata+xml;version=2.1"
NS = {
    "message": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "generic": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic",
    "common": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
}
SENDER = "RUS"
DIMENSIONS = ("REF_AREA", "SEX", "BREAKDOWN")
STATUS = {"": "A", "preliminary": "P", "revised": "R", "missing": "M", "confidential": "C"}


def sdmx_id(code: str) -> str:
    return code.upper().replace("-", "_")


def _tag(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _sub(parent: ET.Element, prefix: str, name: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, _tag(prefix, name), attrs)


def parse_key(key: str) -> list[set[str] | None]:
    """``0180+01.T.`` → [{"0180", "01"}, {"T"}, None]; ``all`` or empty means everything."""
    if key in ("", "all"):
        return [None] * len(DIMENSIONS)
    parts = key.split(".")
    parts += [""] * (len(DIMENSIONS) - len(parts))
    return [set(p.split("+")) if p else None for p in parts[: len(DIMENSIONS)]]


def generic_data(
    indicator: Indicator,
    *,
    key: str = "all",
    start: int | None = None,
    end: int | None = None,
) -> bytes:
    areas, sexes, breakdowns = parse_key(key)
    qs = Observation.objects.filter(indicator=indicator, is_current=True, is_public=True)
    if areas:
        qs = qs.filter(area__code__in=areas)
    if sexes:
        qs = qs.filter(gender__in=sexes)
    if breakdowns:
        qs = qs.filter(dimensions__in=["" if b == "_T" else b for b in breakdowns])
    if start:
        qs = qs.filter(year__gte=start)
    if end:
        qs = qs.filter(year__lte=end)
    series: dict[tuple[str, str, str], list[tuple[str, float | None, str]]] = defaultdict(list)
    rows = qs.values_list("area__code", "gender", "dimensions", "period", "value", "flag").order_by(
        "area__code", "gender", "dimensions", "period"
    )
    for area, gender, dims, period, value, flag in rows.iterator(chunk_size=5000):
        series[(area, gender, dims or "_T")].append((period, value, flag))

    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    flow = sdmx_id(indicator.code)
    root = ET.Element(_tag("message", "GenericData"))
    header = _sub(root, "message", "Header")
    _sub(header, "message", "ID").text = f"{flow}_{datetime.now(UTC):%Y%m%d%H%M%S}"
    _sub(header, "message", "Test").text = "false"
    _sub(header, "message", "Prepared").text = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    _sub(header, "message", "Sender", id=SENDER)
    structure = _sub(
        header,
        "message",
        "Structure",
        structureID=f"DSD_{flow}",
        dimensionAtObservation="TIME_PERIOD",
    )
    ref = _sub(structure, "common", "Structure")
    ET.SubElement(ref, "Ref", {"agencyID": SENDER, "id": f"DSD_{flow}", "version": "1.0"})
    dataset = _sub(root, "message", "DataSet", structureRef=f"DSD_{flow}")
    for (area, gender, dims), observations in series.items():
        element = _sub(dataset, "generic", "Series")
        series_key = _sub(element, "generic", "SeriesKey")
        for dim_id, dim_value in zip(DIMENSIONS, (area, gender, dims), strict=True):
            _sub(series_key, "generic", "Value", id=dim_id, value=dim_value)
        attributes = _sub(element, "generic", "Attributes")
        _sub(attributes, "generic", "Value", id="UNIT_MEASURE", value=indicator.unit)
        for period, value, flag in observations:
            obs = _sub(element, "generic", "Obs")
            _sub(obs, "generic", "ObsDimension", value=period)
            _sub(obs, "generic", "ObsValue", value="NaN" if value is None else repr(value))
            obs_attrs = _sub(obs, "generic", "Attributes")
            _sub(obs_attrs, "generic", "Value", id="OBS_STATUS", value=STATUS.get(flag, "A"))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
