"""CSV and XLSX downloads, safe to open in a spreadsheet: no cell can start a formula.

A cell whose text starts with = + - @ (or a tab or carriage return, which some
spreadsheets strip first) is prefixed with an apostrophe, so `=HYPERLINK(...)` typed by
a citizen stays text. Every CSV export of the portal goes through `csv_bytes`.
"""
import csv
import io
from datetime import date, datetime
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The value as a spreadsheet should store it: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return str(value)
    return value if isinstance(value, str) else str(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A UTF-8 CSV (with BOM, so Excel reads the accents) of neutralised cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(_text(value)) if value is not None else "" for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value):
    if isinstance(value, (int, float, datetime, date)) and not isinstance(value, bool):
        return value
    return neutralise(_text(value)) if value is not None else None


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], title: str = "Data") -> bytes:
    """An XLSX workbook with one sheet: a bold header row, then neutralised cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
