"""Tables as downloadable CSV or Excel files, the same way everywhere.

Two CSV dialects: the standard one for programs (comma, decimal point, UTF-8), and one that
Swedish Excel opens in columns when double-clicked (semicolon, decimal comma, UTF-8 with a
byte-order mark). Text that a spreadsheet would run as a formula (a cell beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised in both, and stored
as text in Excel files.
"""

import csv
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as it is instead of running it."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(value: Any, *, decimal_comma: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float | Decimal):
        if isinstance(value, Decimal):
            text = format(value, "f")
        elif not math.isfinite(value):
            return ""
        else:
            text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, int):
        return value
    return safe_text(str(value))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    for_excel: bool = False,
) -> HttpResponse:
    """A CSV download; ``for_excel`` gives the dialect Swedish Excel opens in columns."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    if for_excel:
        response.write("\ufeff")
    writer = csv.writer(response, delimiter=";" if for_excel else ",")
    writer.writerow([safe_text(str(h)) for h in header])
    for row in rows:
        writer.writerow([_cell(v, decimal_comma=for_excel) for v in row])
    return _attachment(response, filename)


def xlsx_response(
    filename: str, sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])

    def cells(values: Sequence[Any]) -> list[Any]:
        result: list[Any] = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                # openpyxl would write text beginning with "=" as a formula.
                cell.data_type = "s"
                result.append(cell)
            elif isinstance(value, float) and not math.isfinite(value):
                result.append(None)
            else:
                result.append(value)
        return result

    sheet.append(cells([str(h) for h in header]))
    for row in rows:
        sheet.append(cells(list(row)))
    buffer = BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)


def table_response(
    basename: str,
    sheet_name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    kind: str,
) -> HttpResponse:
    """The download a link asked for: ``csv``, ``excel-csv`` (Swedish Excel) or ``xlsx``."""
    if kind == "xlsx":
        return xlsx_response(f"{basename}.xlsx", sheet_name, header, rows)
    return csv_response(f"{basename}.csv", header, rows, for_excel=kind == "excel-csv")
