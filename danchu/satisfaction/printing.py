"""Printed paper of the satisfaction channel (LD10), drawn with ReportLab and segno (both already
used by ``danchu.votes.ballots``): the office's standing A4 poster, and receipts' rating slips.

A receipt's QR code opens the public rating page with the code after "#": a fragment the phone
keeps to itself, never sent to the server or written in any log.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from danchu.documents import layout
from danchu.satisfaction import rules


def qr_png(payload: str) -> ImageReader:
    buf = io.BytesIO()
    segno.make(payload, error="m").save(buf, kind="png", scale=6, border=1)
    buf.seek(0)
    return ImageReader(buf)


def qr_svg(payload: str) -> str:
    """A QR code as a data URI (the page's CSP allows ``data:`` images, nothing outside)."""
    return str(segno.make(payload, error="m").svg_data_uri(scale=4, border=2))


def poster_pdf(*, commune: str, office: str, url: str) -> bytes:
    """The standing A4 poster at the office: a general rating of the commune government."""
    layout.register_fonts()
    regular, bold = layout.REGULAR, layout.BOLD
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setTitle(f"Mã QR đánh giá sự hài lòng — {office}")
    width, height = A4
    c.setFont(bold, 13)
    c.drawCentredString(width / 2, height - 25 * mm, commune.upper())
    c.setFont(regular, 12)
    c.drawCentredString(width / 2, height - 32 * mm, office)
    c.setFont(bold, 24)
    c.drawCentredString(width / 2, height - 55 * mm, "ĐÁNH GIÁ SỰ HÀI LÒNG")
    c.setFont(regular, 14)
    c.drawCentredString(
        width / 2, height - 65 * mm, "của người dân đối với chính quyền và cán bộ, công chức xã"
    )
    size = 110 * mm
    c.drawImage(qr_png(url), (width - size) / 2, height - 80 * mm - size, size, size)
    y = height - 80 * mm - size - 12 * mm
    c.setFont(bold, 13)
    c.drawCentredString(width / 2, y, "Quét mã QR bằng điện thoại, hoặc mở:")
    c.setFont(regular, 12)
    c.drawCentredString(width / 2, y - 7 * mm, url)
    c.setFont(regular, 11)
    lines = (
        "Không cần đăng nhập, không ghi tên. Đánh giá chỉ lưu tháng, không lưu ngày giờ.",
        "Có phiếu hẹn/biên nhận? Nhập mã in trên phiếu để đánh giá người đã giải quyết hồ sơ.",
        f"Ủy ban trả lời góp ý trong {rules.ANSWER_WORKING_DAYS} ngày làm việc "
        "kể từ hết tuần nhận;",
        "câu trả lời được đăng công khai tại trang này.",
        "Căn cứ: Điều 35 khoản 2 điểm a Luật Thực hiện dân chủ ở cơ sở 2022.",
    )
    for i, line in enumerate(lines):
        c.drawCentredString(width / 2, y - (20 + 7 * i) * mm, line)
    c.showPage()
    c.save()
    return buf.getvalue()


@dataclass(frozen=True)
class Slip:
    number: str
    procedure: str
    handled_on: str
    official: str
    code: str


SLIPS_PER_PAGE = 4


def receipts_pdf(*, commune: str, office: str, url: str, slips: Sequence[Slip]) -> bytes:
    """Rating slips to staple to the receipts, four to an A4 page with cut lines."""
    layout.register_fonts()
    regular, bold = layout.REGULAR, layout.BOLD
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setTitle(f"Phiếu đánh giá — {office}")
    width, height = A4
    slip_h = height / SLIPS_PER_PAGE
    for start in range(0, len(slips), SLIPS_PER_PAGE):
        c.setDash(3, 3)
        c.setLineWidth(0.4)
        for row in range(1, SLIPS_PER_PAGE):
            c.line(0, row * slip_h, width, row * slip_h)
        c.setDash()
        for i, slip in enumerate(slips[start : start + SLIPS_PER_PAGE]):
            y = height - (i + 1) * slip_h
            c.drawImage(qr_png(f"{url}#{slip.code}"), 12 * mm, y + 10 * mm, 50 * mm, 50 * mm)
            x = 70 * mm
            c.setFont(bold, 11)
            c.drawString(x, y + slip_h - 12 * mm, f"{commune} — {office}")
            c.setFont(regular, 10)
            procedure = slip.procedure if len(slip.procedure) <= 70 else slip.procedure[:68] + "…"
            c.drawString(x, y + slip_h - 19 * mm, f"Hồ sơ số {slip.number}: {procedure}")
            c.drawString(x, y + slip_h - 25 * mm, f"Ngày giải quyết: {slip.handled_on}")
            c.drawString(x, y + slip_h - 31 * mm, f"Người giải quyết: {slip.official}")
            c.setFont(bold, 18)
            c.drawString(x, y + slip_h - 42 * mm, slip.code)
            c.setFont(regular, 8.5)
            c.drawString(x, y + 18 * mm, "Quét mã QR, hoặc mở địa chỉ dưới đây và nhập mã:")
            c.drawString(x, y + 14 * mm, url)
            c.drawString(
                x, y + 10 * mm, "Mã dùng một lần, đến hết tháng sau tháng giải quyết hồ sơ."
            )
            c.drawString(x, y + 6 * mm, "Đánh giá không ghi tên, không lưu ngày giờ.")
        c.showPage()
    c.save()
    return buf.getvalue()
