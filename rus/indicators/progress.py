"""The Open SDG / Statistics Canada progress measure (sdg-build 2.4.0), as described in
``shared/data/peer/README.md``.

Two observations count: the base point (the configured base year, or the first year with
data after it) and the latest one. Without a target the compound annual growth rate is
compared with fixed thresholds, optionally scaled near a natural limit; with a target it is
compared with the growth needed to reach the target in time. The result is a status and a
score from -5 to +5. No rounding is applied anywhere.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL = "substantial_progress"
    MODERATE = "moderate_progress"
    LIMITED = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"


class Direction(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


NO_TARGET_THRESHOLDS = (0.015, 0.005, 0.0)  # high, med, low
WITH_TARGET_THRESHOLDS = (0.95, 0.6, 0.0)
LIMIT_EXPONENT = 4.44
DEFAULT_BASE_YEAR = 2015
DEFAULT_TARGET_YEAR = 2030


@dataclass(frozen=True)
class SeriesInput:
    """Effective inputs; a missing point (no data) is None."""

    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    target: float | None = None
    target_year: int = DEFAULT_TARGET_YEAR
    direction: Direction = Direction.NEGATIVE
    limit: float | None = None


@dataclass(frozen=True)
class Progress:
    status: Status
    score: float | None
    progress_value: float | None
    method: str  # "no_target" or "with_target"
    inputs: SeriesInput | None = None


NOT_AVAILABLE = Progress(Status.NOT_AVAILABLE, None, None, "no_target")


def cagr(start: float, end: float, years: float) -> float:
    return float((end / start) ** (1 / years) - 1)


def limit_coefficient(base_value: float, limit: float) -> float:
    b, lim = abs(base_value), abs(limit)
    if b >= 2 * lim:
        return 1.0
    if b <= lim:
        return float(1 - (b / lim) ** LIMIT_EXPONENT)
    return float(1 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT)


def _status(p: float, high: float, med: float, low: float) -> Status:
    if p >= high:
        return Status.SUBSTANTIAL
    if p >= med:
        return Status.MODERATE
    if p >= low:
        return Status.LIMITED
    return Status.DETERIORATION


def _score_no_target(p: float, c: float) -> float:
    high, med = NO_TARGET_THRESHOLDS[0] * c, NO_TARGET_THRESHOLDS[1] * c
    if p < 0:
        return max(125 * p - 2.5, -5.0)
    if p < med:
        return 500 * p / c - 2.5
    if p < high:
        return 250 * p / c - 1.25
    return min(500 * p / c - 5, 5.0)


def _score_with_target(p: float) -> float:
    if p >= 0.6:
        return min(7.1429 * p - 4.2857, 5.0)
    return max(4.1667 * p - 2.5, -5.0)


def series_progress(inp: SeriesInput) -> Progress:
    """Progress of one series from its effective base and current points."""
    method = "no_target" if inp.target is None else "with_target"
    y0, yi = inp.base_value, inp.current_value
    if inp.base_year is None or inp.current_year is None or y0 is None or yi is None:
        return Progress(Status.NOT_AVAILABLE, None, None, method, inp)
    if inp.base_year > inp.current_year or inp.current_year - inp.base_year < 1:
        return Progress(Status.NOT_AVAILABLE, None, None, method, inp)
    if (y0 < 0 < yi) or (yi < 0 < y0):
        return Progress(Status.NOT_AVAILABLE, None, None, method, inp)
    if y0 == 0:
        y0 = 0.001
    target = 0.001 if inp.target == 0 else inp.target
    sign = -1 if y0 < 0 else 1
    d = 1 if inp.direction == Direction.POSITIVE else -1
    years = inp.current_year - inp.base_year
    actual = cagr(y0, yi, years)

    if target is not None:
        achieved = (d == -1 and yi <= target) or (d == 1 and yi >= target)
        required = cagr(y0, target, inp.target_year - inp.base_year)
        p = sign * d * actual / abs(required) if required != 0 else None
        if achieved:
            return Progress(Status.TARGET_ACHIEVED, 5.0, p, method, inp)
        if p is None:
            return Progress(Status.NOT_AVAILABLE, None, None, method, inp)
        return Progress(_status(p, *WITH_TARGET_THRESHOLDS), _score_with_target(p), p, method, inp)

    p = sign * d * actual
    c = 1.0 if inp.limit is None else limit_coefficient(y0, inp.limit)
    high, med, low = (NO_TARGET_THRESHOLDS[0] * c, NO_TARGET_THRESHOLDS[1] * c, 0.0)
    if c == 0:
        # At the limit itself any non-negative change counts as substantial progress.
        if p >= 0:
            return Progress(Status.SUBSTANTIAL, 5.0, p, method, inp)
        return Progress(Status.DETERIORATION, max(125 * p - 2.5, -5.0), p, method, inp)
    return Progress(_status(p, high, med, low), _score_no_target(p, c), p, method, inp)


def select_points(
    values: Mapping[int, float | None], base_year: int = DEFAULT_BASE_YEAR
) -> tuple[int, float, int, float] | None:
    """The base and current points of a yearly series, or None when there are none."""
    years = sorted(y for y, v in values.items() if v is not None)
    if not years:
        return None
    current = years[-1]
    base = next((y for y in years if y >= base_year), None)
    if base is None:
        return None
    return base, float(values[base]), current, float(values[current])  # type: ignore[arg-type]


def progress_of_series(
    values: Mapping[int, float | None],
    *,
    base_year: int = DEFAULT_BASE_YEAR,
    target: float | None = None,
    target_year: int = DEFAULT_TARGET_YEAR,
    direction: Direction = Direction.NEGATIVE,
    limit: float | None = None,
) -> Progress:
    points = select_points(values, base_year)
    if points is None:
        return NOT_AVAILABLE
    b, y0, c, yi = points
    return series_progress(SeriesInput(b, y0, c, yi, target, target_year, direction, limit))


Member = Progress | Sequence["Member"]


def _member_scores(members: Iterable[Member]) -> tuple[list[float], list[bool]]:
    scores: list[float] = []
    achieved: list[bool] = []
    for member in members:
        if isinstance(member, Progress):
            if member.score is not None:
                scores.append(member.score)
                achieved.append(member.status == Status.TARGET_ACHIEVED)
        else:
            inner_scores, inner_achieved = _member_scores(member)
            if inner_scores:
                # A group counts as one member with its own mean.
                scores.append(sum(inner_scores) / len(inner_scores))
                achieved.append(all(inner_achieved))
    return scores, achieved


def indicator_progress(members: Iterable[Member]) -> tuple[Status, float | None]:
    """Aggregate series (and nested groups of series) into the indicator's status and score."""
    scores, achieved = _member_scores(members)
    if not scores:
        return Status.NOT_AVAILABLE, None
    score = sum(scores) / len(scores)
    if all(achieved):
        return Status.TARGET_ACHIEVED, score
    if score >= 2.5:
        return Status.SUBSTANTIAL, score
    if score >= 0:
        return Status.MODERATE, score
    if score >= -2.5:
        return Status.LIMITED, score
    return Status.DETERIORATION, score
