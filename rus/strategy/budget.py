"""A project's budget, financing and grant, computed from its cells (never typed in).

All sums are whole kronor. The grant is P per cent of the booked costs, at most the cap,
computed in ``Decimal`` and rounded half up to whole kronor. Per year it is computed on the
cumulative costs, so that the years add up to the total exactly and the cap, once reached,
leaves nothing for later years.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PERCENT = "percent"
CAP = "cap"
EQUAL = "equal"


def round_kronor(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Cell:
    row: str  # cost category or financier
    year: int
    amount: int


@dataclass
class Table:
    """Rows (in the order first seen) × years, with the sums the page and exports show."""

    cells: list[Cell]
    years: list[int]
    rows: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for c in self.cells:
            if c.row not in self.rows:
                self.rows.append(c.row)
        self.years = sorted(set(self.years) | {c.year for c in self.cells})

    def amount(self, row: str, year: int) -> int:
        return sum(c.amount for c in self.cells if c.row == row and c.year == year)

    def by_year(self) -> dict[int, int]:
        return {y: sum(c.amount for c in self.cells if c.year == y) for y in self.years}

    def by_row(self) -> dict[str, int]:
        return {r: sum(c.amount for c in self.cells if c.row == r) for r in self.rows}

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.cells)

    def grid(self) -> list[tuple[str, list[int], int]]:
        """Each row with its amount per year and its total."""
        by_row = self.by_row()
        return [(r, [self.amount(r, y) for y in self.years], by_row[r]) for r in self.rows]


@dataclass(frozen=True)
class Grant:
    percent: Decimal | None
    cap: int | None
    uncapped: int
    amount: int
    binding: str
    by_year: dict[int, int]


def grant(costs_by_year: dict[int, int], percent: Decimal | None, cap: int | None) -> Grant | None:
    """The grant on these costs; None when the project has no grant percentage."""
    if percent is None:
        return None
    share = Decimal(percent) / 100
    total = sum(costs_by_year.values())
    uncapped = round_kronor(share * total)
    amount = uncapped if cap is None else min(uncapped, cap)
    if cap is None or uncapped < cap:
        binding = PERCENT
    elif uncapped > cap:
        binding = CAP
    else:
        binding = EQUAL
    by_year: dict[int, int] = {}
    cumulative_costs = 0
    granted = 0
    for year in sorted(costs_by_year):
        cumulative_costs += costs_by_year[year]
        so_far = round_kronor(share * cumulative_costs)
        if cap is not None:
            so_far = min(so_far, cap)
        by_year[year] = so_far - granted
        granted = so_far
    shown = Decimal(percent)
    shown = shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown.normalize()
    return Grant(shown, cap, uncapped, amount, binding, by_year)


@dataclass
class Budget:
    costs: Table
    financing: Table
    grant: Grant | None

    @property
    def years(self) -> list[int]:
        return sorted(set(self.costs.years) | set(self.financing.years))

    def balance_by_year(self) -> dict[int, int]:
        """Financing minus costs, per year (0 where they match)."""
        costs, financing = self.costs.by_year(), self.financing.by_year()
        return {y: financing.get(y, 0) - costs.get(y, 0) for y in self.years}

    @property
    def balanced(self) -> bool:
        return all(v == 0 for v in self.balance_by_year().values()) and (
            self.costs.total == self.financing.total
        )

    def totals(self) -> dict[str, Any]:
        """The ``totals`` object of the project file format (keys of years as strings)."""
        g = self.grant
        return {
            "costs_by_year": {str(y): v for y, v in self.costs.by_year().items()},
            "costs_by_category": self.costs.by_row(),
            "costs": self.costs.total,
            "financing_by_year": {str(y): v for y, v in self.financing.by_year().items()},
            "financing_by_financier": self.financing.by_row(),
            "financing": self.financing.total,
            "balanced": self.balanced,
            "grant": None
            if g is None
            else {
                "amount": g.amount,
                "uncapped": g.uncapped,
                "binding": g.binding,
                "by_year": {str(y): v for y, v in g.by_year.items()},
            },
        }


def budget(
    costs: Iterable[Cell],
    financing: Iterable[Cell],
    *,
    years: Iterable[int] = (),
    percent: Decimal | None = None,
    cap: int | None = None,
) -> Budget:
    years = list(years)
    cost_table = Table(list(costs), years)
    financing_table = Table(list(financing), years)
    all_years = sorted(set(cost_table.years) | set(financing_table.years))
    cost_table.years = financing_table.years = all_years
    return Budget(cost_table, financing_table, grant(cost_table.by_year(), percent, cap))


def planned_to_date(costs_by_year: dict[int, int], starts: Any, ends: Any, until: Any) -> int:
    """The costs planned from the start to ``until``: each year's costs spread evenly over
    the project's days in that year."""
    total = Decimal(0)
    for year, amount in costs_by_year.items():
        first = max(starts, starts.replace(year=year, month=1, day=1))
        last = min(ends, ends.replace(year=year, month=12, day=31))
        if last < first:
            continue
        days = (last - first).days + 1
        elapsed = (min(last, until) - first).days + 1
        if elapsed <= 0:
            continue
        total += Decimal(amount) * min(elapsed, days) / days
    return round_kronor(total)
