"""Demo satisfaction channel (LD10), built through the services (idempotent, dates relative to the
demo's today): the one-stop office of the first two communes, three months of handled matters
imported from a register (back-dated with the import's reason), residents' ratings by receipt
code and by the office's QR code, and comments — answered on time, answered late, waiting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.accounts.models import Role
from danchu.dataio.exports import xlsx_bytes
from danchu.dataio.imports import open_bytes
from danchu.satisfaction import rules, selectors, services
from danchu.satisfaction.models import Comment, Matter, Office

PROCEDURES = (
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký kết hôn",
    "Chứng thực chữ ký",
    "Xác nhận tình trạng hôn nhân",
    "Đăng ký khai tử",
)
# Levels cycled over the rated matters: mostly satisfied, some not.
LEVELS = (
    "rat_hai_long",
    "hai_long",
    "hai_long",
    "khong_hai_long",
    "rat_hai_long",
    "hai_long",
    "rat_khong_hai_long",
    "hai_long",
)
COMMENTS = (
    ("Xin niêm yết rõ lệ phí chứng thực ở bảng tin.", "Đã niêm yết bảng lệ phí tại cửa phòng."),
    ("Phòng chờ buổi sáng thiếu ghế ngồi.", "Ủy ban đã bổ sung 10 ghế chờ."),
    ("Có thể nhận hồ sơ vào sáng thứ Bảy không?", "Từ tháng sau, sáng thứ Bảy có trực nhận hồ sơ."),
    ("Cán bộ hướng dẫn tận tình, cảm ơn.", ""),
)


def _register(matters: list[tuple[str, str, dt.date]]) -> Any:
    data = xlsx_bytes(
        "Hồ sơ", [c.header for c in services.IMPORT_COLUMNS], [list(m) for m in matters]
    )
    return open_bytes(data, "so-theo-doi-ho-so.xlsx")


def _months(today: dt.date) -> list[dt.date]:
    first = rules.month_of(today)
    two_back = rules.month_of(first - dt.timedelta(days=40))
    return [two_back, rules.next_month(two_back), first]


def _commune(demo: Any, commune: Any, officer: Any, seed: int) -> None:
    office = Office.objects.filter(commune=commune).first() or services.create_office(
        actor=officer, commune=commune, name="Bộ phận Một cửa"
    )
    if Matter.objects.filter(office=office).exists():
        return
    today = demo.today
    people = selectors.officials(commune, rules.month_of(today) - dt.timedelta(days=70))[:3]
    if not people:
        return
    planned: list[tuple[str, str, dt.date]] = []
    for m_index, month in enumerate(_months(today)):
        last = min(rules.last_day_of_month(month), today - dt.timedelta(days=1))
        day = month + dt.timedelta(days=1)
        i = 0
        while day <= last:
            if day.weekday() < 5:
                planned.append(
                    (
                        PROCEDURES[(i + seed) % len(PROCEDURES)],
                        people[(i + m_index + seed) % len(people)].full_name,
                        day,
                    )
                )
                i += 1
            day += dt.timedelta(days=2)
    if not planned:
        return
    outcome = services.import_matters(
        actor=officer,
        office=office,
        source=_register(planned),
        reason="Nhập sổ theo dõi hồ sơ (dữ liệu trình diễn)",
        today=today,
    )
    if not outcome.ok:
        return
    for i, (matter, code) in enumerate(outcome.receipts):
        if i % 3 == 2:
            continue  # not every resident rates
        rated_on = min(matter.handled_on + dt.timedelta(days=2), today)
        services.rate_with_code(code=code, level=LEVELS[(i + seed) % len(LEVELS)], today=rated_on)
    for m_index, month in enumerate(_months(today)):
        for j in range(4):
            day = min(month + dt.timedelta(days=3 + 5 * j), today)
            services.rate_office(
                office=office, level=LEVELS[(j + m_index) % len(LEVELS)], today=day
            )
    for k, (text, answer) in enumerate(COMMENTS):
        received = today - dt.timedelta(days=30 - 9 * k)
        services.rate_office(office=office, level="hai_long", comment=text, today=received)
        if not answer:
            continue
        comment = Comment.objects.get(office=office, text=text)
        answered = (
            comment.due + dt.timedelta(days=3) if k == 1 else comment.week + dt.timedelta(days=8)
        )
        services.answer_comment(
            actor=officer, comment=comment, answer=answer, today=min(answered, today)
        )


def build(demo: Any) -> list[tuple[str, str]]:
    first = demo.communes[0]
    officer = demo.make_user("canbo", Role.OFFICER, unit=first)
    _commune(demo, first, officer, 0)
    if len(demo.communes) > 1:
        second = demo.communes[1]
        other = demo.make_user("motcua", Role.OFFICER, unit=second)
        _commune(demo, second, other, 3)
    return [
        ("canbo", "sự hài lòng của người dân: /satisfaction/ (ghi hồ sơ, in phiếu, trả lời góp ý)"),
        ("noivu", "số liệu hài lòng hằng tháng các xã: /satisfaction/figures/"),
    ]
