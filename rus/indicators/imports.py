"""Parse → map columns → validate every row → summarise. No database writes here.

Each rule is one small check that names the row, the column and the reason, so that whoever
fixes the file sees every problem at once.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from rus.lib.tabular import Problem, ProblemCollector, Table

PERIOD = re.compile(r"^(\d{4})(?:-(?:0[1-9]|1[0-2]|Q[1-4]|H[12]))?$")
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
GENDERS = {"T", "K", "M"}
FLAGS = {"", "preliminary", "revised", "missing", "confidential"}
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


def parse_number(raw: str) -> float | None:
    cleaned = raw.replace("\u00a0", "").replace(" ", "")
    if not NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


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
        raw = self.cell(values, self.mapping.flag).lower() if self.mapping.flag else ""
        if raw not in FLAGS:
            self.problems.add(
                line,
                self.mapping.flag,
                _("%(value)r is not a status (preliminary, revised, missing, confidential)")
                % {"value": raw},
            )
            return None
        return raw

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
                _("the value is missing (mark the row missing or confidential if it has none)"),
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
            self.problems.add(
                line,
                None,
                _("duplicate row: same indicator, area, period and dimensions as line %(other)d")
                % {"other": self.seen[key]},
            )
            return False
        self.seen[key] = line
        return True

    def validate(self) -> list[Row]:
        check_header(self.table, self.mapping, self.problems)
        if self.problems.problems:
            return []
        rows = []
        width = len(self.table.header)
        for line, values in self.table.rows:
            if len(values) != width:
                self.problems.add(
                    line,
                    None,
                    _("expected %(expected)d fields, found %(found)d")
                    % {"expected": width, "found": len(values)},
                )
                continue
            indicator = self.check_indicator(line, values)
            area = self.check_area(line, values)
            period = self.check_period(line, values)
            gender = self.check_gender(line, values)
            flag = self.check_flag(line, values)
            ok, value = self.check_value(line, values, flag)
            dims = dimension_key(
                {name: self.cell(values, col) for name, col in self.mapping.dimensions.items()}
            )
            if None in (indicator, area, period, gender, flag) or not ok:
                continue
            assert indicator is not None and area is not None and period is not None
            assert gender is not None and flag is not None
            row = Row(
                line,
                indicator,
                area,
                period[0],
                period[1],
                gender,
                dims,
                value,
                flag,
                self.cell(values, self.mapping.note) if self.mapping.note else "",
            )
            if self.check_duplicate(line, row.key):
                rows.append(row)
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
