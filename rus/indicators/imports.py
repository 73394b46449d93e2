"""Parse → map columns → validate every row → summarise. No database writes here.

Each rule is one small check that names the row, the column and the reason, so that whoever
fixes the file sees every problem at once.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from rus.indicators.models import PERIOD
from rus.lib.numbers import parse_number
from rus.lib.tabular import Problem, ProblemCollector, SourceError, Table

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


class RowValidator:
    def __init__(
        self,
        table: Table,
        mapping: ColumnMapping,
        *,
        areas: dict[str, int],
        indicators: dict[str, int],
        fixed_indicator: int | None,
    ) -> None:
        self.table, self.mapping = table, mapping
        self.areas, self.indicators, self.fixed_indicator = areas, indicators, fixed_indicator
        self.index = {name: i for i, name in enumerate(table.header)}
        self.problems = ProblemCollector(table.label)
        self.seen: dict[tuple[Any, ...], int] = {}

    def cell(self, values: list[str], column: str) -> str:
        i = self.index[column]
        return values[i] if i < len(values) else ""

    def check_indicator(self, line: int, values: list[str]) -> int | None:
        if not self.mapping.indicator:
            return self.fixed_indicator
        code = self.cell(values, self.mapping.indicator)
        if code not in self.indicators:
            self.problems.add(
                line, self.mapping.indicator, _("unknown indicator %(code)r") % {"code": code}
            )
            return None
        return self.indicators[code]

    def check_area(self, line: int, values: list[str]) -> int | None:
        code = self.cell(values, self.mapping.area)
        if not code:
            self.problems.add(line, self.mapping.area, _("the area code is missing"))
            return None
        if not re.fullmatch(r"\d{2}|\d{4}", code):
            self.problems.add(
                line,
                self.mapping.area,
                _("%(code)r is not an SCB county (2 digits) or municipality (4 digits) code")
                % {"code": code},
            )
            return None
        if code not in self.areas:
            self.problems.add(line, self.mapping.area, _("unknown area %(code)s") % {"code": code})
            return None
        return self.areas[code]

    def check_period(self, line: int, values: list[str]) -> tuple[str, int] | None:
        raw = self.mapping.period_value or self.cell(values, self.mapping.period)
        match = PERIOD.match(raw)
        if not match:
            column = self.mapping.period or None
            self.problems.add(
                line,
                column,
                _("%(value)r is not a period (e.g. 2023, 2023-05, 2023-Q2)") % {"value": raw},
            )
            return None
        return raw, int(match.group(1))

    def check_gender(self, line: int, values: list[str]) -> str | None:
        if not self.mapping.gender:
            return "T"
        raw = self.cell(values, self.mapping.gender).upper() or "T"
        if raw not in GENDERS:
            self.problems.add(
                line,
                self.mapping.gender,
                _("%(value)r is not a gender code (T, K or M)") % {"value": raw},
            )
            return None
        return raw

    def check_flag(self, line: int, values: list[str]) -> str | None:
        raw = self.cell(values, self.mapping.flag).strip().lower() if self.mapping.flag else ""
        flag = FLAG_WORDS.get(raw, raw)
        if flag not in FLAGS:
            self.problems.add(
                line,
                self.mapping.flag,
                _(
                    "%(value)r is not a status: write preliminary, revised, missing or "
                    "confidential, or leave it empty for a final value"
                )
                % {"value": raw},
            )
            return None
        return flag

    def check_value(
        self, line: int, values: list[str], flag: str | None
    ) -> tuple[bool, float | None]:
        raw = self.cell(values, self.mapping.value)
        if raw == "":
            if flag in FLAGS_WITHOUT_VALUE:
                return True, None
            self.problems.add(
                line,
                self.mapping.value,
                _(
                    "the value is missing; if the row has none, write missing or "
                    "confidential in the status column"
                ),
            )
            return False, None
        number = parse_number(raw)
        if number is None:
            self.problems.add(
                line, self.mapping.value, _("%(value)r is not a number") % {"value": raw}
            )
            return False, None
        return True, number

    def check_duplicate(self, line: int, key: tuple[Any, ...]) -> bool:
        if key in self.seen:
            m = self.mapping
            key_columns = [m.indicator, m.area, m.period, m.gender, *m.dimensions.values()]
            self.problems.add(
                line,
                ", ".join(c for c in key_columns if c),
                _("duplicate row: same indicator, area, period and dimensions as line %(other)d")
                % {"other": self.seen[key]},
            )
            return False
        self.seen[key] = line
        return True

    def table_rows(self) -> Iterator[tuple[int, list[str]]]:
        """The file's rows; a fault that stops the reader (say, a wrong encoding on line
        5 000) becomes one more problem after those found before it."""
        try:
            yield from self.table.rows()
        except SourceError as exc:
            self.problems.problems.extend(exc.problems)

    def validate(self) -> list[Row]:
        """Check every row. Valid cell values are remembered, so that the checks run once per
        distinct code, period or gender rather than once per row: files repeat them a lot."""
        check_header(self.table, self.mapping, self.problems)
        if self.problems.problems:
            return []
        m, idx = self.mapping, self.index
        width = len(self.table.header)
        area_i = idx[m.area]
        period_i = idx[m.period] if m.period else None
        indicator_i = idx[m.indicator] if m.indicator else None
        gender_i = idx[m.gender] if m.gender else None
        flag_i = idx[m.flag] if m.flag else None
        note_i = idx[m.note] if m.note else None
        dim_cols = [(name, idx[col]) for name, col in sorted(m.dimensions.items())]
        areas: dict[str, int] = {}
        periods: dict[str, tuple[str, int]] = {}
        indicators: dict[str, int] = {}
        genders: dict[str, str] = {}
        flags: dict[str, str] = {}
        dims_cache: dict[tuple[str, ...], str] = {}
        seen = self.seen
        rows: list[Row] = []
        for line, values in self.table_rows():
            if len(values) != width:
                self.problems.add(
                    line,
                    None,
                    _("expected %(expected)d fields, found %(found)d")
                    % {"expected": width, "found": len(values)},
                )
                continue
            ok = True
            indicator: int | None = self.fixed_indicator
            if indicator_i is not None:
                indicator = indicators.get(values[indicator_i])
                if indicator is None:
                    indicator = self.check_indicator(line, values)
                    if indicator is not None:
                        indicators[values[indicator_i]] = indicator
            area = areas.get(values[area_i])
            if area is None:
                area = self.check_area(line, values)
                if area is not None:
                    areas[values[area_i]] = area
            raw_period = self.mapping.period_value if period_i is None else values[period_i]
            period = periods.get(raw_period)
            if period is None:
                period = self.check_period(line, values)
                if period is not None:
                    periods[raw_period] = period
            gender: str | None = "T"
            if gender_i is not None:
                gender = genders.get(values[gender_i])
                if gender is None:
                    gender = self.check_gender(line, values)
                    if gender is not None:
                        genders[values[gender_i]] = gender
            flag: str | None = ""
            if flag_i is not None:
                flag = flags.get(values[flag_i])
                if flag is None:
                    flag = self.check_flag(line, values)
                    if flag is not None:
                        flags[values[flag_i]] = flag
            ok, value = self.check_value(line, values, flag)
            if (
                indicator is None
                or area is None
                or period is None
                or gender is None
                or flag is None
                or not ok
            ):
                continue
            dim_values = tuple(values[i] for _name, i in dim_cols)
            dims = dims_cache.get(dim_values)
            if dims is None:
                dims = dimension_key({name: values[i] for name, i in dim_cols})
                dims_cache[dim_values] = dims
            key = (indicator, area, period[0], gender, dims)
            if key in seen:
                self.check_duplicate(line, key)
                continue
            seen[key] = line
            note = values[note_i] if note_i is not None else ""
            rows.append(
                Row(line, indicator, area, period[0], period[1], gender, dims, value, flag, note)
            )
        return rows


def validate(
    table: Table,
    mapping: ColumnMapping,
    *,
    areas: dict[str, int],
    indicators: dict[str, int],
    fixed_indicator: int | None = None,
) -> tuple[list[Row], list[Problem]]:
    validator = RowValidator(
        table, mapping, areas=areas, indicators=indicators, fixed_indicator=fixed_indicator
    )
    rows = validator.validate()
    return rows, validator.problems.problems
