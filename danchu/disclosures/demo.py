"""Demo register of Xã Đăk Rve: a year of disclosures across the 14 categories (some on time,
some late, one missed), the People's Council's regular sessions, the quarterly lists. Built
through the services with the demo's today; idempotent (a second run adds nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.accounts.models import Role
from danchu.disclosures import rules, services
from danchu.disclosures.models import CouncilSession, Disclosure, QuarterlyList

DEMO_NOTE = "Dữ liệu trình diễn"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
REASON = "Sổ công khai được nhập lại từ sổ giấy của Văn phòng (dữ liệu trình diễn)."

# (category, title, decision, days before today, how): "ok" on time and complete; "late" posted
# two weeks after the decision; "short" taken down after 20 days; "noloud" never on the
# loudspeaker.
ITEMS = [
    (1, "Kế hoạch phát triển kinh tế - xã hội năm 2026", "Nghị quyết 15/NQ-HĐND", 330, "ok"),
    (2, "Dự toán ngân sách xã năm 2026 đã được HĐND phê chuẩn", "Nghị quyết 18/NQ-HĐND", 320, "ok"),
    (2, "Báo cáo tình hình thực hiện ngân sách quý III", "Báo cáo 95/BC-UBND", 50, "ok"),
    (
        3,
        "Phương án bồi thường, hỗ trợ dự án đường liên thôn Kon Rế",
        "Quyết định 41/QĐ-UBND",
        200,
        "late",
    ),
    (
        4,
        "Quy chế thực hiện dân chủ trong hoạt động của UBND xã",
        "Quyết định 12/QĐ-UBND",
        300,
        "ok",
    ),
    (5, "Kết quả vận động Quỹ Vì người nghèo năm 2026", "Thông báo 33/TB-UBND", 120, "short"),
    (6, "Kế hoạch mua sắm tài sản công năm 2026", "Quyết định 20/QĐ-UBND", 280, "ok"),
    (7, "Danh sách hộ nghèo, cận nghèo được hỗ trợ nhà ở", "Quyết định 58/QĐ-UBND", 90, "ok"),
    (8, "Hỗ trợ khắc phục thiệt hại do mưa lũ tháng 10", "Quyết định 77/QĐ-UBND", 30, "noloud"),
    (9, "Danh sách công dân gọi nhập ngũ năm 2027", "Quyết định 80/QĐ-UBND", 12, "ok"),
    (10, "Kết luận thanh tra việc quản lý quỹ đất công ích", "Kết luận 05/KL-TTr", 150, "late"),
    (
        11,
        "Kế hoạch lấy ý kiến Nhân dân về dự thảo quy hoạch sử dụng đất",
        "Kế hoạch 22/KH-UBND",
        240,
        "ok",
    ),
    (12, "Mức thu phí chợ Đăk Rve năm 2026", "Quyết định 09/QĐ-UBND", 310, "ok"),
    (13, "Danh mục thủ tục hành chính giải quyết tại xã", "Quyết định 03/QĐ-UBND", 340, "ok"),
    (14, "Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc", "Kế hoạch 70/KH-UBND", 20, "ok"),
]


def _photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("anh-niem-yet.png", PNG, content_type="image/png")


def _fact(demo: Any, officer: Any, d: Disclosure, channel: str, start: dt.date, **kw: Any) -> None:
    end = kw.pop("end", None)
    if end is not None and end > demo.today:
        end = None
    if start > demo.today:
        return
    backdated = start < demo.today
    services.record_fact(
        actor=officer,
        disclosure=d,
        channel=channel,
        start=start,
        end=end,
        evidence=_photo() if backdated else None,
        evidence_note="" if backdated else "Ảnh chụp bảng tin lưu tại Văn phòng",
        backdate_reason=REASON if backdated else "",
        today=demo.today,
        **kw,
    )


def _item(demo: Any, officer: Any, commune: Any, villages: list[Any], row: tuple[Any, ...]) -> None:
    category, title, decision, ago, how = row
    decided = demo.today - dt.timedelta(days=ago)
    d = services.create_disclosure(
        actor=officer,
        commune=commune,
        category=category,
        title=title,
        decision_ref=decision,
        decided_on=decided,
        text=f"{title}. Chi tiết xem tệp đính kèm tại trụ sở UBND xã và nhà văn hóa các thôn.",
        note=DEMO_NOTE,
        today=demo.today,
    )
    start = decided + dt.timedelta(days=14 if how == "late" else 2)
    cat = rules.category(category)
    days = 20 if how == "short" else rules.POSTING_DAYS
    end = None if cat.permanent else start + dt.timedelta(days=days - 1)
    _fact(demo, officer, d, "office_board", start, end=end, place="Bảng tin trụ sở UBND xã")
    _fact(demo, officer, d, "public_page", start)
    if not cat.permanent:
        for v in villages:
            _fact(demo, officer, d, "village_point", start, end=end, village=v, place="Nhà văn hóa")
    if cat.loudspeaker and how != "noloud":
        _fact(demo, officer, d, "loudspeaker", start, end=start + dt.timedelta(days=2))
    if cat.village_heads:
        for v in villages:
            _fact(demo, officer, d, "village_heads", start, village=v)


def build(demo: Any) -> list[tuple[str, str]]:
    commune = demo.communes[0]
    officer = demo.make_user("canbo", Role.OFFICER, unit=commune)
    villages = list(demo.villages.get(commune.code, []))
    if not Disclosure.objects.filter(commune=commune, note=DEMO_NOTE).exists():
        for row in ITEMS:
            _item(demo, officer, commune, villages, row)
    if not CouncilSession.objects.filter(commune=commune).exists():
        for days, name in ((-160, "Kỳ họp thường lệ giữa năm"), (18, "Kỳ họp thường lệ cuối năm")):
            services.add_session(
                actor=officer,
                commune=commune,
                on=demo.today + dt.timedelta(days=days),
                name=name,
            )
    if not QuarterlyList.objects.filter(commune=commune).exists():
        year, quarter = demo.today.year, rules.quarter_of(demo.today)
        for _ in range(2):
            quarter -= 1
            if quarter == 0:
                year, quarter = year - 1, 4
            services.issue_quarterly_list(
                actor=officer, commune=commune, year=year, quarter=quarter, today=demo.today
            )
    return [
        ("canbo", "sổ công khai (LD1): /disclosures/ — danh sách quý, kỳ họp HĐND"),
        ("noivu", "xem sổ công khai các xã (chỉ đọc): /disclosures/"),
        ("(không cần đăng nhập)", f"trang công khai của xã: /disclosures/c/{commune.pk}/"),
    ]
