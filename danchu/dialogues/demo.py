"""Demo dialogues and conferences, built through the services on the platform's calendar
(idempotent): in the first commune, last year's dialogue with residents held in December (back-
dated from the paper record, with evidence), its questions and answers, two commitments (one done,
one open) and its report issued in February (GR7); this year's dialogue planned for December with
its invitation issued and questions coming in from the public page, one named and one anonymous;
its first village's conference planned with its notice given (LD9); the People's Committee's staff
conference of this year held in January (QD6) and its chairman's dialogue with staff planned
(QD2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from danchu.accounts.models import Role
from danchu.core import clock
from danchu.dialogues import services
from danchu.dialogues.models import (
    Dialogue,
    MeetingKind,
    QuestionSource,
    StaffMeeting,
    VillageConference,
)
from danchu.units.models import AgencyKind

REASON = "Ghi lại trên nền tảng từ hồ sơ giấy (dữ liệu trình diễn)"


def _evidence(name: str) -> ContentFile[bytes]:
    return ContentFile(b"%PDF-1.4\n% demo evidence\n", name=name)


def _last_year(chair: Any, commune: Any, today: dt.date) -> None:
    year = today.year - 1
    if Dialogue.objects.filter(commune=commune, year=year).exists():
        return
    held = dt.date(year, 12, 18)
    d = services.plan_dialogue(
        actor=chair,
        commune=commune,
        year=year,
        planned_on=held,
        place="Hội trường UBND xã",
        topics="Đất đai, giao thông nông thôn, thủ tục hành chính.",
    )
    services.send_invitation(actor=chair, dialogue=d)
    q1 = services.add_question(
        actor=chair,
        dialogue=d,
        text="Khi nào sửa đường liên thôn đoạn qua suối?",
        source=QuestionSource.VILLAGE,
        asker="Nguyễn Văn Sơn",
        village_name="Thôn 1",
    )
    q2 = services.add_question(
        actor=chair,
        dialogue=d,
        text="Thời gian cấp giấy chứng nhận quyền sử dụng đất còn chậm.",
        source=QuestionSource.CONFERENCE,
    )
    services.record_dialogue_held(
        actor=chair,
        dialogue=d,
        held_on=held,
        reason=REASON,
        evidence=_evidence("bien-ban-doi-thoai.pdf"),
        chair="Chủ tịch UBND xã",
        attendees=86,
        summary="Ghi nhận 2 kiến nghị; UBND xã cam kết 2 việc.",
    )
    services.answer_question(
        actor=chair,
        question=q1,
        answer="Xã đã đưa vào kế hoạch đầu tư công năm sau, khởi công quý II.",
        answered_by="Chủ tịch UBND xã",
    )
    services.answer_question(
        actor=chair,
        question=q2,
        answer="Bộ phận một cửa rà soát hồ sơ tồn và trả kết quả đúng hẹn.",
        answered_by="Phó Chủ tịch UBND xã",
    )
    done = services.add_commitment(
        actor=chair,
        dialogue=d,
        question=q2,
        text="Rà soát toàn bộ hồ sơ đất đai tồn đọng.",
        responsible="Công chức địa chính",
        due_on=today + dt.timedelta(days=30),
    )
    services.complete_commitment(actor=chair, commitment=done, note="Đã rà soát 42 hồ sơ.")
    services.add_commitment(
        actor=chair,
        dialogue=d,
        question=q1,
        text="Khởi công sửa đường liên thôn.",
        responsible="Phó Chủ tịch UBND xã",
        due_on=today + dt.timedelta(days=20),
    )
    services.issue_report(
        actor=chair,
        dialogue=d,
        on=dt.date(today.year, 2, 20),
        reason=REASON,
        evidence=_evidence("bao-cao-doi-thoai.pdf"),
    )


def _this_year(chair: Any, commune: Any, today: dt.date) -> None:
    if Dialogue.objects.filter(commune=commune, year=today.year).exists():
        return
    d = services.plan_dialogue(
        actor=chair,
        commune=commune,
        year=today.year,
        planned_on=max(dt.date(today.year, 12, 15), today),
        place="Hội trường UBND xã",
        topics="Kết quả năm, kế hoạch năm tới; ý kiến, kiến nghị của Nhân dân.",
    )
    services.send_invitation(actor=chair, dialogue=d)
    services.submit_public_question(
        dialogue=d,
        text="Xã có kế hoạch lắp đèn đường ở Thôn 2 không?",
        asker="Trần Thị Lan",
        village_name="Thôn 2",
    )
    services.submit_public_question(
        dialogue=d, text="Đề nghị công khai các khoản thu ở trường tiểu học."
    )


def build(demo: Any) -> list[tuple[str, str]]:
    commune = demo.communes[0]
    villages = demo.villages[commune.code]
    chair = demo.make_user("chutich", Role.CHAIRMAN, unit=commune)
    head = demo.make_user("truongthon", Role.VILLAGE_HEAD, unit=villages[0])
    today = min(demo.today, clock.today())  # never a future day for the platform's clock
    if today.month < 3:
        return []  # the demo's year starts in March (last year's report then issued)
    _last_year(chair, commune, today)
    _this_year(chair, commune, today)
    v1 = villages[0]
    day = today + dt.timedelta(days=10)
    if (
        day.year == today.year
        and not VillageConference.objects.filter(village=v1, year=today.year).exists()
    ):
        c = services.plan_conference(
            actor=head,
            village=v1,
            year=today.year,
            planned_on=day,
            place="Nhà văn hóa thôn",
            inspection_member="Lò Văn Minh",
        )
        services.give_notice(actor=head, conference=c)
    ubnd = demo.agency(commune, AgencyKind.UBND)
    if not StaffMeeting.objects.filter(agency=ubnd, year=today.year).exists():
        m = services.plan_staff_meeting(
            actor=chair,
            agency=ubnd,
            kind=MeetingKind.STAFF_CONFERENCE,
            year=today.year,
            planned_on=dt.date(today.year, 1, 15),
            place="Hội trường UBND xã",
        )
        services.record_staff_meeting(
            actor=chair,
            meeting=m,
            held_on=dt.date(today.year, 1, 15),
            reason=REASON,
            evidence=_evidence("bien-ban-hoi-nghi-cbcc.pdf"),
            chair="Chủ tịch UBND xã",
            participants=24,
            results="Hoàn thành 18/20 chỉ tiêu năm trước.",
            targets="Giải quyết 100% thủ tục hành chính đúng hạn.",
        )
        services.plan_staff_meeting(
            actor=chair,
            agency=ubnd,
            kind=MeetingKind.STAFF_DIALOGUE,
            year=today.year,
            planned_on=dt.date(today.year, 12, 28),
        )
    return [
        ("chutich", "đối thoại với Nhân dân, hội nghị cán bộ công chức: /dialogues/"),
        ("truongthon", "hội nghị cộng đồng dân cư của thôn: /dialogues/conferences/"),
    ]
