"""The one import service: read a CSV or XLSX file against declared columns.

The whole file is read and checked before anything is written. Every problem becomes a
:class:`RowError` naming the spreadsheet row (the header is row 1 when it is the first line) and
the column as the user sees it, with a Vietnamese message. Text is normalised to Unicode NFC, and
text typed in a legacy Vietnamese encoding (TCVN3/ABC, VNI) is refused. Modules then add their
own checks (unknown codes, duplicates) with :meth:`ImportResult.add` and write everything in one
``transaction.atomic()`` only when :attr:`ImportResult.ok`.

A column's ``parse`` receives the cell as ``str`` (already NFC, never empty) or, for a date cell
of an XLSX file, a ``datetime.date``; it returns the value or raises ``ValueError`` with a
Vietnamese message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from danchu.core.text import TextRefused, clean_text, fold, looks_like_legacy_encoding

MAX_ROWS = 20000

CellValue = str | dt.date


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number; 0 for a problem with the whole file
    column: str  # column header as in the template; "" for the whole row or file
    message: str

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"Dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def has_error(self, row: int, column: str) -> bool:
        return any(e.row == row and e.column == column for e in self.errors)

    def numbered(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(spreadsheet row, values) pairs."""
        return zip(self.line_numbers, self.rows, strict=True)

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: (e.row, e.column))


#: Longest text accepted in one cell of an imported file.
MAX_CELL_CHARS = 2_000


def text(value: CellValue) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def date(value: CellValue) -> dt.date:
    """A date as a date cell, "dd/mm/yyyy" (also with - or .) or "yyyy-mm-dd"."""
    if isinstance(value, dt.date):
        return value
    match = _DATE_DMY.match(value)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _DATE_ISO.match(value)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"Ngày «{value}» không có thật.") from None
    raise ValueError(f"«{value}» không phải là ngày; hãy viết ngày/tháng/năm, ví dụ 05/01/2024.")


def integer(value: CellValue) -> int:
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise ValueError(f"«{value}» không phải là số nguyên.")


def choice(options: dict[str, Any]) -> Callable[[CellValue], Any]:
    """Match the cell (ignoring case, tones and đ) against ``options``' keys."""
    folded = {fold(key): value for key, value in options.items()}
    shown = ", ".join(f"«{key}»" for key in options)

    def parse(value: CellValue) -> Any:
        key = fold(text(value))
        if key in folded:
            return folded[key]
        raise ValueError(f"«{text(value)}» không hợp lệ; chọn một trong: {shown}.")

    return parse


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    parse: Callable[[CellValue], Any] = text
    help: str = ""
    blank_ok: bool = False  # required in the header, but a cell may be empty (value None)


def _source_name(source: Any) -> str:
    if isinstance(source, str | Path):
        return str(source)
    return str(getattr(source, "name", "") or "")


def _read_bytes(source: Any) -> bytes:
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read()
    return data if isinstance(data, bytes) else str(data).encode()


def _csv_rows(data: bytes, result: ImportResult) -> list[list[CellValue]] | None:
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.add(
            line,
            "",
            "Tệp CSV không ở bảng mã UTF-8 (gặp ký tự không đọc được ở dòng này). Trong Excel "
            "hãy chọn Lưu thành «CSV UTF-8 (Comma delimited)», hoặc nộp tệp .xlsx.",
        )
        return None
    first = decoded.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)]


def _xlsx_value(value: Any) -> CellValue:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0, 0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes, result: ImportResult) -> list[list[CellValue]] | None:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        result.add(0, "", "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải .xlsx.")
        return None
    try:
        ws = wb.worksheets[0]
        rows: list[list[CellValue]] = []
        filled = 0
        for row in ws.iter_rows(values_only=True):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                # Empty but formatted rows (borders drawn down a template) are kept only as a
                # row number: they neither count towards MAX_ROWS nor hold memory.
                rows.append([])
                continue
            filled += 1
            if filled > MAX_ROWS + 2:  # the header and one row too many are enough to refuse
                break
            rows.append([_xlsx_value(v) for v in row])
        return rows
    finally:
        wb.close()


