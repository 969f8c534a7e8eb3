"""Build CSV and XLSX uploads in memory for the tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def csv_bytes(rows: Sequence[Sequence[Any]], delimiter: str = ",") -> bytes:
    lines = []
    for row in rows:
        cells = ['"' + str(v).replace('"', '""') + '"' if v != "" else "" for v in row]
        lines.append(delimiter.join(cells))
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def csv_upload(rows: Sequence[Sequence[Any]], name: str = "danh-sach.csv") -> SimpleUploadedFile:
    return upload(csv_bytes(rows), name)


def xlsx_upload(rows: Sequence[Sequence[Any]], name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return upload(xlsx_bytes(rows), name)
