"""Observations in and out of the database by set operations, the same SQL on both databases.

A file is streamed into a temporary staging table (COPY on PostgreSQL, batched INSERTs on
SQLite) and never held in Python. Its codes are judged once per distinct value by the rules in
``imports``; numbers by ``rus_number`` (``parse_number`` itself on SQLite, its SQL twin on
PostgreSQL); duplicates and the difference from the stored values by joins. Storing is one
transaction: changed values stop being current and the new revisions go in, in key order.
Foreign keys are resolved by the joins that turn codes into ids, so the table of observations
carries no per-row constraint checks.

Temporary tables belong to the database session: a process killed midway leaves nothing
behind, and the store step either commits whole or not at all.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction

from rus.indicators import imports
from rus.indicators.imports import ColumnMapping, Row, check_header
from rus.indicators.models import Observation
from rus.lib.tabular import Problem, ProblemCollector, SourceError, Table

# Problems listed in full; beyond this only their number is given.
PROBLEM_LIMIT = 1000
# Rows read between two reports of progress (and, on PostgreSQL, between two COPYs).
PROGRESS_EVERY = 250_000
INSERT_CHUNK = 5000
SAMPLE = 50

RAW = "rus_stage_raw"
ROWS = "rus_stage_rows"
DIFF = "rus_stage_diff"
CODES = "rus_stage_codes"
BAD = "rus_stage_bad"
OBS = Observation._meta.db_table
KEY = ("indicator_id", "area_id", "period", "gender", "dimensions")
# Problems on one line come in the order the rules read a row.
ORDER = {"width": 0, "indicator": 0, "area": 1, "period": 2, "gender": 3, "flag": 4}
VALUE_ORDER, DUPLICATE_ORDER = 5, 6
# The advisory lock that lets one import store at a time ("rusimp" in ASCII).
STORE_LOCK = 0x7275_7369_6D70

Progress = Callable[[str, int], None]
Found = tuple[int, int, str | None, str]  # line, order on the line, column, message

# A value is wrong when it is empty without a status that allows it, or is no number.
VALUE_BAD = (
    "((s.blank AND (s.flag IS NULL OR s.flag NOT IN ('missing', 'confidential'))) "
    "OR (NOT s.blank AND s.value IS NULL))"
)
VALID = (
    "s.indicator_id IS NOT NULL AND s.area_id IS NOT NULL AND s.period IS NOT NULL "
    f"AND s.gender IS NOT NULL AND s.flag IS NOT NULL AND NOT {VALUE_BAD}"
)


def no_progress(phase: str, rows: int) -> None:
    pass


@dataclass(frozen=True)
class Revision:
    line: int
    period: str
    old_value: float | None
    value: float | None


@dataclass
class Plan:
    """What an import does or would do: counts, the first problems, the first revisions."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    sample: list[Revision] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problem_count

    @property
    def more_problems(self) -> int:
        return self.problem_count - len(self.problems)


