"""Reading tables from files, with messages that name the file, the line and the column.

One reader serves every import in rus: CSV (UTF-8, any delimiter among comma, semicolon, tab
and bar, quoted fields with line breaks) and Excel (.xlsx). Rows are streamed, so a file of
millions of rows is never held in memory; each row carries the number of the line (or Excel
row) it starts on. Limits on size, columns and cells give a clear refusal instead of a
runaway process. Readers collect every problem they can find before giving up, so that
whoever fixes a file sees all of its faults at once.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from rus.lib.numbers import format_number

# csv's own limit guards against a field without a closing quote swallowing the file.
FIELD_LIMIT = 1_000_000
csv.field_size_limit(FIELD_LIMIT)

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(_("line %(line)d") % {"line": self.line})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(parts) + ": " + self.message


class SourceError(Exception):
    """One or more problems in source files; nothing has been stored."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class ProblemCollector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, column, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise SourceError(self.problems)


@dataclass(frozen=True)
class Limits:
    """What a reader accepts before refusing a file."""

    max_columns: int = 1000
    max_line_bytes: int = 2_000_000
    max_rows: int | None = None
    # Excel: the unpacked size of the workbook and the number of cells read.
    max_unpacked_bytes: int = 300 * 1024 * 1024
    max_cells: int = 20_000_000


DEFAULT_LIMITS = Limits()
Rows = Generator[tuple[int, list[str]], None, None]


def _refuse(label: str, line: int | None, message: str) -> SourceError:
    return SourceError([Problem(label, line, None, message)])


class Table:
    """A table read from a file: its header, and its data rows streamed on each call of
    ``rows()`` as (line number, cells). Rows whose cells are all empty are skipped."""

    def __init__(self, label: str, header: list[str], rows: Callable[[], Rows]) -> None:
        self.label = label
        self.header = header
        self._rows = rows

    @classmethod
    def from_rows(
        cls, label: str, header: list[str], rows: Iterable[tuple[int, list[str]]]
    ) -> "Table":
        kept = list(rows)

        def replay() -> Rows:
            yield from kept

        return cls(label, header, replay)

    def rows(self) -> Rows:
        return self._rows()

    def sample(self, count: int) -> list[tuple[int, list[str]]]:
        result = []
        for row in self.rows():
            result.append(row)
            if len(result) >= count:
                break
        return result


Opener = Callable[[], AbstractContextManager[IO[bytes]]]


def _opener(source: Path | bytes) -> Opener:
    if isinstance(source, bytes):
        return lambda: io.BytesIO(source)
    return lambda: source.open("rb")


