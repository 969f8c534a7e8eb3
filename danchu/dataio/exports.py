"""XLSX exports with Vietnamese headers, shared by every list a user can see.

``headers`` are the column titles as the user reads them (pass translated strings); ``rows`` is
any iterable of sequences. Dates are written as dates formatted dd/mm/yyyy; text that would be a
formula in Excel ("=…", "+…", "-…", "@…") stays text (CSV/formula injection); all text (headers,
cells, the sheet title) is written in Unicode NFC, whatever form it was stored in. Exports never
fail on stored data (issue 19): a control character stored before the text cleaner existed is
written as U+FFFD instead of making openpyxl refuse the whole file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from danchu.core.text import printable
from danchu.formats.numbers import XLSX_DECIMAL
from danchu.web.responses import XLSX, file_response

XLSX_MIME = XLSX
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _nfc(value: Any) -> str:
    return printable(unicodedata.normalize("NFC", str(value)))


def sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    return (_SHEET_BAD.sub(" ", _nfc(title)).strip() or "Sheet")[:31]


@dataclass(frozen=True)
class Number:
    """A cell written as a number with an Excel display format (``"0.00%"``, ``"#,##0"``):
    Excel shows it in the reader's locale (49,17% in Vietnamese), and it sums and sorts."""

    value: int | Decimal
    number_format: str = "#,##0"


def _cell(ws: Any, value: Any) -> WriteOnlyCell:
    if isinstance(value, Number):
        cell = WriteOnlyCell(ws, value=value.value)
        cell.number_format = value.number_format
        return cell
    if isinstance(value, Decimal) or (isinstance(value, float) and not value.is_integer()):
        # A decimal is a number cell shown with two decimals the reader's way (16,99), issue 19.
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = XLSX_DECIMAL
        return cell
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None) if value.tzinfo else value)
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if value is None:
        return WriteOnlyCell(ws, value=None)
    if isinstance(value, bool):
        return WriteOnlyCell(ws, value="Có" if value else "Không")
    if isinstance(value, int | float):
        return WriteOnlyCell(ws, value=value)
    cell = WriteOnlyCell(ws, value=_nfc(value))
    cell.data_type = "s"  # never a formula
    return cell


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(str(title)))
    wb.properties.title = _nfc(title)
    ws.freeze_panes = "A2"
    widths = [max(len(str(h)) + 2, 10) for h in headers]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(width + 6, 60)
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=_nfc(h))
        c.font = bold
        c.data_type = "s"
        header_cells.append(c)
    ws.append(header_cells)
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return file_response(xlsx_bytes(title, headers, rows), filename, XLSX_MIME)
