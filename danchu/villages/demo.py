"""Demo village head elections (LD13) and charters (LD14, QD5), built through the services on the
platform's calendar (idempotent): in the first commune's first village, an election held 40 days
ago — its four steps recorded back-dated with evidence, the vote, the record, sending and
recognition — and a charter posted, adopted at a meeting, sent and recognised; in its second
village, an election being prepared (the plan recorded, the candidate list due) and a draft
charter being posted. Households come from the residents' register: a village without any gets
an imported register (the residents' demo, when it has built one, is used as it is)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from danchu.accounts.models import Role
from danchu.core import clock
from danchu.dataio.exports import xlsx_bytes
from danchu.dataio.imports import open_bytes
from danchu.residents import households as register
from danchu.residents.models import Household
from danchu.villages import services
from danchu.villages.models import Charter, Election
from danchu.villages.rules import ElectionStep

REASON = "Ghi lại trên nền tảng từ hồ sơ giấy (dữ liệu trình diễn)"
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")
GIVEN = ("Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Đức", "Thị Hoa", "Văn Hùng")


def _evidence(name: str) -> ContentFile[bytes]:
    return ContentFile(b"%PDF-1.4\n% demo evidence\n", name=name)


def _households(actor: Any, village: Any, since: dt.date, n: int) -> None:
    if Household.objects.filter(village=village).exists():
        return
    rows = [
        [
            f"{i:03d}",
            f"{FAMILY[i % len(FAMILY)]} {GIVEN[i % len(GIVEN)]}",
            f"Xóm {1 + i % 4}, {village.name}",
            since,
        ]
        for i in range(1, n + 1)
    ]
    source = open_bytes(
        xlsx_bytes("Sổ hộ", ["so_ho", "chu_ho", "dia_chi", "tu_ngay"], rows), "so-ho.xlsx"
    )
    register.import_households(actor=actor, village=village, source=source)


def _held_election(chair: Any, village: Any, today: dt.date, head_name: str) -> None:
    day = today - dt.timedelta(days=40)
    e = services.create_election(
        actor=chair, village=village, election_on=day, place="Nhà văn hóa thôn", reason=REASON
    )
    for step, before, extra in (
        (ElectionStep.PLAN, 25, {"document_ref": "12/QĐ-UBND"}),
        (ElectionStep.CANDIDATES, 17, {"names": [head_name, "Trần Thị Mai"]}),
        (ElectionStep.TEAM, 12, {"document_ref": "15/QĐ-UBND", "names": ["Lê Văn Tổ", "Võ Thị Ba",
                                                                           "Đặng Văn Năm"]}),
        (ElectionStep.NOTICE, 9, {}),
    ):  # fmt: skip
        services.record_step(
            actor=chair,
            election=e,
            step=step,
            on=day - dt.timedelta(days=before),
            reason=REASON,
            evidence=_evidence(f"bau-truong-thon-{step.value}.pdf"),
            **extra,  # type: ignore[arg-type]
        )
    households = register.households_on(village, day)
    present = households * 3 // 4
    ids = {c.name: c.pk for c in e.candidates.all()}
    first = households // 2 + 4
    services.record_vote(
        actor=chair,
        election=e,
        present=present,
        votes={ids[head_name]: first, ids["Trần Thị Mai"]: present - first - 2},
        secretary="Phạm Thị Thư",
        counting_board=["Lê Văn Tổ", "Võ Thị Ba", "Đặng Văn Năm"],
        witnesses=["Huỳnh Văn Một", "Bùi Thị Hai"],
        reason=REASON,
    )
    services.issue_record(
        actor=chair,
        election=e,
        discussed="Giới thiệu người ứng cử; bỏ phiếu kín; kiểm phiếu.",
        signed_by=[head_name, "Trưởng ban công tác Mặt trận thôn", "Huỳnh Văn Một", "Bùi Thị Hai"],
    )
    services.send_result(actor=chair, election=e, on=day + dt.timedelta(days=1), reason=REASON)
    services.recognise_head(
        actor=chair,
        election=e,
        recognised=True,
        on=day + dt.timedelta(days=4),
        backdate_reason=REASON,
    )


def _charter_in_force(head: Any, chair: Any, village: Any, today: dt.date) -> None:
    c = services.create_draft(
        actor=head,
        village=village,
        title=f"Hương ước {village.name}",
        text="Chương I. Quy định chung.\nĐiều 1. Giữ gìn vệ sinh môi trường, đường làng ngõ xóm.\n"
        "Điều 2. Tổ chức việc cưới, việc tang văn minh, tiết kiệm.",
    )
    posted = today - dt.timedelta(days=75)
    services.post_draft(actor=head, charter=c, place="Nhà văn hóa thôn", on=posted, reason=REASON,
                        evidence=_evidence("niem-yet-du-thao.pdf"))  # fmt: skip
    services.put_to_community(actor=head, charter=c)
    held = posted + dt.timedelta(days=32)
    n = register.households_on(village, held)
    services.record_charter_meeting(
        actor=head,
        charter=c,
        held_on=held,
        place="Nhà văn hóa thôn",
        notice_on=held - dt.timedelta(days=3),
        documents_on=held - dt.timedelta(days=3),
        secretary="Phạm Thị Thư",
        witnesses=["Huỳnh Văn Một", "Bùi Thị Hai"],
        present=n * 4 // 5,
        agree=n * 2 // 3,
        disagree=n // 10,
        reason=REASON,
    )
    services.issue_charter_record(
        actor=head,
        charter=c,
        discussed="Đọc dự thảo; tiếp thu ý kiến các hộ; biểu quyết.",
        signed_by=["Trưởng thôn", "Trưởng ban công tác Mặt trận thôn", "Huỳnh Văn Một",
                   "Bùi Thị Hai"],
    )  # fmt: skip
    services.send_charter(actor=head, charter=c, on=held + dt.timedelta(days=2), reason=REASON)
    services.recognise_charter(actor=chair, charter=c, recognised=True,
                               on=held + dt.timedelta(days=5), backdate_reason=REASON)  # fmt: skip


def build(demo: Any) -> list[tuple[str, str]]:
    first = demo.communes[0]
    villages = demo.villages[first.code]
    chair = demo.make_user("chutich", Role.CHAIRMAN, unit=first)
    head = demo.make_user("truongthon", Role.VILLAGE_HEAD, unit=villages[0])
    today = min(demo.today, clock.today())  # never a future day for the platform's clock
    since = today - dt.timedelta(days=400)
    for village, n in zip(villages[:2], (48, 36), strict=False):
        _households(chair, village, since, n)
    v1 = villages[0]
    person = demo.people.get(f"{v1.code}@{first.code}:truong-thon")
    head_name = person.full_name if person is not None else "Nguyễn Văn Thôn"
    if not Election.objects.filter(village=v1).exists():
        _held_election(chair, v1, today, head_name)
    if not Charter.objects.filter(village=v1).exists():
        _charter_in_force(head, chair, v1, today)
    if len(villages) > 1:
        v2 = villages[1]
        if not Election.objects.filter(village=v2).exists():
            e = services.create_election(
                actor=chair, village=v2, election_on=today + dt.timedelta(days=18)
            )
            services.record_step(actor=chair, election=e, step=ElectionStep.PLAN,
                                 on=today - dt.timedelta(days=3), reason=REASON,
                                 evidence=_evidence("ke-hoach-bau.pdf"),
                                 document_ref="20/QĐ-UBND")  # fmt: skip
        if not Charter.objects.filter(village=v2).exists():
            c = services.create_draft(actor=chair, village=v2, title=f"Hương ước {v2.name}",
                                      text="Điều 1. Bảo vệ rừng phòng hộ đầu nguồn.")  # fmt: skip
            services.post_draft(actor=chair, charter=c, place="Nhà văn hóa thôn")
    return [
        ("chutich", "bầu trưởng thôn, công nhận trưởng thôn và hương ước: /villages/"),
        ("truongthon", "hương ước của thôn (niêm yết, họp, gửi xã, rà soát): /villages/"),
    ]
