"""Printable paper forms (one A4 page per form, serial + QR code) and one-time code slips.

The form is drawn from its template (SV5): sections a–d with their items and the overall
question, plus the validity rule. Fonts are embedded (no download); QR codes are drawn as
vector squares from ``segno``'s matrix.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
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
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=11, leading=14)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=14, leading=18, alignment=1
        ),
        "center": ParagraphStyle("center", parent=base, alignment=1),
    }


BOX = ""  # an empty cell drawn with a border: the box to tick


def _box_table(rows: list[list[object]], widths: Sequence[float]) -> Table:
    table = Table(rows, colWidths=widths)
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), REGULAR, 10),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value == BOX:
                style.append(("BOX", (c, r), (c, r), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def form_story(subject: Subject, template: FormTemplate, serial: str) -> list[Flowable]:
    s = _styles()
    content = template.content
    cs = subject.commune_survey
    head = Table(
        [
            [
                [
                    Paragraph(_esc(f"ỦY BAN NHÂN DÂN {cs.unit.name.upper()}"), s["bold"]),
                    Paragraph(_esc(f"Tổ lấy ý kiến năm {cs.round.year}"), s["small"]),
                    Spacer(1, 3 * mm),
                    Paragraph(_esc(f"Mã phiếu: {serial}"), s["bold"]),
                    Paragraph(_esc(f"Mẫu phiếu: phiên bản {template.version}"), s["small"]),
                ],
                QR(serial, 24 * mm),
            ]
        ],
        colWidths=[140 * mm, 30 * mm],
    )
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story: list[Flowable] = [
        head,
        Paragraph(_esc(str(content.get("title", template.title))).upper(), s["title"]),
        Spacer(1, 2 * mm),
        Paragraph(
            _esc(f"Công chức: {subject.person.full_name} — Chức danh: {subject.position.name}"),
            s["bold"],
        ),
        Spacer(1, 2 * mm),
        Paragraph("Ông (bà) thuộc nhóm (đánh dấu một ô):", s["base"]),
        _box_table(
            [[BOX, _esc(label)] for label in rules.GROUP_LABELS.values()], [7 * mm, 163 * mm]
        ),
        Spacer(1, 2 * mm),
        Paragraph(_esc(str(content.get("instructions", ""))), s["small"]),
    ]
    for section in content.get("sections", []):
        rows: list[list[object]] = [
            [Paragraph(_esc(f"{section['code']}) {section['title']}"), s["bold"]), ""]
        ]
        for item in section.get("items", []):
            rows.append([Paragraph(_esc(f"{item['code']}. {item['text']}"), s["small"]), BOX])
        story.append(KeepTogether(_box_table(rows, [163 * mm, 7 * mm])))
    overall = content.get("overall", {})
    answers = overall.get("answers", ["Tín nhiệm", "Không tín nhiệm"])
    story += [
        Spacer(1, 3 * mm),
        Paragraph(_esc(str(overall.get("question", ""))), s["bold"]),
        _box_table(
            [[BOX, _esc(answers[0]), "", BOX, _esc(answers[1])]],
            [7 * mm, 60 * mm, 10 * mm, 7 * mm, 60 * mm],
        ),
        Spacer(1, 2 * mm),
        Paragraph(_esc(rules.VALIDITY_RULE), s["small"]),
        Paragraph("Không ghi tên, không ký vào phiếu.", s["small"]),
    ]
    return story


def _a4_pdf(story: list[Flowable], *, title: str, side_mm: int) -> bytes:
    """An A4 PDF of ``story``: 12 mm top and bottom, ``side_mm`` left and right."""
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=side_mm * mm,
        rightMargin=side_mm * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
    ).build(story)
    return buffer.getvalue()


def forms_pdf(subject: Subject, template: FormTemplate, numbers: Sequence[int]) -> bytes:
    """One page per form number (serials ``S<subject>-<nnn>``)."""
    story: list[Flowable] = []
    for i, number in enumerate(numbers):
        if i:
            story.append(PageBreak())
        story += form_story(subject, template, subject.serial(number))
    return _a4_pdf(story, title=f"Phiếu lấy ý kiến — {subject.person.full_name}", side_mm=20)


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
    return _a4_pdf([table], title="Mã phiếu trực tuyến", side_mm=12)
