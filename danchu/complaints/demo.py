"""Demo of GR8 in the first commune: the leaders' reception schedule for the coming weeks, a
reception held today, and a year of cases (complaints, denunciations, petitions) — settled on
time, settled late, extended, transferred on a legal ground, one remote, one still open and
overdue. Built through the services with dates relative to the demo's today; earlier facts are
back-dated with their reason. Idempotent (a second run adds nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.accounts.models import Role
from danchu.complaints import services
from danchu.complaints.models import Case, ReceptionSlot
from danchu.consultations.services import reference_hash

REASON = "Sổ tiếp nhận đơn được nhập lại từ sổ giấy của bộ phận tiếp công dân (dữ liệu trình diễn)."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DEMO_CODE = "DEM2K-CASE7"
"""The reference code of one demo case, so the public follow page can be tried (demo only: a
real code is random and shown once)."""

# (kind, subject, received days ago, accepted after, closed after, how, remote)
CASES: list[tuple[str, str, int, int | None, int | None, str, bool]] = [
    (
        "complaint",
        "Khiếu nại quyết định thu hồi đất làm đường liên thôn",
        300,
        5,
        25,
        "settle",
        False,
    ),
    ("complaint", "Khiếu nại việc xét hộ cận nghèo năm 2026", 240, 12, 40, "settle", False),
    ("petition", "Kiến nghị sửa cống thoát nước thôn 2", 200, 3, 20, "settle", False),
    ("denunciation", "Tố cáo việc thu tiền sai quy định tại chợ xã", 150, 4, 55, "extend", False),
    (
        "complaint",
        "Khiếu nại quyết định xử phạt của Chủ tịch UBND huyện (cũ)",
        120,
        None,
        3,
        "transfer",
        False,
    ),
    (
        "complaint",
        "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất (thôn xa)",
        90,
        6,
        50,
        "settle",
        True,
    ),
    ("petition", "Phản ánh đèn chiếu sáng đường trục xã hỏng", 40, None, None, "open", False),
    (
        "complaint",
        "Khiếu nại việc bình xét hỗ trợ khắc phục thiệt hại do lũ",
        6,
        None,
        None,
        "open",
        False,
    ),
]


def _day(demo: Any, days_ago: int) -> dt.date:
    return demo.today - dt.timedelta(days=days_ago)


def build(demo: Any) -> list[tuple[str, str]]:
    commune = demo.communes[0]
    officer = demo.make_user("tiepdan", Role.OFFICER, unit=commune)
    chair = demo.make_user("chutich", Role.CHAIRMAN, unit=commune)
    if not ReceptionSlot.objects.filter(commune=commune).exists():
        for week in range(4):
            day = demo.today + dt.timedelta(days=(3 - demo.today.weekday()) % 7 + 7 * week)
            services.add_slot(
                actor=officer,
                commune=commune,
                leader="Chủ tịch UBND xã" if week % 2 == 0 else "Phó Chủ tịch UBND xã",
                title="Lãnh đạo UBND xã",
                on=day,
                starts=dt.time(7, 30),
                ends=dt.time(11, 0),
                place="Phòng tiếp công dân, trụ sở UBND xã",
            )
    if not Case.objects.filter(commune=commune).exists():
        for i, (kind, subject, ago, acc, closed, how, remote) in enumerate(CASES):
            received = _day(demo, ago)
            case, _code = services.register_case(
                actor=officer,
                commune=commune,
                kind=kind,
                subject=subject,
                content=f"{subject}. Nội dung chi tiết theo đơn (dữ liệu trình diễn).",
                citizen_name=f"Công dân trình diễn {i + 1}",
                citizen_address=f"Thôn {i % 3 + 1}, {commune.name}",
                citizen_phone="0900000000",
                remote=remote,
                received_on=received,
                received_reason=REASON,
                received_evidence=SimpleUploadedFile("don.png", PNG, content_type="image/png"),
            )
            handler = chair if kind == "denunciation" else officer
            services.assign(actor=officer, case=case, handler=handler)
            if how == "transfer":
                services.transfer(
                    actor=officer,
                    case=case,
                    ground="not_competent",
                    to="Chủ tịch UBND tỉnh",
                    note="Quyết định bị khiếu nại do Chủ tịch UBND huyện (cũ) ban hành.",
                    on=_day(demo, ago - (closed or 0)),
                    reason=REASON,
                )
                continue
            if acc is not None:
                services.accept(
                    actor=handler,
                    case=case,
                    complexity="complex" if how == "extend" else "ordinary",
                    on=_day(demo, ago - acc),
                    reason=REASON,
                )
            if how == "extend":
                services.extend(
                    actor=handler,
                    case=case,
                    days=30,
                    reason="Vụ việc phức tạp, cần xác minh thêm sổ thu của Ban quản lý chợ.",
                    on=_day(demo, ago - acc - 28 if acc else ago),
                    backdate_reason=REASON,
                )
            if closed is not None:
                services.settle(
                    actor=handler,
                    case=case,
                    answer="UBND xã đã giải quyết; quyết định giải quyết được gửi đến người "
                    "có đơn (dữ liệu trình diễn).",
                    on=_day(demo, ago - closed),
                    reason=REASON,
                )
            if i == 6:
                # demo only: a known code so the public follow page can be tried
                Case.objects.filter(pk=case.pk).update(reference_hash=reference_hash(DEMO_CODE))
        services.record_reception(
            actor=officer,
            commune=commune,
            received_by="Chủ tịch UBND xã",
            citizen_name="Công dân trình diễn 8",
            content="Hỏi về tiến độ giải quyết đơn khiếu nại việc bình xét hỗ trợ.",
            outcome="Đã giải thích thời hạn thụ lý; hẹn trả lời bằng văn bản.",
            case=Case.objects.filter(commune=commune).order_by("-received_on").first(),
        )
    return [
        ("tiepdan", "tiếp công dân, đơn thư (GR8): /complaints/ — lịch tiếp, sổ tiếp dân"),
        ("chutich", "người xử lý đơn tố cáo (chỉ người này thấy danh tính người tố cáo)"),
        ("noivu", "số liệu đơn thư các xã (chỉ đọc, không có thông tin cá nhân): /complaints/"),
        (
            "(không cần đăng nhập)",
            f"lịch tiếp công dân: /complaints/public/{commune.pk}/ — theo dõi đơn "
            f"/complaints/follow/ với mã {DEMO_CODE}",
        ),
    ]
