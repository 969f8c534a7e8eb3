"""Sample documents officials can preview (the demo page) and the tests render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from danchu.documents.model import (
    Authority,
    Heading,
    OfficialDocument,
    Paragraph,
    Secrecy,
    Signature,
    Table,
    audit_line,
)
from danchu.documents.templates import minutes


def plan() -> OfficialDocument:
    """A commune plan (KẾ HOẠCH) signed by a vice-chairman for the chairman (KT.)."""
    return OfficialDocument(
        superior="UBND huyện Cẩm Mỹ",
        issuer="Ủy ban nhân dân\nxã Sông Ray",
        number="05/KH-UBND",
        place="Sông Ray",
        date=dt.date(2022, 1, 5),
        kind="Kế hoạch",
        summary="Tổ chức lấy ý kiến nhân dân đối với\ncác chức danh công chức cấp xã năm 2022",
        body=(
            Paragraph(
                "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022; căn cứ Kế "
                "hoạch số 224/KH-UBND ngày 28 tháng 10 năm 2022 của Ủy ban nhân dân huyện Cẩm Mỹ;"
            ),
            Paragraph(
                "Ủy ban nhân dân xã ban hành Kế hoạch tổ chức lấy ý kiến nhân dân đối với các "
                "chức danh công chức cấp xã năm 2022, cụ thể như sau:"
            ),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Paragraph(
                "Đánh giá đầy đủ, khách quan việc thực hiện chức trách, nhiệm vụ của công chức "
                "cấp xã; phát huy quyền làm chủ của Nhân dân trong việc giám sát hoạt động của "
                "đội ngũ công chức ở cơ sở."
            ),
            Heading("II. THỜI GIAN THỰC HIỆN"),
            Table(
                headers=("TT", "Nội dung công việc", "Thời gian", "Đơn vị thực hiện"),
                rows=(
                    ("1", "Thông báo kế hoạch tại hội nghị thôn, ấp", "15/01/2022", "Trưởng ấp"),
                    ("2", "Phát và thu phiếu lấy ý kiến", "20/01/2022", "Tổ công tác"),
                    ("3", "Tổng hợp, báo cáo kết quả", "25/01/2022", "Công chức Văn phòng"),
                ),
                widths=(0.6, 3.4, 1.4, 2.2),
            ),
            Paragraph(
                "Trên đây là Kế hoạch tổ chức lấy ý kiến nhân dân năm 2022 của Ủy ban nhân dân "
                "xã Sông Ray. Đề nghị các đơn vị, cá nhân có liên quan triển khai thực hiện./."
            ),
        ),
        signatures=(
            Signature(
                authority=Authority.KT,
                on_behalf="Chủ tịch",
                position="Phó Chủ tịch",
                name="Nguyễn Thị Thủy",
            ),
        ),
        recipients=("UBND huyện Cẩm Mỹ (b/c)", "Phòng Nội vụ huyện", "Các ấp"),
        archive=("VT", "VP"),
    )


def count_minutes() -> OfficialDocument:
    """Minutes of a ballot count with a tally table and the audit line it was made at."""
    return minutes(
        superior="Ủy ban nhân dân xã Sông Ray",
        issuer="Ban kiểm phiếu",
        number="02/BB-BKP",
        place="Sông Ray",
        summary="Kiểm phiếu lấy phiếu tín nhiệm năm 2023",
        started=dt.datetime(2023, 10, 9, 14, 0),
        venue="Hội trường Ủy ban nhân dân xã Sông Ray",
        participants=(
            "Ông Trần Văn Hùng, Trưởng ban kiểm phiếu",
            "Bà Lê Thị Ngọc Ánh, Ủy viên",
            "Ông Phạm Đức Lộc, Ủy viên",
        ),
        chair="Ông Trần Văn Hùng",
        secretary="Bà Lê Thị Ngọc Ánh",
        content=(
            Paragraph(
                "Tổng số phiếu phát ra: 25; số phiếu thu vào: 25; số phiếu hợp lệ: 24; số phiếu "
                "không hợp lệ: 01. Kết quả cụ thể như sau:"
            ),
            Table(
                caption="Kết quả kiểm phiếu",
                headers=(
                    "TT",
                    "Họ và tên, chức vụ",
                    "Tín nhiệm cao",
                    "Tín nhiệm",
                    "Tín nhiệm thấp",
                ),
                rows=(
                    ("1", "Nguyễn Văn Đông, Chủ tịch UBND xã", "18", "5", "1"),
                    ("2", "Nguyễn Thị Thủy, Phó Chủ tịch UBND xã", "16", "7", "1"),
                ),
                widths=(0.6, 3.6, 1.3, 1.2, 1.3),
            ),
            Paragraph("Biên bản được lập thành 03 bản, có giá trị như nhau."),
        ),
        closed=dt.datetime(2023, 10, 9, 16, 30),
        recipients=("Tổ chức lấy phiếu",),
        audit_ref=audit_line(1042, "9f2c4e7a1b3d5f60" * 4),
    )


def party_decision() -> OfficialDocument:
    """A Party committee decision (DOC2) marked MẬT, in three numbered copies."""
    return OfficialDocument(
        party=True,
        superior="Đảng bộ huyện Cẩm Mỹ",
        issuer="Đảng ủy xã Sông Ray",
        number="127-QĐ/ĐU",
        place="Sông Ray",
        date=dt.date(2023, 2, 8),
        kind="Quyết định",
        summary="Về việc thành lập Tổ giúp việc lấy phiếu tín nhiệm",
        body=(
            Paragraph("Căn cứ Quy định số 96-QĐ/TW ngày 02 tháng 02 năm 2023 của Bộ Chính trị;"),
            Paragraph("BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH", bold=True, centered=True),
            Paragraph("Điều 1. Thành lập Tổ giúp việc gồm các đồng chí có tên sau đây."),
            Paragraph("Điều 2. Quyết định có hiệu lực kể từ ngày ký./."),
        ),
        signatures=(
            Signature(
                authority=Authority.TM,
                on_behalf="Ban Thường vụ",
                position="Bí thư",
                name="Hoàng Văn Ưng",
            ),
        ),
        recipients=("Như Điều 2",),
        archive=("Văn phòng Đảng ủy",),
        secrecy=Secrecy.SECRET,
        copies=3,
    )


SAMPLES: dict[str, Callable[[], OfficialDocument]] = {
    "plan": plan,
    "minutes": count_minutes,
    "party": party_decision,
}
