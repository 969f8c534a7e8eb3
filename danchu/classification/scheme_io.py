"""A scheme as an XLSX workbook, both ways: sheet 1 the criteria (``ma``, ``ten``,
``diem_toi_da``, ``chuc_danh``, ``muc_con``: sub-items separated by ``;``), sheet 2 the thresholds
(``xep_loai``, ``diem_tu``) — the same columns as the files of ``danchu rating count``, read by
the same code (:mod:`danchu.classification.counting`)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from danchu.classification import counting, rules
from danchu.classification.models import Scheme
from danchu.classification.services import CriterionData
from danchu.dataio.imports import open_bytes
from danchu.formats.numbers import XLSX_DECIMAL

CRITERIA_SHEET = "Tiêu thức"
CLASSES_SHEET = "Xếp loại"


def export_xlsx(scheme: Scheme) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = CRITERIA_SHEET
    ws.append(["ma", "ten", "diem_toi_da", "chuc_danh", "muc_con"])
    for c in scheme.criteria.all():
        ws.append([c.code, c.name, _points(c.max_points), c.position, "; ".join(c.sub_item_list())])
    ws2 = wb.create_sheet(CLASSES_SHEET)
    ws2.append(["xep_loai", "diem_tu"])
    thresholds = scheme.thresholds()
    for grade in rules.GRADE_ORDER:
        if grade in thresholds.grades:
            ws2.append([grade.value, _points(thresholds.grades[grade])])
    if thresholds.tsvm is not None:
        ws2.append([rules.TSVM, _points(thresholds.tsvm)])
    _show_points(ws, 3)
    _show_points(ws2, 2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _points(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _show_points(ws: Any, column: int) -> None:
    """Points are number cells shown with two decimals the reader's way (16,99 in Vietnamese),
    read back exactly by the import (issue 19)."""
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        cell.number_format = XLSX_DECIMAL


def _sheet_file(wb: Any, index: int, name: str) -> Any:
    from openpyxl import Workbook

    single = Workbook()
    target = single.active
    for row in wb.worksheets[index].iter_rows(values_only=True):
        target.append(list(row))
    out = io.BytesIO()
    single.save(out)
    return open_bytes(out.getvalue(), f"{name}.xlsx")


def import_xlsx(data: bytes) -> tuple[list[CriterionData], dict[str, Decimal | None]]:
    """Criteria and thresholds from a workbook; :class:`counting.InputError` names the sheet,
    row and column of every problem."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise counting.InputError(["Không đọc được tệp Excel (.xlsx)."]) from None
    try:
        if len(wb.worksheets) < 2:
            raise counting.InputError(
                [f"Tệp cần hai trang: «{CRITERIA_SHEET}» và «{CLASSES_SHEET}»."]
            )
        problems: list[str] = []
        criteria: list[counting.Criterion] = []
        thresholds: rules.Thresholds | None = None
        try:
            criteria = counting.read_criteria(_sheet_file(wb, 0, CRITERIA_SHEET))
        except counting.InputError as exc:
            problems += exc.problems
        try:
            thresholds = counting.read_classes(_sheet_file(wb, 1, CLASSES_SHEET))
        except counting.InputError as exc:
            problems += exc.problems
    finally:
        wb.close()
    if problems or thresholds is None:
        raise counting.InputError(problems)
    values: dict[str, Decimal | None] = {g.value: thresholds.grades.get(g) for g in rules.Grade}
    values[rules.TSVM] = thresholds.tsvm
    return (
        [
            CriterionData(
                c.code,
                c.name,
                c.max_points,
                c.position,
                "\n".join(p.strip() for p in c.sub_items.split(";") if p.strip()),
            )
            for c in criteria
        ],
        values,
    )


ILLUSTRATIVE_NAME = "Bộ tiêu thức minh họa (không phải văn bản của tỉnh)"
ILLUSTRATIVE_CRITERIA = (
    CriterionData(
        "TT1",
        "Xây dựng và thực hiện kế hoạch phát triển kinh tế - xã hội",
        Decimal(20),
        "Chủ tịch UBND",
        "Kế hoạch được HĐND thông qua\nTỉ lệ chỉ tiêu đạt",
    ),
    CriterionData(
        "TT2",
        "Thực hiện dân chủ ở cơ sở, công khai",
        Decimal(20),
        "Văn phòng - Thống kê",
        "Công khai đủ nội dung\nLấy ý kiến nhân dân",
    ),
    CriterionData("TT3", "Cải cách hành chính", Decimal(20), "Tư pháp - Hộ tịch"),
    CriterionData("TT4", "Quản lý tài chính, ngân sách", Decimal(20), "Tài chính - Kế toán"),
    CriterionData("TT5", "Quốc phòng, an ninh", Decimal(20), "Chỉ huy trưởng Ban Chỉ huy Quân sự"),
)
ILLUSTRATIVE_THRESHOLDS: dict[str, Decimal | None] = {
    "tot": Decimal(85),
    "kha": Decimal(70),
    "trung_binh": Decimal(50),
    "yeu": Decimal(0),
    "tsvm": Decimal(90),
}
"""Illustrative scheme for the demo and as a start: the seed cites Decision 34/2011/QĐ-UBND,
whose text we do not have; every screen showing it says so."""