def read_table(source: Any, result: ImportResult) -> list[list[CellValue]] | None:
    """Raw cells of the first sheet (XLSX) or of the CSV file, or None after an error."""
    name = _source_name(source).lower()
    if name.endswith(".xls"):
        result.add(0, "", "Định dạng .xls cũ không được hỗ trợ: hãy lưu lại thành .xlsx hoặc CSV.")
        return None
    if not name.endswith((".csv", ".xlsx", ".xlsm")):
        result.add(0, "", "Chỉ nhận tệp .xlsx hoặc .csv.")
        return None
    data = _read_bytes(source)
    if not data.strip():
        result.add(0, "", "Tệp rỗng.")
        return None
    return _csv_rows(data, result) if name.endswith(".csv") else _xlsx_rows(data, result)


def _blank(cells: Sequence[CellValue]) -> bool:
    return all(isinstance(c, str) and not c.strip() for c in cells)


def legacy_message(value: str, encoding: str) -> str:
    return (
        f"«{value}» có vẻ được gõ bằng bảng mã cũ {encoding} (phông .VnTime, VNI-Times…), "
        "không phải Unicode. Hãy chuyển mã sang Unicode (ví dụ Unikey → Công cụ → Chuyển mã) "
        "rồi nhập lại."
    )


def read_rows(source: Any, columns: Sequence[Column]) -> ImportResult:
    """Read and check the whole file. ``source`` is a path or an uploaded file (its name's
    extension chooses CSV or XLSX)."""
    result = ImportResult()
    table = read_table(source, result)
    if table is None:
        return result
    header_index = next((i for i, cells in enumerate(table) if not _blank(cells)), None)
    if header_index is None:
        result.add(0, "", "Tệp không có dữ liệu.")
        return result
    header_line = header_index + 1
    names: dict[str, Column] = {}
    for col in columns:
        for name in (col.header, col.key, *col.aliases):
            names[fold(name)] = col
    positions: dict[str, int] = {}
    for index, cell in enumerate(table[header_index]):
        found = names.get(fold(text(cell))) if text(cell).strip() else None
        if found is None:
            continue
        col = found
        if col.key in positions:
            result.add(header_line, col.header, "Cột này xuất hiện hai lần.")
        positions[col.key] = index
    for col in columns:
        if col.required and col.key not in positions:
            result.add(header_line, col.header, "Thiếu cột bắt buộc này ở dòng tiêu đề.")
    if not result.ok:
        return result
    data_rows = table[header_index + 1 :]
    if sum(1 for cells in data_rows if not _blank(cells)) > MAX_ROWS:
        result.add(0, "", f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS}).")
        return result
    for offset, cells in enumerate(data_rows):
        if _blank(cells):
            continue
        line = header_line + 1 + offset
        values: dict[str, Any] = {}
        for col in columns:
            where = positions.get(col.key)
            raw: CellValue = cells[where] if where is not None and where < len(cells) else ""
            if isinstance(raw, str):
                # Issue 19: the one text cleaner — NFC, no NUL or control character, a length
                # limit; a refused cell is an error of its row and column, never stored.
                try:
                    raw = clean_text(raw, max_length=MAX_CELL_CHARS)
                except TextRefused as refused:
                    result.add(line, col.header, str(refused))
                    values[col.key] = None
                    continue
                legacy = looks_like_legacy_encoding(raw)
                if legacy:
                    result.add(line, col.header, legacy_message(raw, legacy))
                    values[col.key] = None
                    continue
                if not raw:
                    if col.required and not col.blank_ok:
                        result.add(line, col.header, "Ô này không được để trống.")
                    values[col.key] = None
                    continue
            try:
                values[col.key] = col.parse(raw)
            except ValueError as exc:
                result.add(line, col.header, str(exc))
                values[col.key] = None
        result.rows.append(values)
        result.line_numbers.append(line)
    if not result.rows and result.ok:
        result.add(0, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    return result


def template_bytes(columns: Sequence[Column], examples: Sequence[Sequence[Any]], fmt: str) -> bytes:
    """The downloadable example file: the headers and a few example rows."""
    headers = [c.header for c in columns]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in examples:
            writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row])
        return ("\ufeff" + out.getvalue()).encode()
    from danchu.dataio.exports import xlsx_bytes

    return xlsx_bytes("Mẫu nhập", headers, examples)


def open_bytes(data: bytes, name: str) -> BinaryIO:
    """An in-memory file with a name, for callers holding bytes (tests, the API)."""
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer
