"""Emission trend and carbon budget figures as Klimatkollen computes them for municipalities
(``shared/data/peer/README.md``, section 4).

The trend is a least-absolute-deviations line through the yearly totals from the cutoff year
on, shifted to pass through the latest value. A LAD line with one predictor always has an
optimum that passes through two of the data points, so trying every pair finds it exactly,
without an optimisation library.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations

CARBON_LAW_RATE = 0.1172
CUTOFF_YEAR = 2015
END_YEAR = 2050


def lad_fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """(slope, intercept) of the least-absolute-deviations line."""
    if len(xs) < 2:
        raise ValueError("a trend needs at least two points")
    best: tuple[float, float, float] | None = None
    for i, j in combinations(range(len(xs)), 2):
        if xs[i] == xs[j]:
            continue
        slope = (ys[j] - ys[i]) / (xs[j] - xs[i])
        intercept = ys[i] - slope * xs[i]
        loss = sum(abs(y - (intercept + slope * x)) for x, y in zip(xs, ys, strict=True))
        if best is None or loss < best[0] - 1e-12 * max(1.0, abs(best[0])):
            best = (loss, slope, intercept)
    if best is None:
        raise ValueError("a trend needs two different years")
    return best[1], best[2]


def trend_years(columns: Iterable[object], cutoff_year: int = CUTOFF_YEAR) -> list[int]:
    """The year columns used for the trend: four-digit years from the cutoff on."""
    years = [int(str(c)) for c in columns if str(c).isdigit() and len(str(c)) == 4]
    return sorted(y for y in years if y >= cutoff_year)


def prediction_years(
    last_data_year: int, current_year: int, end_year: int
) -> tuple[list[int], list[int]]:
    return list(range(last_data_year, current_year + 1)), list(range(current_year, end_year + 1))


def floor_at_zero(values: Mapping[int, float]) -> dict[int, float]:
    """Emissions below zero are not predicted: the trend line stops at zero."""
    return {k: max(0.0, v) for k, v in values.items()}


@dataclass(frozen=True)
class Trend:
    slope: float
    approximated: dict[int, float]
    trend: dict[int, float]

    @property
    def total(self) -> float:
        return sum(self.trend.values())


def emission_trend(
    emissions: Mapping[int, float],
    *,
    current_year: int,
    end_year: int = END_YEAR,
    cutoff_year: int = CUTOFF_YEAR,
) -> Trend:
    years = trend_years(emissions, cutoff_year)
    last = years[-1]
    slope, _intercept = lad_fit(
        [float(y - last) for y in years], [float(emissions[y]) for y in years]
    )
    anchor = float(emissions[last])

    def line(year: int) -> float:
        return anchor + slope * (year - last)

    approx_years, future_years = prediction_years(last, current_year, end_year)
    return Trend(
        slope,
        floor_at_zero({y: line(y) for y in approx_years}),
        floor_at_zero({y: line(y) for y in future_years}),
    )


def carbon_law_path(
    start_emission: float, start_year: int, end_year: int = END_YEAR, rate: float = CARBON_LAW_RATE
) -> dict[int, float]:
    return {
        y: start_emission * (1 - rate) ** (y - start_year) for y in range(start_year, end_year + 1)
    }


def latest_emission(row: Mapping[str, float], current_year: int) -> float:
    """The emission the Carbon Law path starts from: the trend's estimate for the current
    year where the data ends earlier, else the measured value of the current year."""
    return row.get(f"approximated_{current_year}", row.get(str(current_year), math.nan))


def emission_row(emissions: Mapping[int, float], trend: Trend) -> dict[str, float]:
    """Measured and estimated emissions by Klimatkollen's column names."""
    row = {str(y): v for y, v in emissions.items()}
    row.update({f"approximated_{y}": v for y, v in trend.approximated.items()})
    return row


def historical_change_percent(
    emissions: Mapping[int, float], last_year: int, base_year: int = 2015
) -> float:
    years = last_year - base_year
    return float(100 * ((emissions[last_year] / emissions[base_year]) ** (1 / years) - 1))


def net_zero_date(year: int, emission: float, slope: float) -> date | None:
    """When the trend line reaches zero, if it falls at all."""
    if slope >= 0:
        return None
    t = year - emission / slope
    whole = int(t)
    moment = datetime(whole, 1, 1) + timedelta(seconds=int((t - whole) * 365 * 86400))
    return moment.date()


def meets_paris(total_trend: float, total_carbon_law_path: float) -> bool:
    return total_trend <= total_carbon_law_path
