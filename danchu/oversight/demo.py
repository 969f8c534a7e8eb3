"""Demo of a commune's year of oversight, built through the services on the platform's calendar
(idempotent). In the first commune: the People's Inspection Board elected at the village
meetings (back-dated from the minutes), an inspection held with its plan sent on time and its
findings reported today (the commune's answer due in 15 days), another inspection planned with
its plan still to send; a road project funded by residents with its Supervision Board, a
supervision in 60 days whose investor notice is due; an inspection by the province's Home
Affairs concluded today, its conclusion entering the commune's disclosure register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from danchu.accounts.models import Role
from danchu.core import clock
from danchu.oversight import rules, services
from danchu.oversight.models import Inspection, InspectionBoard, Project
from danchu.oversight.rules import InspectionKind, Officer, Origin, TargetKind
from danchu.oversight.services import FindingInput, MemberInput
from danchu.people.models import Gender, Person

REASON = "Ghi lại trên nền tảng từ hồ sơ giấy (dữ liệu trình diễn)"
NAMES = (
    "Võ Thị Hạnh",
    "Đặng Văn Lộc",
    "Bùi Thị Ngân",
    "Huỳnh Văn Phúc",
    "Phạm Thị Quyên",
    "Trần Văn Sáng",
    "Lê Thị Tâm",
    "Nguyễn Văn Uy",
)


def _evidence(name: str) -> ContentFile[bytes]:
    return ContentFile(b"%PDF-1.4\n% demo evidence\n", name=name)


def _resident(village: Any, name: str) -> Person:
    person = Person.objects.filter(full_name=name, home_unit=village).first()
    if person is None:
        person = Person(
            full_name=name,
            gender=Gender.FEMALE if " Thị " in name else Gender.MALE,
            date_of_birth=dt.date(1975, 3, 8),
            home_unit=village,
        )
        person.save()
    return person


def _board(front: Any, commune: Any, villages: list[Any], today: dt.date) -> InspectionBoard:
    board = InspectionBoard.objects.filter(commune=commune).first()
    if board is not None:
        return board
    elected = today - dt.timedelta(days=300)
    board = services.create_board(
        actor=front,
        commune=commune,
        term_starts_on=elected - dt.timedelta(days=10),
        term_ends_on=elected + dt.timedelta(days=5 * 365),
    )
    low, high = rules.board_size_range(len(villages))
    for i in range(max(low, min(high, len(villages)))):
        village = villages[i % len(villages)]
        services.elect_member(
            actor=front,
            board=board,
            person=_resident(village, NAMES[i % len(NAMES)]),
            village=village,
            officer=Officer.HEAD if i == 0 else Officer.DEPUTY if i == 1 else Officer.MEMBER,
            elected_on=elected,
            minutes_ref=f"Biên bản hội nghị {village.name} ngày {elected:%d/%m/%Y}",
            minutes=_evidence(f"bien-ban-{i + 1}.pdf"),
            reason=REASON,
        )
    return board


def _inspections(front: Any, board: InspectionBoard, today: dt.date) -> None:
    if board.inspections.exists():
        return
    held_on = today - dt.timedelta(days=2)
    bi = services.plan_board_inspection(
        actor=front,
        board=board,
        subject="Việc thu, chi và công khai quỹ đóng góp làm đường năm 2026",
        target="Ban phát triển thôn và UBND xã",
        inspection_on=held_on,
        reason=REASON,
    )
    services.send_plan(
        actor=front,
        inspection=bi,
        on=held_on - dt.timedelta(days=12),
        reason=REASON,
        evidence=_evidence("ke-hoach-kiem-tra.pdf"),
    )
    services.report_board_findings(
        actor=front,
        inspection=bi,
        findings="Thu đúng mức đã biểu quyết; chưa niêm yết quyết toán tại nhà văn hóa thôn.",
        recommendations=["Niêm yết quyết toán quỹ tại nhà văn hóa thôn trong 30 ngày."],
    )
    services.plan_board_inspection(
        actor=front,
        board=board,
        subject="Việc giải quyết đơn kiến nghị về cấp giấy chứng nhận quyền sử dụng đất",
        target="Công chức địa chính xã",
        inspection_on=today + dt.timedelta(days=20),
    )


def _project(front: Any, commune: Any, villages: list[Any], today: dt.date) -> None:
    if Project.objects.filter(commune=commune).exists():
        return
    project = services.create_project(
        actor=front,
        commune=commune,
        name=f"Bê tông hóa đường liên thôn {villages[0].name}",
        kind=rules.ProjectKind.RESIDENTS,
        investor=f"UBND {commune.name}",
        funding="Nhân dân đóng góp và ngân sách xã hỗ trợ",
        amount=1_850_000_000,
        villages=villages[:2],
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=240),
        consultants=["Công ty Tư vấn Xây dựng Đồng Nai"],
        contractors=["Hợp tác xã Xây dựng Hòa Bình"],
    )
    resident_village = villages[0]
    services.set_up_supervision_board(
        actor=front,
        project=project,
        members=[
            MemberInput("Nguyễn Văn Mặt", Origin.FRONT, Officer.HEAD, True, True),
            MemberInput(NAMES[0], Origin.INSPECTION_BOARD, Officer.DEPUTY, True, True),
            *[
                MemberInput(n, Origin.RESIDENT, Officer.MEMBER, True, True, resident_village)
                for n in ("Lâm Văn Sơn", "Mai Thị Thu", "Đỗ Văn Thành")
            ],
        ],
    )
    services.plan_supervision(
        actor=front,
        project=project,
        supervision_on=today + dt.timedelta(days=60),
        content="Tiến độ, chất lượng vật liệu và công khai dự toán",
    )


def _qd3(inspector: Any, province: Any, commune: Any, today: dt.date) -> None:
    if Inspection.objects.filter(target_unit=commune).exists():
        return
    inspection = services.plan_inspection(
        actor=inspector,
        inspecting_unit=province,
        target_unit=commune,
        target_kind=TargetKind.PEOPLES_COMMITTEE,
        target_name=f"UBND {commune.name}",
        kind=InspectionKind.PERIODIC,
        title=f"Kiểm tra thực hiện dân chủ ở cơ sở năm {today.year} tại {commune.name}",
        planned_on=today - dt.timedelta(days=5),
        team=["Trưởng phòng Xây dựng chính quyền", "Chuyên viên Sở Nội vụ"],
    )
    services.conclude_inspection(
        actor=inspector,
        inspection=inspection,
        findings=[
            FindingInput("LD1", False, "Danh sách công khai hằng quý chưa cập nhật quý III."),
            FindingInput("LD8", True, "Lấy ý kiến Nhân dân đủ 20 ngày, có giải trình."),
            FindingInput("LD11", True, "Ban Thanh tra nhân dân đủ thành viên, có kế hoạch năm."),
        ],
        recommendations=[
            (
                "Cập nhật danh sách công khai quý III, niêm yết tại trụ sở và các thôn.",
                today + dt.timedelta(days=30),
            ),
        ],
    )


def build(demo: Any) -> list[tuple[str, str]]:
    first = demo.communes[0]
    villages = demo.villages[first.code]
    front = demo.make_user("mattran", Role.FRONT_REP, unit=first)
    demo.make_user("chutich", Role.CHAIRMAN, unit=first)
    inspector = demo.make_user("noivutinh", Role.HOME_AFFAIRS, unit=demo.province)
    today = min(demo.today, clock.today())
    board = _board(front, first, villages, today)
    _inspections(front, board, today)
    _project(front, first, villages, today)
    _qd3(inspector, demo.province, first, today)
    return [
        ("mattran", "Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng: /oversight/"),
        ("chutich", "trả lời kiến nghị trong 15 ngày: /oversight/"),
        ("noivutinh", "kiểm tra thực hiện dân chủ ở cơ sở (QD3): /oversight/"),
    ]
