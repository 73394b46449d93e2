"""Reading source files with messages that name the file, the line and the column.

Readers collect every problem they can find before giving up, so that whoever fixes a file
sees all of its faults at once.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _


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


def _require_file(path: Path, label: str) -> None:
    if not path.is_file():
        raise SourceError([Problem(label, None, None, _("the file is missing"))])


def _open_text(path: Path, label: str) -> str:
    _require_file(path, label)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(
            [Problem(label, line, None, _("the file is not UTF-8 encoded text"))]
        ) from exc


def read_csv(
    path: Path, label: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row; line 1 is the header."""
    text = _open_text(path, label)
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceError([Problem(label, 1, None, _("the file is empty"))]) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(
            [Problem(label, 1, c, _("the header lacks this column")) for c in missing]
        )
    problems = ProblemCollector(label)
    rows: list[tuple[int, dict[str, str]]] = []
    for line, values in enumerate(reader, start=2):
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.add(
                line,
                None,
                _("expected %(expected)d fields, found %(found)d")
                % {"expected": len(header), "found": len(values)},
            )
            continue
        rows.append((line, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    problems.raise_if_any()
    yield from rows


def read_json(path: Path, label: str) -> Any:
    text = _open_text(path, label)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            [Problem(label, exc.lineno, None, _("invalid JSON: %s") % exc.msg)]
        ) from exc


@dataclass
class Table:
    """A table read from a file: its header and its data rows, each with its line number."""

    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def _csv_table(text: str, label: str) -> Table:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceError([Problem(label, 1, None, _("the file is empty"))]) from None
    rows = []
    for line, values in enumerate(reader, start=2):
        # Most cells carry no stray spaces; strip only rows that need it.
        if any(v[:1].isspace() or v[-1:].isspace() for v in values):
            values = [v.strip() for v in values]
        if any(values):
            rows.append((line, values))
    return Table(label, header, rows)


def _excel_table(data: bytes, label: str) -> Table:
    import io

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SourceError(
            [Problem(label, None, None, _("the file is not a readable Excel workbook"))]
        ) from exc
    sheet = workbook.worksheets[0]
    cells = [
        ["" if v is None else str(v).strip() for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    if not cells:
        raise SourceError([Problem(label, 1, None, _("the file is empty"))])
    header = cells[0]
    rows = [(line, values) for line, values in enumerate(cells[1:], start=2) if any(values)]
    return Table(label, header, rows)


def read_table(data: bytes, label: str) -> Table:
    """Read CSV (comma or semicolon separated, UTF-8) or Excel (.xlsx) by the file's content."""
    if data[:4] == b"PK\x03\x04":
        return _excel_table(data, label)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            [Problem(label, line, None, _("the file is not UTF-8 encoded text"))]
        ) from exc
    return _csv_table(text, label)


def read_table_file(path: Path, label: str) -> Table:
    _require_file(path, label)
    return read_table(path.read_bytes(), label)
