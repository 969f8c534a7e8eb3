"""Printable paper forms (one A4 side per form, serial + QR code) and one-time code slips.

The form is drawn from its template (SV5): sections a–d with their items and the overall
question, plus the validity rule. Fonts are embedded (no download); QR codes are drawn as
vector squares from ``segno``'s matrix.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from danchu.documents.layout import BOLD, REGULAR, register_fonts
from danchu.surveys import rules
from danchu.surveys.models import FormTemplate, Subject


class QR(Flowable):
    """A QR code drawn as squares (no image library needed)."""

    def __init__(self, text: str, size: float = 28 * mm) -> None:
        super().__init__()
        self.matrix = [list(row) for row in segno.make(text, error="m").matrix]
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        n = len(self.matrix) + 8  # quiet zone of 4 modules each side
        cell = self.size / n
        c = self.canv
        c.setFillColor(colors.black)
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    c.rect((x + 4) * cell, self.size - (y + 5) * cell, cell, cell, stroke=0, fill=1)


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=10, leading=12)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=10),
        "item": ParagraphStyle("item", parent=base, fontSize=9, leading=10.4),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "smallbold": ParagraphStyle("smallbold", parent=base, fontName=BOLD, fontSize=8.5),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=13, leading=16, alignment=1
        ),
        "center": ParagraphStyle("center", parent=base, alignment=1),
        "head": ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=8, leading=9, alignment=1
        ),
    }


class _Box:
    """The box to tick: an empty cell drawn with a border (a sentinel, never a text value, so
    an empty spacer cell is never drawn as a box)."""


BOX = _Box()

PAGE_SIDE_MM = 14
PAGE_TOP_MM = 10
TEXT_WIDTH_MM = 210 - 2 * PAGE_SIDE_MM
TICK_INSTRUCTION = (
    "Ở mỗi dòng của các mục a–d, đánh dấu (X) vào MỘT ô: “Tốt” hoặc “Chưa tốt”; với biểu hiện "
    "tiêu cực: “Không” hoặc “Có”. Câu hỏi chung: đánh dấu (X) vào đúng một ô."
)
"""Printed on every form: what a tick means cannot be misread (two labelled boxes per line)."""


def _box_table(rows: list[list[object]], widths: Sequence[float], *, font: float = 9) -> Table:
    cells = [["" if v is BOX else v for v in row] for row in rows]
    table = Table(cells, colWidths=widths)
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), REGULAR, font),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is BOX:
                style.append(("BOX", (c, r), (c, r), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class FormHeading:
    """What a printed form says about where it comes from and whom it is about."""

    unit_name: str
    year: int
    person: str
    position: str


def _section_table(section: Mapping[str, Any], s: dict[str, ParagraphStyle]) -> Table:
    """A section a–d as the seed's form lays it out: the qualities first, each with two boxes
    "Tốt" / "Chưa tốt"; then the negative behaviours, each with "Không" / "Có"."""
    col = 13 * mm
    widths = [TEXT_WIDTH_MM * mm - 2 * col, col, col]
    rows: list[list[object]] = [
        [Paragraph(_esc(f"{section['code']}) {section['title']}"), s["smallbold"]), "", ""]
    ]
    spans: list[tuple[Any, ...]] = [("SPAN", (0, 0), (-1, 0))]
    grid_rows: list[int] = []
    items = [i for i in section.get("items", []) if isinstance(i, dict)]
    ratings = [i for i in items if i.get("kind") == "rating"]
    behaviours = [i for i in items if i.get("kind") != "rating"]
    for block, labels, heading in (
        (ratings, ("Tốt", "Chưa tốt"), ""),
        (behaviours, ("Không", "Có"), "Biểu hiện tiêu cực" if ratings else ""),
    ):
        if not block:
            continue
        rows.append(
            [
                Paragraph(_esc(heading), s["smallbold"]),
                Paragraph(labels[0], s["head"]),
                Paragraph(labels[1], s["head"]),
            ]
        )
        for item in block:
            rows.append([Paragraph(_esc(f"{item['code']}. {item['text']}"), s["item"]), BOX, BOX])
            grid_rows.append(len(rows) - 1)
    table = Table([["" if v is BOX else v for v in row] for row in rows], colWidths=widths)
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        *spans,
    ]
    for r in grid_rows:
        style += [
            ("BOX", (1, r), (1, r), 0.8, colors.black),
            ("BOX", (2, r), (2, r), 0.8, colors.black),
            ("LINEBELOW", (0, r), (0, r), 0.2, colors.grey),
        ]
    table.setStyle(TableStyle(style))
    return table


def form_story_for(
    heading: FormHeading, content: Mapping[str, Any], version: int, serial: str
) -> list[Flowable]:
    """One printed form (one A4 side): heading with serial, version and QR; the civil servant;
    the respondent's group; sections a–d; the overall question; the validity rule."""
    s = _styles()
    head = Table(
        [
            [
                [
                    Paragraph(_esc(f"ỦY BAN NHÂN DÂN {heading.unit_name.upper()}"), s["bold"]),
                    Paragraph(_esc(f"Tổ lấy ý kiến năm {heading.year}"), s["small"]),
                    Spacer(1, 1.5 * mm),
                    Paragraph(_esc(f"Mã phiếu: {serial}"), s["bold"]),
                    Paragraph(_esc(f"Mẫu phiếu: phiên bản {version}"), s["small"]),
                ],
                QR(serial, 20 * mm),
            ]
        ],
        colWidths=[TEXT_WIDTH_MM * mm - 24 * mm, 24 * mm],
    )
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    groups: list[object] = []
    for label in rules.GROUP_LABELS.values():
        groups += [BOX, Paragraph(_esc(label), s["small"])]
    third = (TEXT_WIDTH_MM * mm - 3 * 6 * mm) / 3
    story: list[Flowable] = [
        head,
        Paragraph(_esc(str(content.get("title", ""))).upper(), s["title"]),
        Paragraph(_esc(f"Công chức: {heading.person} — Chức danh: {heading.position}"), s["bold"]),
        Spacer(1, 1 * mm),
        Paragraph("Người cho ý kiến thuộc nhóm (đánh dấu một ô):", s["small"]),
        _box_table([groups], [6 * mm, third] * 3, font=8.5),
        Spacer(1, 1 * mm),
        Paragraph(_esc(TICK_INSTRUCTION), s["smallbold"]),
    ]
    extra = str(content.get("instructions", "")).strip()
    if extra:
        story.append(Paragraph(_esc(extra), s["small"]))
    for section in content.get("sections", []):
        if isinstance(section, dict):
            story += [Spacer(1, 1 * mm), _section_table(section, s)]
    overall = content.get("overall", {})
    answers = overall.get("answers", ["Tín nhiệm", "Không tín nhiệm"])
    story += [
        Spacer(1, 2 * mm),
        Paragraph(_esc(str(overall.get("question", ""))), s["bold"]),
        _box_table(
            [[BOX, _esc(answers[0]), "", BOX, _esc(answers[1])]],
            [7 * mm, 50 * mm, 10 * mm, 7 * mm, 50 * mm],
            font=10,
        ),
        Spacer(1, 1 * mm),
        Paragraph(_esc(rules.VALIDITY_RULE), s["small"]),
        Paragraph("Không ghi tên, không ký vào phiếu.", s["small"]),
    ]
    return story


