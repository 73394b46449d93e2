"""Changes to indicator data. The UI, the commands and the importers all come through here."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.db import connection, transaction

from rus.accounts.models import User
from rus.areas.models import Area
from rus.indicators import imports
from rus.indicators.imports import ColumnMapping, Row
from rus.indicators.models import ImportBatch, Indicator, Observation
from rus.lib.caching import bump_data_version
from rus.lib.tabular import Problem, Table

CHUNK = 5000
Key = tuple[int, int, str, str, str]


@dataclass
class Change:
    row: Row
    old_value: float | None
    old_flag: str


@dataclass
class Plan:
    """What an import would do, computed before anything is written."""

    rows: list[Row]
    problems: list[Problem]
    new: list[Row] = field(default_factory=list)
    revised: list[Change] = field(default_factory=list)
    unchanged: int = 0
    superseded: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def area_codes() -> dict[str, int]:
    return dict(Area.objects.values_list("code", "id"))


def indicator_codes() -> dict[str, int]:
    return dict(Indicator.objects.values_list("code", "id"))


def _current(rows: list[Row]) -> dict[Key, tuple[int, float | None, str]]:
    """The current stored values for the keys of ``rows``, in one query per indicator."""
    by_indicator: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        by_indicator[row.indicator_id].add(row.year)
    found: dict[Key, tuple[int, float | None, str]] = {}
    for indicator_id, years in by_indicator.items():
        qs = Observation.objects.filter(
            indicator_id=indicator_id, is_current=True, year__in=sorted(years)
        ).values_list("pk", "area_id", "period", "gender", "dimensions", "value", "flag")
        for pk, area_id, period, gender, dims, value, flag in qs.iterator(chunk_size=CHUNK):
            found[(indicator_id, area_id, period, gender, dims)] = (pk, value, flag)
    return found


def plan_import(
    table: Table, mapping: ColumnMapping, *, indicator: Indicator | None = None
) -> Plan:
    rows, problems = imports.validate(
        table,
        mapping,
        areas=area_codes(),
        indicators=indicator_codes(),
        fixed_indicator=indicator.pk if indicator else None,
    )
    if problems:
        return Plan(rows=rows, problems=problems)
    return plan_rows(rows)


def plan_rows(rows: list[Row]) -> Plan:
    """Compare valid rows with the stored values: what is new, revised or unchanged."""
    plan = Plan(rows=rows, problems=[])
    current = _current(rows)
    for row in rows:
        stored = current.get(row.key)
        if stored is None:
            plan.new.append(row)
        elif stored[1] == row.value and (row.flag or stored[2]) == stored[2]:
            plan.unchanged += 1
        else:
            plan.revised.append(Change(row, stored[1], stored[2]))
            plan.superseded.append(stored[0])
    return plan


OBSERVATION_COLUMNS = (
    "indicator_id",
    "area_id",
    "period",
    "year",
    "gender",
    "dimensions",
    "value",
    "flag",
    "note",
    "batch_id",
    "is_current",
    "is_public",
)


def _insert_rows(rows: Iterable[tuple[Any, ...]]) -> None:
    """Write observation rows without building model instances.

    Imports are the heaviest writes in rus: PostgreSQL takes them through COPY, the fastest
    way in; SQLite through one prepared INSERT executed for many rows.
    """
    table = Observation._meta.db_table
    columns = ", ".join(OBSERVATION_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(OBSERVATION_COLUMNS))
            for chunk in _chunks(list(rows)):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", chunk)  # noqa: S608


def _tuples(
    rows: Iterable[Row], batch_id: int, *, revised: bool, public: bool
) -> Iterable[tuple[Any, ...]]:
    default_flag = Observation.Flag.REVISED.value if revised else ""
    for r in rows:
        yield (
            r.indicator_id,
            r.area_id,
            r.period,
            r.year,
            r.gender,
            r.dimensions,
            r.value,
            r.flag or default_flag,
            r.note,
            batch_id,
            True,
            public,
        )


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def store_plan(
    plan: Plan,
    *,
    kind: str,
    source: str,
    indicator: Indicator | None,
    user: User | None,
    public: bool = True,
) -> ImportBatch:
    """Write a validated plan: all of it or, on any error, nothing."""
    batch = ImportBatch.objects.create(
        kind=kind,
        source=source[:500],
        indicator=indicator,
        created_by=user,
        state=ImportBatch.State.STORED,
        rows=len(plan.rows),
        created=len(plan.new),
        revised=len(plan.revised),
        unchanged=plan.unchanged,
    )
    # The old value stops being current before its successor is written, so the
    # one-current-row constraint holds at every step.
    for pks in _chunks(plan.superseded):
        Observation.objects.filter(pk__in=pks).update(is_current=False)
    _insert_rows(
        chain(
            _tuples(plan.new, batch.pk, revised=False, public=public),
            _tuples((c.row for c in plan.revised), batch.pk, revised=True, public=public),
        )
    )
    if public and (plan.new or plan.revised):
        bump_data_version()
    return batch


def record_rejection(
    plan: Plan, *, kind: str, source: str, indicator: Indicator | None, user: User | None
) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=kind,
        source=source[:500],
        indicator=indicator,
        created_by=user,
        state=ImportBatch.State.REJECTED,
        rows=len(plan.rows) + len(plan.problems),
        errors=[
            {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
            for p in plan.problems
        ],
    )


def import_table(
    table: Table,
    mapping: ColumnMapping,
    *,
    indicator: Indicator | None = None,
    user: User | None = None,
    kind: str = ImportBatch.Kind.FILE,
    dry_run: bool = False,
    public: bool = True,
) -> tuple[Plan, ImportBatch | None]:
    plan = plan_import(table, mapping, indicator=indicator)
    if not plan.ok:
        return plan, record_rejection(
            plan, kind=kind, source=table.label, indicator=indicator, user=user
        )
    if dry_run:
        return plan, None
    batch = store_plan(
        plan, kind=kind, source=table.label, indicator=indicator, user=user, public=public
    )
    return plan, batch


# --- derived values ------------------------------------------------------------------


@dataclass(frozen=True)
class Discrepancy:
    area: str
    period: str
    gender: str
    dimensions: str
    stored: float
    summed: float

    @property
    def relative(self) -> float:
        return abs(self.stored - self.summed) / max(abs(self.stored), 1e-12)


def _children_sums(indicator: Indicator, level: str) -> tuple[dict[Key, float], dict[int, int]]:
    """Sum the current values of areas at ``level`` into their parents.

    Only parents whose every child has a value for the key are returned, so that a
    missing municipality never passes for a low county total.
    """
    children = dict(Area.objects.filter(level=level).values_list("id", "parent_id"))
    expected: dict[int, int] = defaultdict(int)
    for parent in children.values():
        expected[parent] += 1
    sums: dict[Key, float] = defaultdict(float)
    counts: dict[Key, int] = defaultdict(int)
    qs = Observation.objects.filter(
        indicator=indicator, is_current=True, area__level=level, value__isnull=False
    ).values_list("area_id", "period", "gender", "dimensions", "value")
    for area_id, period, gender, dims, value in qs.iterator(chunk_size=CHUNK):
        key = (indicator.pk, children[area_id], period, gender, dims)
        sums[key] += value or 0.0
        counts[key] += 1
    complete = {k: v for k, v in sums.items() if counts[k] == expected[k[1]]}
    return complete, expected


def check_aggregation(
    indicator: Indicator, *, rounding: float = 0.005, relative: float = 1e-6
) -> list[Discrepancy]:
    """Counties whose stored value differs from the sum of their municipalities.

    Sources publish values rounded to a fixed number of decimals, so a sum of n children may
    be off by up to n × half a unit of the last decimal (``rounding``) without any error; a
    difference within ``relative`` of the stored value is also taken as rounding at the source.
    """
    sums, expected = _children_sums(indicator, Area.Level.MUNICIPALITY)
    codes = dict(Area.objects.values_list("id", "code"))
    stored: dict[Key, float] = {
        (indicator.pk, a, p, g, d): v or 0.0
        for a, p, g, d, v in Observation.objects.filter(
            indicator=indicator, is_current=True, area__level=Area.Level.COUNTY, value__isnull=False
        ).values_list("area_id", "period", "gender", "dimensions", "value")
    }
    found = []
    for key, summed in sorted(sums.items()):
        if key in stored:
            d = Discrepancy(codes[key[1]], key[2], key[3], key[4], stored[key], summed)
            if (
                abs(d.stored - d.summed) > expected[key[1]] * rounding + 1e-9
                and d.relative > relative
            ):
                found.append(d)
    return found


def aggregate_up(indicator: Indicator, *, user: User | None = None) -> ImportBatch | None:
    """Fill in counties (from municipalities) and Sweden (from counties) where missing."""
    if not indicator.additive:
        return None
    rows: list[Row] = []
    for level in (Area.Level.MUNICIPALITY, Area.Level.COUNTY):
        sums, _expected = _children_sums(indicator, level)
        existing = set(
            Observation.objects.filter(
                indicator=indicator, is_current=True, area_id__in={k[1] for k in sums}
            ).values_list("area_id", "period", "gender", "dimensions")
        )
        for (ind, area, period, gender, dims), value in sums.items():
            if (area, period, gender, dims) not in existing:
                rows.append(Row(0, ind, area, period, int(period[:4]), gender, dims, value, "", ""))
        if level == Area.Level.MUNICIPALITY and rows:
            # Counties filled in here feed the national sum below.
            store_rows(
                rows,
                kind=ImportBatch.Kind.AGGREGATE,
                indicator=indicator,
                user=user,
                source="aggregate: municipalities → counties",
            )
            rows = []
    if rows:
        return store_rows(
            rows,
            kind=ImportBatch.Kind.AGGREGATE,
            indicator=indicator,
            user=user,
            source="aggregate: counties → Sweden",
        )
    return None


def store_rows(
    rows: list[Row], *, kind: str, source: str, indicator: Indicator | None, user: User | None
) -> ImportBatch:
    """Store rows made by rus itself (sums, ratios, round values) as one batch."""
    return store_plan(plan_rows(rows), kind=kind, source=source, indicator=indicator, user=user)


def headline_values(indicator: Indicator) -> dict[tuple[int, str], float]:
    """The current headline value (no breakdown, both genders) by (area id, period)."""
    return {
        (a, p): v or 0.0
        for a, p, v in Observation.objects.filter(
            indicator=indicator, is_current=True, dimensions="", gender="T", value__isnull=False
        ).values_list("area_id", "period", "value")
    }


def derive_ratio(
    target: Indicator,
    numerator: Indicator,
    denominator: Indicator,
    *,
    factor: float = 1,
    user: User | None = None,
) -> ImportBatch:
    """target = factor × numerator / denominator for each headline area and period both
    have (``factor`` 100 for a share in per cent)."""
    top, bottom = headline_values(numerator), headline_values(denominator)
    scale = "" if factor == 1 else f"{factor} × "
    rows = [
        Row(
            0,
            target.pk,
            area,
            period,
            int(period[:4]),
            "T",
            "",
            factor * top[(area, period)] / value,
            "",
            "",
        )
        for (area, period), value in sorted(bottom.items())
        if (area, period) in top and value
    ]
    return store_rows(
        rows,
        kind=ImportBatch.Kind.DERIVED,
        indicator=target,
        user=user,
        source=f"derived: {scale}{numerator.code} / {denominator.code}",
    )


# --- imports uploaded through the pages ------------------------------------------------


def upload_start(*, indicator: Indicator, upload: Any, user: User) -> ImportBatch:
    """Keep an uploaded file as a pending import until its columns are mapped."""
    return ImportBatch.objects.create(
        kind=ImportBatch.Kind.FILE,
        state=ImportBatch.State.DRY_RUN,
        source=upload.name[:500],
        indicator=indicator,
        created_by=user,
        upload=upload,
    )


def pending_table(batch: ImportBatch) -> Table:
    from pathlib import Path

    from rus.lib.tabular import open_table

    return open_table(Path(batch.upload.path), batch.source)


@transaction.atomic
def upload_finish(
    *, batch: ImportBatch, mapping: ColumnMapping, user: User
) -> tuple[Plan, ImportBatch]:
    """Store a pending upload with its mapping; on problems record the rejection instead."""
    from dataclasses import asdict

    plan = plan_import(pending_table(batch), mapping, indicator=batch.indicator)
    if plan.ok:
        done = store_plan(
            plan,
            kind=ImportBatch.Kind.FILE,
            source=batch.source,
            indicator=batch.indicator,
            user=user,
        )
    else:
        done = record_rejection(
            plan,
            kind=ImportBatch.Kind.FILE,
            source=batch.source,
            indicator=batch.indicator,
            user=user,
        )
    done.upload = batch.upload.name
    done.mapping = asdict(mapping)
    done.save(update_fields=["upload", "mapping"])
    batch.delete()
    return plan, done


def describe(plan: Plan, batch: ImportBatch | None, *, dry_run: bool) -> str:
    """One line for a command's output: what an import did or would do."""
    counts = f"{len(plan.new)} new, {len(plan.revised)} revised, {plan.unchanged} unchanged"
    verb = "would be" if dry_run else "were"
    return f"{counts} values {verb} stored" + (f" (batch {batch.pk})." if batch else ".")