def open_table(source: Path | bytes, label: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    """A table from a file on disk or its bytes: Excel by its content, else CSV."""
    if isinstance(source, Path):
        _require_file(source, label)
    opener = _opener(source)
    with opener() as f:
        head = f.read(4096)
    if head[:4] == XLSX_MAGIC:
        return _excel_table(opener, label, limits)
    if head[:4] == XLS_MAGIC:
        raise _refuse(
            label, None, _("the file is an old Excel workbook (.xls); save it as .xlsx or CSV")
        )
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _refuse(
            label, None, _("the file is UTF-16 text; save it as CSV UTF-8 (comma or semicolon)")
        )
    return _csv_table(opener, label, limits)


def read_table(data: bytes, label: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    return open_table(data, label, limits)


def read_table_file(path: Path, label: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    return open_table(path, label, limits)


# --- CSV ---------------------------------------------------------------------------------


def _text_lines(f: IO[bytes], label: str, limits: Limits) -> Iterator[str]:
    """The file's physical lines as text. Decoding line by line lets a wrong encoding be
    reported with its line number; only \\n (and \\r\\n) end a line, never a character
    such as U+2028 that str.splitlines() would split on."""
    number = 0
    while True:
        raw = f.readline(limits.max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limits.max_line_bytes:
            raise _refuse(
                label,
                number,
                _("the line is longer than %(n)s bytes")
                % {"n": format_number(limits.max_line_bytes, 0)},
            )
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            # Text files have none; a database cannot store one.
            raise _refuse(
                label, number, _("the line contains a NUL character: is this a text file?")
            )
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse(
                label,
                number,
                _(
                    "the file is not UTF-8 encoded text; in Excel, save it as "
                    "“CSV UTF-8 (kommaavgränsad)”"
                ),
            ) from None


def _dialect(opener: Opener, label: str, limits: Limits) -> type[csv.Dialect] | csv.Dialect:
    sample_lines = []
    with opener() as f:
        for line in _text_lines(f, label, limits):
            sample_lines.append(line)
            if len(sample_lines) >= 50 or sum(map(len, sample_lines)) > 65536:
                break
    sample = "".join(sample_lines)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        first = sample_lines[0] if sample_lines else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(DELIMITERS, key=lambda d: counts[d])

        class Guessed(csv.excel):
            delimiter = best if counts[best] else ","

        return Guessed
    # The sniffer guesses quoting and escaping from little evidence; keep the standard ones.

    class Sniffed(csv.excel):
        delimiter = dialect.delimiter

    return Sniffed


def _csv_records(opener: Opener, label: str, limits: Limits, dialect: Any) -> Rows:
    """(starting line, cells) for every record, header included."""
    with opener() as f:
        reader = csv.reader(_text_lines(f, label, limits), dialect)
        consumed = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _refuse(
                    label, consumed + 1, _("the line cannot be read as CSV (%s)") % exc
                ) from None
            start, consumed = consumed + 1, reader.line_num
            yield start, values


def _csv_table(opener: Opener, label: str, limits: Limits) -> Table:
    dialect = _dialect(opener, label, limits)
    records = _csv_records(opener, label, limits, dialect)
    first = next(records, None)
    records.close()
    if first is None:
        raise _refuse(label, 1, _("the file is empty"))
    header = _checked_header(first[1], label, limits)

    def rows() -> Rows:
        count = 0
        for line, values in _csv_records(opener, label, limits, dialect):
            if line == first[0]:
                continue
            # Stripping every cell costs less than looking for the cells that need it.
            values = list(map(str.strip, values))
            if any(values):
                count += 1
                _check_row_count(count, label, line, limits)
                yield line, values

    return Table(label, header, rows)


def _checked_header(cells: list[str], label: str, limits: Limits) -> list[str]:
    if len(cells) > limits.max_columns:
        raise _refuse(
            label,
            1,
            _("the file has %(found)s columns; at most %(limit)s can be read")
            % {
                "found": format_number(len(cells), 0),
                "limit": format_number(limits.max_columns, 0),
            },
        )
    header = [c.strip() for c in cells]
    seen: dict[str, int] = {}
    problems = ProblemCollector(label)
    for position, name in enumerate(header, start=1):
        if name and name in seen:
            problems.add(
                1,
                name,
                _("the header names this column twice (columns %(a)d and %(b)d)")
                % {"a": seen[name], "b": position},
            )
        seen.setdefault(name, position)
    problems.raise_if_any()
    return header


def _check_row_count(count: int, label: str, line: int, limits: Limits) -> None:
    if limits.max_rows is not None and count > limits.max_rows:
        raise _refuse(
            label,
            line,
            _("the file has more than %(n)s rows; split it into smaller files")
            % {"n": format_number(limits.max_rows, 0)},
        )


# --- Excel -------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _excel_table(opener: Opener, label: str, limits: Limits) -> Table:
    not_readable = _("the file is not a readable Excel workbook")
    with opener() as f:
        try:
            with zipfile.ZipFile(f) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise _refuse(label, None, not_readable) from None
    if unpacked > limits.max_unpacked_bytes:
        raise _refuse(
            label,
            None,
            _("the workbook unpacks to %(size)s MB; at most %(limit)s MB can be read")
            % {
                "size": format_number(unpacked / 2**20, 0),
                "limit": format_number(limits.max_unpacked_bytes / 2**20, 0),
            },
        )

    def sheet_rows() -> Rows:
        from openpyxl import load_workbook

        with opener() as f:
            try:
                workbook = load_workbook(f, read_only=True, data_only=True)
            except Exception:  # openpyxl raises many kinds for a damaged file
                raise _refuse(label, None, not_readable) from None
            try:
                cells = 0
                for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True)):
                    values = [_cell_text(v) for v in row]
                    cells += len(values)
                    if len(values) > limits.max_columns:
                        raise _refuse(
                            label,
                            number + 1,
                            _("the row has %(found)s columns; at most %(limit)s can be read")
                            % {
                                "found": format_number(len(values), 0),
                                "limit": format_number(limits.max_columns, 0),
                            },
                        )
                    if cells > limits.max_cells:
                        raise _refuse(
                            label,
                            number + 1,
                            _("the workbook has more than %(n)s cells; split it into smaller files")
                            % {"n": format_number(limits.max_cells, 0)},
                        )
                    yield number + 1, values
            finally:
                workbook.close()

    head_rows = sheet_rows()
    first = next(head_rows, None)
    head_rows.close()
    if first is None or not any(first[1]):
        raise _refuse(label, 1, _("the file is empty"))
    header = _checked_header(first[1], label, limits)
    # Excel pads rows to the widest row of the sheet; trailing empty header cells go.
    while header and not header[-1]:
        header.pop()
    width = len(header)

    def rows() -> Rows:
        count = 0
        for line, values in sheet_rows():
            if line == 1:
                continue
            while len(values) > width and not values[-1]:
                values.pop()
            if any(values):
                count += 1
                _check_row_count(count, label, line, limits)
                yield line, values

    return Table(label, header, rows)


# --- whole small files -------------------------------------------------------------------


def _require_file(path: Path, label: str) -> None:
    if not path.is_file():
        raise SourceError([Problem(label, None, None, _("the file is missing"))])


def read_csv(
    path: Path, label: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column name) for each data row of a small file, checked whole
    before the first row is given: every missing column and every short or long row is
    reported at once."""
    table = open_table(path, label)
    missing = [c for c in required if c not in table.header]
    if missing:
        raise SourceError(
            [Problem(label, 1, c, _("the header lacks this column")) for c in missing]
        )
    problems = ProblemCollector(label)
    rows: list[tuple[int, dict[str, str]]] = []
    width = len(table.header)
    for line, values in table.rows():
        if len(values) != width:
            problems.add(
                line,
                None,
                _("expected %(expected)d fields, found %(found)d")
                % {"expected": width, "found": len(values)},
            )
            continue
        rows.append((line, dict(zip(table.header, values, strict=True))))
    problems.raise_if_any()
    yield from rows


def read_json(path: Path, label: str) -> Any:
    _require_file(path, label)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(
            [Problem(label, line, None, _("the file is not UTF-8 encoded text"))]
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            [Problem(label, exc.lineno, None, _("invalid JSON: %s") % exc.msg)]
        ) from exc