def form_story(subject: Subject, template: FormTemplate, serial: str) -> list[Flowable]:
    cs = subject.commune_survey
    heading = FormHeading(
        cs.unit.name, cs.round.year, subject.person.full_name, subject.position.name
    )
    return form_story_for(heading, template.content, template.version, serial)


def _a4_pdf(
    story: list[Flowable], *, title: str, side_mm: int, top_mm: int = 12
) -> tuple[bytes, int]:
    """An A4 PDF of ``story`` (``top_mm`` top and bottom, ``side_mm`` left and right) and its
    number of pages."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=side_mm * mm,
        rightMargin=side_mm * mm,
        topMargin=top_mm * mm,
        bottomMargin=top_mm * mm,
        title=title,
    )
    doc.build(story)
    return buffer.getvalue(), doc.page


def forms_pdf(subject: Subject, template: FormTemplate, numbers: Sequence[int]) -> bytes:
    """One A4 side per form number (serials ``S<subject>-<nnn>``)."""
    story: list[Flowable] = []
    for i, number in enumerate(numbers):
        if i:
            story.append(PageBreak())
        story += form_story(subject, template, subject.serial(number))
    pdf, _pages = _a4_pdf(
        story,
        title=f"Phiếu lấy ý kiến — {subject.person.full_name}",
        side_mm=PAGE_SIDE_MM,
        top_mm=PAGE_TOP_MM,
    )
    return pdf


SAMPLE_HEADING = FormHeading(
    "Xã Đăk Rve Thượng Nguyên Hòa", 2026, "Nguyễn Thị Phương Thảo Trang", "Văn phòng - Thống kê"
)
"""Long names, to check that a template fits whatever commune and civil servant it is for."""


def sample_pdf(content: Mapping[str, Any], version: int = 1) -> tuple[bytes, int]:
    """One printed form of ``content`` with long sample names, and its number of pages (the
    preview of the form editor, and the check that a template fits one A4 side)."""
    story = form_story_for(SAMPLE_HEADING, content, version, "S999-150")
    return _a4_pdf(story, title="Mẫu phiếu", side_mm=PAGE_SIDE_MM, top_mm=PAGE_TOP_MM)


def fit_problems(content: Mapping[str, Any]) -> list[str]:
    """SV5: a template whose printed form does not fit one A4 side is refused."""
    try:
        _pdf, pages = sample_pdf(content)
    except Exception:  # reportlab cannot lay out the content (a cell taller than a page)
        return ["Mẫu phiếu quá dài: không in được trên một mặt giấy A4."]
    if pages > 1:
        return [
            f"Mẫu phiếu in ra {pages} trang; phải vừa một mặt giấy A4. Rút gọn nội dung các mục."
        ]
    return []


def slips_pdf(subject: Subject, group: str, codes: Sequence[str], url: str) -> bytes:
    """One-time code slips, ten per page: the QR opens the online form with the code in the
    address's fragment (#…), which the browser never sends to the server."""
    s = _styles()
    cells = []
    for code in codes:
        cells.append(
            [
                QR(f"{url}#{code}", 26 * mm),
                [
                    Paragraph("Phiếu lấy ý kiến trực tuyến", s["bold"]),
                    Paragraph(_esc(f"Về: {subject.person.full_name}"), s["small"]),
                    Paragraph(_esc(subject.position.name), s["small"]),
                    Paragraph(_esc(f"Nhóm: {rules.GROUP_LABELS[rules.Group(group)]}"), s["small"]),
                    Paragraph(f"Mã dùng một lần: <b>{code}</b>", s["base"]),
                    Paragraph(_esc(url), s["small"]),
                ],
            ]
        )
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i : i + 2]
        rows.append(pair[0] + (pair[1] if len(pair) > 1 else ["", ""]))
    table = Table(rows, colWidths=[30 * mm, 63 * mm, 30 * mm, 63 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    pdf, _pages = _a4_pdf([table], title="Mã phiếu trực tuyến", side_mm=12)
    return pdf