def _exec(sql: str, params: Iterable[Any] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _all(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def _one(sql: str, params: Iterable[Any] = ()) -> Any:
    return _all(sql, params)[0][0]


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _insert(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Rows into a staging table: COPY on PostgreSQL, chunked INSERTs on SQLite."""
    count = 0
    with connection.cursor() as cursor:
        if _postgres():
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= INSERT_CHUNK:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


class Stage:
    """The staging tables of one import, on the current connection, dropped on exit."""

    def __init__(self, mapping: ColumnMapping | None = None) -> None:
        self.mapping = mapping
        self.fields: list[tuple[str, str]] = []  # (staging column, file column)
        if mapping is not None:
            named = [
                ("c_indicator", mapping.indicator),
                ("c_area", mapping.area),
                ("c_period", mapping.period),
                ("c_gender", mapping.gender),
                ("c_flag", mapping.flag),
                ("c_value", mapping.value),
                ("c_note", mapping.note),
            ]
            self.fields = [(name, col) for name, col in named if col]
            self.dims = sorted(mapping.dimensions.items())
            self.fields += [(f"d{i}", col) for i, (_name, col) in enumerate(self.dims)]
        self.plan = Plan()
        self.label = ""
        # Found while streaming: header faults, short rows, and a fault that stopped the reader.
        self.header: list[Problem] = []
        self.short: list[Problem] = []
        self.reader_problems: list[Problem] = []
        self.header_failed = False

    def __enter__(self) -> "Stage":
        if _postgres():
            # Sorts, hashes and the staging tables of millions of rows stay in memory rather
            # than spilling to disk. temp_buffers can only be set before a session's first
            # temporary table.
            _exec("SET work_mem = %s", [settings.RUS_IMPORT_WORK_MEM])
            # Comparing millions of staged rows with the stored ones, the planner chose a
            # nested loop through a cache that never hits: a merge join takes 3.8 s where that
            # takes 8.7 s (2 million rows, measured).
            _exec("SET enable_memoize = off")
            try:
                with transaction.atomic():
                    _exec("SET temp_buffers = %s", [settings.RUS_IMPORT_WORK_MEM])
            except DatabaseError:
                pass  # this session has used temporary tables with another size
        self._drop()
        temp = "TEMPORARY"
        raw_columns = ", ".join(f"{name} text" for name, _col in self.fields)
        if self.fields:
            _exec(f"CREATE {temp} TABLE {RAW} (line integer, {raw_columns})")
        _exec(
            f"CREATE {temp} TABLE {ROWS} (line integer, indicator_id bigint, area_id bigint, "
            "period text, year integer, gender text, flag text, "
            "dimensions text, value double precision, blank boolean, note text)"
        )
        _exec(f"CREATE {temp} TABLE {CODES} (field varchar(20), raw text, id bigint, txt text)")
        _exec(f"CREATE {temp} TABLE {BAD} (field varchar(20), raw text)")
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._drop()
            if _postgres():
                _exec("RESET work_mem")
                _exec("RESET enable_memoize")
        except Exception:  # the connection is broken: its session ends, and the tables with it
            if not exc[0]:
                raise

    def _drop(self) -> None:
        for table in (RAW, ROWS, DIFF, CODES, BAD):
            _exec(f"DROP TABLE IF EXISTS {table}")

    def _analyze(self, table: str) -> None:
        # Autovacuum never analyses temporary tables; the joins below need the row counts.
        if _postgres():
            _exec(f"ANALYZE {table}")

    # --- reading ---------------------------------------------------------------------------

    def load(self, table: Table, progress: Progress = no_progress) -> None:
        """Stream the file's rows into the raw staging table."""
        assert self.mapping is not None
        self.label = table.label
        collector = ProblemCollector(table.label)
        check_header(table, self.mapping, collector)
        if collector.problems:
            self.header, self.header_failed = collector.problems, True
            return
        index = {name: i for i, name in enumerate(table.header)}
        pick = itemgetter(*(index[col] for _name, col in self.fields))
        width = len(table.header)
        columns = ["line", *(name for name, _col in self.fields)]
        rows = self._reader(table)
        read = 0

        def picked(limit: int) -> Iterator[tuple[Any, ...]]:
            nonlocal read
            for line, values in rows:
                if len(values) != width:
                    message = imports.width_message(width, len(values))
                    self.short.append(Problem(table.label, line, None, message))
                    continue
                read += 1
                yield (line, *pick(values))
                if read % limit == 0:
                    return

        while True:
            before = read
            _insert(RAW, columns, picked(PROGRESS_EVERY))
            progress("reading", read)
            if read - before < PROGRESS_EVERY:
                break
        self.plan.rows = read + len(self.short)
        self._analyze(RAW)

    def _reader(self, table: Table) -> Iterator[tuple[int, list[str]]]:
        """The file's rows; a fault that stops the reader (say, a wrong encoding on line
        5 000) becomes one more problem after those found before it."""
        try:
            yield from table.rows()
        except SourceError as exc:
            self.reader_problems = exc.problems

    def load_rows(self, rows: Iterable[Row]) -> None:
        """Rows rus made itself (sums, ratios, round values): already resolved and valid."""
        columns = [
            "line",
            "indicator_id",
            "area_id",
            "period",
            "year",
            "gender",
            "flag",
            "dimensions",
            "value",
            "blank",
            "note",
        ]
        self.plan.rows = _insert(
            ROWS,
            columns,
            (
                (
                    i,
                    r.indicator_id,
                    r.area_id,
                    r.period,
                    r.year,
                    r.gender,
                    r.flag,
                    r.dimensions,
                    r.value,
                    r.value is None,
                    r.note,
                )
                for i, r in enumerate(rows, start=1)
            ),
        )
        self._analyze(ROWS)

    # --- checking -----------------------------------------------------------------------------

    def _judge(
        self, name: str, column: str, judge: Callable[[str], imports.Verdict]
    ) -> list[Found]:
        """Judge each distinct value of one column; return the problems of the rows that
        carry a bad one (the first PROBLEM_LIMIT) and count them all."""
        codes: list[tuple[Any, ...]] = []
        bad: list[tuple[Any, ...]] = []
        messages: dict[str, str] = {}
        for (raw,) in _all(f"SELECT DISTINCT c_{name} FROM {RAW}"):  # noqa: S608
            value, message = judge(raw)
            if message is None:
                if isinstance(value, tuple):
                    codes.append((name, raw, value[1], value[0]))
                elif isinstance(value, int):
                    codes.append((name, raw, value, None))
                else:
                    codes.append((name, raw, None, value))
            else:
                bad.append((name, raw))
                messages[raw] = message
        _insert(CODES, ["field", "raw", "id", "txt"], codes)
        if not bad:
            return []
        _insert(BAD, ["field", "raw"], bad)
        where = f"c_{name} IN (SELECT raw FROM {BAD} WHERE field = %s)"  # noqa: S608
        counted = f"SELECT count(*) FROM {RAW} WHERE {where}"  # noqa: S608
        self.plan.problem_count += _one(counted, [name])
        found = _all(
            f"SELECT line, c_{name} FROM {RAW} WHERE {where} ORDER BY line LIMIT %s",  # noqa: S608
            [name, PROBLEM_LIMIT],
        )
        return [(line, ORDER[name], column, messages[raw]) for line, raw in found]

    def check(
        self, *, indicators: dict[str, int], areas: dict[str, int], fixed: int | None
    ) -> Plan:
        """Resolve the staged rows; list every problem (up to the limit) with its line and
        column, in the order of the file."""
        assert self.mapping is not None
        m, plan = self.mapping, self.plan
        if self.header_failed:
            return self._finish([])
        found: list[Found] = []
        constants: dict[str, Any] = {}
        judges: list[tuple[str, str, Callable[[str], imports.Verdict]]] = []
        if m.indicator:
            judges.append(
                ("indicator", m.indicator, lambda raw: imports.judge_indicator(raw, indicators))
            )
        else:
            constants["indicator"] = fixed
        judges.append(("area", m.area, lambda raw: imports.judge_area(raw, areas)))
        if m.period and not m.period_value:  # one period given for every row wins
            judges.append(("period", m.period, imports.judge_period))
        else:
            period, message = imports.judge_period(m.period_value)
            if message is not None:
                plan.problem_count += _one(f"SELECT count(*) FROM {RAW}")  # noqa: S608
                lines = _all(f"SELECT line FROM {RAW} ORDER BY line LIMIT %s", [PROBLEM_LIMIT])  # noqa: S608
                found += [(line, ORDER["period"], None, message) for (line,) in lines]
                period = (None, None)
            constants["period"] = period
        if m.gender:
            judges.append(("gender", m.gender, imports.judge_gender))
        else:
            constants["gender"] = "T"
        if m.flag:
            judges.append(("flag", m.flag, imports.judge_flag))
        else:
            constants["flag"] = ""
        for name, column, judge in judges:
            found += self._judge(name, column, judge)
        self._resolve(constants)
        found += self._value_problems()
        found += self._length_problems()
        found += self._duplicates()
        return self._finish(found)

    def _resolve(self, constants: dict[str, Any]) -> None:
        """Codes to ids, periods to years, cells to numbers: one INSERT … SELECT."""
        assert self.mapping is not None
        columns: list[str] = []
        params: list[Any] = []
        joins: list[str] = []
        for name in ("indicator", "area", "period", "gender", "flag"):
            if name in constants:
                value = constants[name]
                values = list(value) if name == "period" else [value]
                columns += ["%s"] * len(values)
                params += values
                continue
            joins.append(
                f"LEFT JOIN {CODES} k_{name} ON k_{name}.field = '{name}' "
                f"AND k_{name}.raw = r.c_{name}"
            )
            if name == "period":
                columns += ["k_period.txt", "k_period.id"]
            elif name in ("indicator", "area"):
                columns.append(f"k_{name}.id")
            else:
                columns.append(f"k_{name}.txt")
        dims = "''"
        if self.dims:
            parts = []
            for i, (name, _col) in enumerate(self.dims):
                parts.append(f"CASE WHEN r.d{i} <> '' THEN %s || r.d{i} ELSE '' END")
                params.append(f";{name}=")
            dims = f"substr({' || '.join(parts)}, 2)"
        note = "r.c_note" if self.mapping.note else "''"
        _exec(
            f"INSERT INTO {ROWS} (line, indicator_id, area_id, period, year, gender, flag, "  # noqa: S608
            "dimensions, value, blank, note) "
            f"SELECT r.line, {', '.join(columns)}, {dims}, "
            "CASE WHEN r.c_value = '' THEN NULL ELSE rus_number(r.c_value) END, "
            f"r.c_value = '', {note} FROM {RAW} r {' '.join(joins)}",
            params,
        )
        self._analyze(ROWS)

    def _value_problems(self) -> list[Found]:
        assert self.mapping is not None
        count = _one(f"SELECT count(*) FROM {ROWS} s WHERE {VALUE_BAD}")  # noqa: S608
        if not count:
            return []
        self.plan.problem_count += count
        found = _all(
            f"SELECT s.line, r.c_value FROM {ROWS} s JOIN {RAW} r ON r.line = s.line "  # noqa: S608
            f"WHERE {VALUE_BAD} ORDER BY s.line LIMIT %s",
            [PROBLEM_LIMIT],
        )
        column = self.mapping.value
        return [(line, VALUE_ORDER, column, imports.value_message(raw)) for line, raw in found]

    def _length_problems(self) -> list[Found]:
        """Cells longer than the stored column holds (a note, the breakdown in all)."""
        assert self.mapping is not None
        m = self.mapping
        checks = []
        if m.note:
            checks.append(("note", m.note))
        if m.dimensions:
            checks.append(("dimensions", ", ".join(col for _name, col in self.dims)))
        found: list[Found] = []
        for field_name, column in checks:
            stored = Observation._meta.get_field(field_name)
            assert isinstance(stored, models.CharField)
            limit = stored.max_length or 0
            where = f"length(s.{field_name}) > %s"
            count = _one(f"SELECT count(*) FROM {ROWS} s WHERE {where}", [limit])  # noqa: S608
            if not count:
                continue
            self.plan.problem_count += count
            lines = _all(
                f"SELECT s.line FROM {ROWS} s WHERE {where} ORDER BY s.line LIMIT %s",  # noqa: S608
                [limit, PROBLEM_LIMIT],
            )
            message = imports.too_long_message(limit)
            found += [(line, VALUE_ORDER, column, message) for (line,) in lines]
        return found

    def _duplicates(self) -> list[Found]:
        """Valid rows with the key of an earlier valid row of the file."""
        assert self.mapping is not None
        key = ", ".join(KEY)
        on = " AND ".join(f"g.{k} = s.{k}" for k in KEY)
        groups = (
            f"SELECT {key}, min(line) AS first FROM {ROWS} s WHERE {VALID} "  # noqa: S608
            f"GROUP BY {key} HAVING count(*) > 1"
        )
        later = f"FROM {ROWS} s JOIN ({groups}) g ON {on} WHERE {VALID} AND s.line > g.first"
        count = _one(f"SELECT count(*) {later}")
        if not count:
            return []
        self.plan.problem_count += count
        found = _all(f"SELECT s.line, g.first {later} ORDER BY s.line LIMIT %s", [PROBLEM_LIMIT])
        m = self.mapping
        key_columns = [m.indicator, m.area, m.period, m.gender, *m.dimensions.values()]
        columns = ", ".join(c for c in key_columns if c)
        return [
            (line, DUPLICATE_ORDER, columns, imports.duplicate_message(first))
            for line, first in found
        ]

    def _finish(self, found: list[Found]) -> Plan:
        """The problems in the order of the file, the reader's own after them."""
        plan = self.plan
        ranked = [
            (line, order, Problem(self.label, line, column, message))
            for line, order, column, message in found
        ]
        ranked += [(p.line or 0, ORDER["width"], p) for p in self.short]
        ranked.sort(key=lambda r: (r[0], r[1]))
        plan.problem_count += len(self.short) + len(self.reader_problems) + len(self.header)
        listed = [*self.header, *(p for _l, _o, p in ranked), *self.reader_problems]
        plan.problems = listed[:PROBLEM_LIMIT]
        return plan

    # --- comparing and storing -----------------------------------------------------------------

    def compare(self) -> Plan:
        """New, revised and unchanged values against the current ones."""
        on = " AND ".join(f"o.{k} = s.{k}" for k in KEY)
        _exec(f"DROP TABLE IF EXISTS {DIFF}")
        _exec(
            f"CREATE TEMPORARY TABLE {DIFF} AS SELECT s.line AS line, o.id AS old_id, "  # noqa: S608
            "o.value AS old_value, (s.value IS NOT DISTINCT FROM o.value "
            "AND (s.flag = '' OR s.flag = o.flag)) AS same "
            f"FROM {ROWS} s JOIN {OBS} o ON {on} AND o.is_current"
        )
        self._analyze(DIFF)
        plan = self.plan
        total = _one(f"SELECT count(*) FROM {ROWS}")  # noqa: S608
        matched, unchanged = _all(
            f"SELECT count(*), coalesce(sum(CASE WHEN same THEN 1 ELSE 0 END), 0) FROM {DIFF}"  # noqa: S608
        )[0]
        plan.created, plan.unchanged = total - matched, unchanged
        plan.revised = matched - unchanged
        plan.sample = [
            Revision(*row)
            for row in _all(
                f"SELECT s.line, s.period, d.old_value, s.value FROM {DIFF} d "  # noqa: S608
                f"JOIN {ROWS} s ON s.line = d.line WHERE NOT d.same ORDER BY s.line LIMIT %s",
                [SAMPLE],
            )
        ]
        return plan

    def lock_and_compare(self) -> Plan:
        """Inside the store's transaction: wait for any other import to finish storing, then
        compare with the values as they are now, so that two imports never both replace the
        same current value."""
        assert transaction.get_connection().in_atomic_block
        if _postgres():
            _exec("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK])
        # SQLite: the transaction already holds the database's one write lock.
        return self.compare()

    def store(self, batch_id: int, *, public: bool) -> None:
        """Write the compared rows: inside the caller's transaction, all or nothing. File
        order, not key order: sorting millions of rows first costs more than it saves in the
        indexes (measured), and the lock above keeps concurrent stores apart."""
        assert transaction.get_connection().in_atomic_block
        _exec(
            # A join, so that the few superseded rows are found by their key in a large table.
            f"UPDATE {OBS} SET is_current = FALSE FROM {DIFF} d "  # noqa: S608
            f"WHERE {OBS}.id = d.old_id AND NOT d.same"
        )
        _exec(
            f"INSERT INTO {OBS} (indicator_id, area_id, period, year, gender, dimensions, "  # noqa: S608
            "value, flag, note, batch_id, is_current, is_public) "
            "SELECT s.indicator_id, s.area_id, s.period, s.year, s.gender, s.dimensions, "
            "s.value, CASE WHEN d.line IS NOT NULL AND s.flag = '' THEN %s ELSE s.flag END, "
            "s.note, %s, TRUE, %s "
            f"FROM {ROWS} s LEFT JOIN {DIFF} d ON d.line = s.line "
            "WHERE d.line IS NULL OR NOT d.same",
            [Observation.Flag.REVISED.value, batch_id, public],
        )
