"""Printable ballots (CV5) and e-voting code slips, drawn with ReportLab and segno.

Each paper ballot lists every subject's full name and position with the three levels, leaves a
place for the authority's seal, offers an optional signature line, and carries its serial with a
QR code of it (plus a keyed check) so that a ballot the board did not issue, or a copy, is
detected when counting (CV7). Serials come in the shuffled order the board issued them.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from danchu.documents import layout
from danchu.votes import rules
from danchu.votes.models import Subject, VoteRound


def _qr(payload: str) -> ImageReader:
    buf = io.BytesIO()
    segno.make(payload, error="m").save(buf, kind="png", scale=4, border=1)
    buf.seek(0)
    return ImageReader(buf)


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        trial = f"{line} {w}".strip()
        if canvas.stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = w
    if line:
        lines.append(line)
    return lines or [""]


def ballots_pdf(vote: VoteRound, subjects: Sequence[Subject], serials: Sequence[str]) -> bytes:
    """One A4 page per ballot, in the order of ``serials``."""
    from danchu.votes.services import qr_payload

    layout.register_fonts()
    regular, bold = layout.REGULAR, layout.BOLD
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setTitle(f"Phiếu tín nhiệm — {vote.title}")
    width, height = A4
    left, right = 20 * mm, width - 15 * mm
    cols = [
        left,
        left + 10 * mm,
        left + 62 * mm,
        left + 114 * mm,
        left + 134 * mm,
        left + 154 * mm,
        right,
    ]
    for serial in serials:
        top = height - 18 * mm
        c.setFont(bold, 11)
        c.drawString(left, top, vote.authority.name.upper())
        c.setFont(regular, 10)
        c.drawString(left, top - 5 * mm, "(Nơi đóng dấu)")
        c.rect(left, top - 30 * mm, 28 * mm, 22 * mm, stroke=1, fill=0)
        c.drawImage(
            _qr(qr_payload(vote.pk, serial)), right - 26 * mm, top - 24 * mm, 24 * mm, 24 * mm
        )
        c.setFont(bold, 11)
        c.drawRightString(right, top - 29 * mm, f"Số phiếu: {serial}")
        c.setFont(bold, 16)
        c.drawCentredString(width / 2, top - 40 * mm, "PHIẾU TÍN NHIỆM")
        c.setFont(regular, 11)
        c.drawCentredString(width / 2, top - 46 * mm, vote.title)
        y = top - 56 * mm
        c.setFont(bold, 10)
        heads = ["STT", "Họ và tên", "Chức vụ", *(rules.LEVEL_LABELS[lv] for lv in rules.Level)]
        for x0, x1, text in zip(cols, cols[1:], heads, strict=False):
            for k, part in enumerate(_wrap(c, text, bold, 10, x1 - x0 - 2 * mm)):
                c.drawCentredString((x0 + x1) / 2, y - k * 4 * mm, part)
        row_top = y + 5 * mm
        y -= 10 * mm
        c.line(left, row_top, right, row_top)
        c.line(left, y + 4 * mm, right, y + 4 * mm)
        c.setFont(regular, 10)
        for s in subjects:
            name_lines = _wrap(c, s.full_name, regular, 10, cols[2] - cols[1] - 3 * mm)
            pos_lines = _wrap(c, s.position_name, regular, 10, cols[3] - cols[2] - 3 * mm)
            rows = max(len(name_lines), len(pos_lines))
            c.drawCentredString((cols[0] + cols[1]) / 2, y - 2 * mm, str(s.order))
            for k, part in enumerate(name_lines):
                c.drawString(cols[1] + 1.5 * mm, y - 2 * mm - k * 4.5 * mm, part)
            for k, part in enumerate(pos_lines):
                c.drawString(cols[2] + 1.5 * mm, y - 2 * mm - k * 4.5 * mm, part)
            for x0, x1 in itertools.pairwise(cols[3:]):
                c.rect((x0 + x1) / 2 - 3 * mm, y - 3.5 * mm, 6 * mm, 6 * mm)
            y -= max(rows * 4.5 * mm, 7 * mm) + 3 * mm
            c.line(left, y + 4 * mm, right, y + 4 * mm)
        for x in cols:
            c.line(x, row_top, x, y + 4 * mm)
        y -= 6 * mm
        c.setFont(regular, 9.5)
        c.drawString(left, y, "Cách ghi phiếu: đánh dấu (X) vào một ô mức tín nhiệm cho mỗi người.")
        c.drawString(
            left,
            y - 5 * mm,
            "Phiếu không đánh dấu, đánh dấu hai hoặc ba ô, hoặc gạch "
            "xóa họ tên thì dòng đó không hợp lệ.",
        )
        c.drawString(left, y - 15 * mm, "Người ghi phiếu ký tên (không bắt buộc): …………………………………………")
        c.showPage()
    c.save()
    return buf.getvalue()


SLIP_COLUMNS, SLIP_ROWS = 2, 4
"""Code slips per A4 page (issue 11): 2 × 4 slips of 105 × 74 mm, with cut lines."""


def code_slips_pdf(vote: VoteRound, codes: Sequence[str], base_url: str) -> bytes:
    """The one-time codes, :data:`SLIP_COLUMNS` × :data:`SLIP_ROWS` slips to an A4 page with
    dashed cut lines: each slip has the code in large type and a QR code of the ballot address
    with the code after "#" — a fragment the phone keeps to itself, never sent to the server
    or written in any access log."""
    layout.register_fonts()
    regular, bold = layout.REGULAR, layout.BOLD
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setTitle(f"Mã bỏ phiếu — {vote.title}")
    width, height = A4
    slip_w, slip_h = width / SLIP_COLUMNS, height / SLIP_ROWS
    per_page = SLIP_COLUMNS * SLIP_ROWS
    title = vote.title if len(vote.title) <= 60 else vote.title[:58] + "…"
    for start in range(0, len(codes), per_page):
        c.setDash(3, 3)
        c.setLineWidth(0.4)
        for col in range(1, SLIP_COLUMNS):
            c.line(col * slip_w, 0, col * slip_w, height)
        for row in range(1, SLIP_ROWS):
            c.line(0, row * slip_h, width, row * slip_h)
        c.setDash()
        for i, code in enumerate(codes[start : start + per_page]):
            x = (i % SLIP_COLUMNS) * slip_w
            y = height - (i // SLIP_COLUMNS + 1) * slip_h
            c.setFont(bold, 9.5)
            c.drawCentredString(
                x + slip_w / 2, y + slip_h - 9 * mm, "MÃ BỎ PHIẾU TÍN NHIỆM ĐIỆN TỬ (dùng một lần)"
            )
            c.setFont(regular, 8)
            c.drawCentredString(x + slip_w / 2, y + slip_h - 13.5 * mm, title)
            c.drawImage(_qr(f"{base_url}#{code}"), x + 6 * mm, y + 8 * mm, 44 * mm, 44 * mm)
            c.setFont(bold, 18)
            c.drawString(x + 53 * mm, y + 40 * mm, code)
            c.setFont(regular, 7.5)
            c.drawString(x + 53 * mm, y + 30 * mm, "Quét mã QR bằng điện thoại")
            c.drawString(x + 53 * mm, y + 26 * mm, "trong mạng của hội trường, hoặc mở")
            c.drawString(x + 53 * mm, y + 22 * mm, f"{base_url} và nhập mã.")
            c.drawString(x + 53 * mm, y + 15 * mm, "Mã không ghi tên; phiếu không")
            c.drawString(x + 53 * mm, y + 11 * mm, "gắn với người bỏ phiếu.")
        c.showPage()
    c.save()
    return buf.getvalue()
