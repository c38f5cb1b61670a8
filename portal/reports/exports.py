"""CSV and XLSX downloads, safe to open in a spreadsheet: no cell can start a formula.

A cell whose text starts with = + - @ (or a tab or carriage return, which some
spreadsheets strip first) is prefixed with an apostrophe, so `=HYPERLINK(...)` typed by
a citizen stays text. Every CSV export of the portal goes through `csv_bytes`, in one of
two conventions: the Indonesian one (`;` between cells, a decimal comma, what a spreadsheet
set to Indonesian expects) or the international one (`,` between cells, a decimal point).
"""
import csv
import io
from datetime import date, datetime
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.local_time import day_text, moment_text, office_time

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_MIMETYPE = "text/csv; charset=utf-8"
# Conventions by their name in a download address (`?pemisah=koma`): separator, decimal mark.
CSV_CONVENTIONS = {"titik-koma": (";", ","), "koma": (",", ".")}
INDONESIAN_CSV = "titik-koma"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The value as a spreadsheet should store it: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value, decimal_mark: str = ".") -> str:
    if isinstance(value, float):
        return str(value).replace(".", decimal_mark)
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, (dict, list)):
        return str(value)
    return value if isinstance(value, str) else str(value)


def csv_convention(name) -> str:
    """The convention a download asked for by name; the Indonesian one when none or unknown."""
    return name if name in CSV_CONVENTIONS else INDONESIAN_CSV


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence], convention: str = "koma") -> bytes:
    """A UTF-8 CSV (with BOM, so Excel reads the accents) of neutralised cells, in `convention`."""
    separator, decimal_mark = CSV_CONVENTIONS[convention]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(_text(value, decimal_mark)) if value is not None else ""
                         for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value):
    if isinstance(value, datetime):
        return office_time(value).replace(tzinfo=None)
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
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
