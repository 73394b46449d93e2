"""Parse → map columns → validate every row → summarise. No database writes here.

Each rule is one small check that names the row, the column and the reason, so that whoever
fixes the file sees every problem at once.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from rus.indicators.models import PERIOD
from rus.lib.tabular import ProblemCollector, Table

GENDERS = {"T", "K", "M"}
FLAGS = {"", "preliminary", "revised", "missing", "confidential"}
# A status may also be written the Swedish way, or as Kolada and SCB abbreviate it.
FLAG_WORDS = {
    "preliminär": "preliminary",
    "prel": "preliminary",
    "p": "preliminary",
    "reviderad": "revised",
    "r": "revised",
    "saknas": "missing",
    "saknat": "missing",
    "..": "missing",
    "sekretess": "confidential",
    "sekretessbelagd": "confidential",
    "x": "confidential",
    "slutlig": "",
    "final": "",
}
FLAGS_WITHOUT_VALUE = {"missing", "confidential"}


@dataclass
class ColumnMapping:
    """Which file column holds what. ``period_value`` fixes the period for every row."""

    area: str
    value: str
    period: str = ""
    period_value: str = ""
    indicator: str = ""
    gender: str = ""
    flag: str = ""
    note: str = ""
    dimensions: dict[str, str] = field(default_factory=dict)

    def columns(self) -> list[str]:
        named = [
            self.area,
            self.value,
            self.period,
            self.indicator,
            self.gender,
            self.flag,
            self.note,
        ]
        return [c for c in named if c] + list(self.dimensions.values())


@dataclass(frozen=True)
class Row:
    line: int
    indicator_id: int
    area_id: int
    period: str
    year: int
    gender: str
    dimensions: str
    value: float | None
    flag: str
    note: str

    @property
    def key(self) -> tuple[int, int, str, str, str]:
        return (self.indicator_id, self.area_id, self.period, self.gender, self.dimensions)


def dimension_key(values: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(values.items()) if v)


def check_header(table: Table, mapping: ColumnMapping, problems: ProblemCollector) -> None:
    for column in mapping.columns():
        if column not in table.header:
            problems.add(1, column, _("the header lacks this column"))
    if not mapping.period and not mapping.period_value:
        problems.add(1, None, _("no column is mapped to the period"))


# Each rule below judges one distinct cell value and returns what it stands for, or the
# message that names what is wrong with it. The import asks once per distinct value (files
# repeat their codes a lot), and the database applies the answers to every row.
Verdict = tuple[Any, str | None]


def judge_indicator(code: str, indicators: dict[str, int]) -> Verdict:
    if code not in indicators:
        return None, _("unknown indicator %(code)r") % {"code": code}
    return indicators[code], None


def judge_area(code: str, areas: dict[str, int]) -> Verdict:
    if not code:
        return None, _("the area code is missing")
    if not re.fullmatch(r"\d{2}|\d{4}", code):
        return None, _(
            "%(code)r is not an SCB county (2 digits) or municipality (4 digits) code"
        ) % {"code": code}
    if code not in areas:
        return None, _("unknown area %(code)s") % {"code": code}
    return areas[code], None


def judge_period(raw: str) -> Verdict:
    match = PERIOD.match(raw)
    if not match:
        return None, _("%(value)r is not a period (e.g. 2023, 2023-05, 2023-Q2)") % {"value": raw}
    return (raw, int(match.group(1))), None


def judge_gender(cell: str) -> Verdict:
    raw = cell.upper() or "T"
    if raw not in GENDERS:
        return None, _("%(value)r is not a gender code (T, K or M)") % {"value": raw}
    return raw, None


def judge_flag(cell: str) -> Verdict:
    raw = cell.strip().lower()
    flag = FLAG_WORDS.get(raw, raw)
    if flag not in FLAGS:
        return None, _(
            "%(value)r is not a status: write preliminary, revised, missing or "
            "confidential, or leave it empty for a final value"
        ) % {"value": raw}
    return flag, None


def value_message(raw: str) -> str:
    """What is wrong with a value the database could not read as a number."""
    if raw == "":
        return _(
            "the value is missing; if the row has none, write missing or "
            "confidential in the status column"
        )
    return _("%(value)r is not a number") % {"value": raw}


def duplicate_message(first_line: int) -> str:
    return _("duplicate row: same indicator, area, period and dimensions as line %(other)d") % {
        "other": first_line
    }


def width_message(expected: int, found: int) -> str:
    return _("expected %(expected)d fields, found %(found)d") % {
        "expected": expected,
        "found": found,
    }


def too_long_message(limit: int) -> str:
    return _("longer than %(n)d characters") % {"n": limit}
