"""Demo households and a year of community decisions in the demo's first commune, built through
the services (idempotent, dates relative to the demo's today): a village meeting on a road
(matter 1, recognised), a commune-wide household ballot on a study fund (matter 2, recognised,
effective on the date the commune set) and an online vote on street lights (matter 6, sent and
awaiting recognition). Earlier steps are recorded as back-dated facts with their reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.accounts.models import User
from danchu.dataio.imports import open_bytes
from danchu.residents import households as hh
from danchu.residents import services as s
from danchu.residents.models import Decision, Household
from danchu.residents.rules import Form, Matter, Proposer

REASON = "Nhập lại từ sổ sách của thôn (bản giấy lưu tại nhà văn hóa)"
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đinh", "A", "Y")
GIVEN = ("Văn Hùng", "Thị Lan", "Văn Minh", "Thị Hoa", "Kiên", "Blơng", "Thị Mai", "Văn Đức")
SIZES = (40, 30, 24, 18, 15)
SIGNERS = ["A Kiên", "Y Hoa", "Nguyễn Văn Hùng", "Trần Thị Lan"]


def _households(village: Any, n: int, actor: Any) -> None:
    if Household.objects.filter(village=village).exists():
        return
    lines = ["so_ho,chu_ho,dia_chi,tu_ngay"]
    for i in range(1, n + 1):
        name = f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i * 3) % len(GIVEN)]}"
        lines.append(f"{i:03d},{name},Tổ {1 + i % 4} {village.name},01/01/2024")
    data = ("\n".join(lines) + "\n").encode()
    outcome = hh.import_households(actor=actor, village=village, source=open_bytes(data, "ho.csv"))
    assert outcome.ok, outcome.result.errors


def _day(demo: Any, n: int) -> dt.date:
    return demo.today + dt.timedelta(days=n)


def _meeting(demo: Any, commune: Any, village: Any, head: User, chair: User) -> None:
    title = "Bê tông hóa đường liên xóm (giai đoạn 2)"
    if Decision.objects.filter(commune=commune, title=title).exists():
        return
    d = s.propose(
        actor=head,
        commune=commune,
        village=village,
        matter=Matter.WORKS,
        title=title,
        content="Mỗi hộ góp 400.000 đồng và 3 ngày công; Nhà nước hỗ trợ xi măng.",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
        proposed_on=_day(demo, -200),
        reason=REASON,
    )
    s.choose_form(actor=head, decision=d, form=Form.MEETING)
    s.record_meeting(
        actor=head,
        decision=d,
        village=village,
        held_on=_day(demo, -190),
        place=f"Nhà văn hóa {village.name}",
        notice_on=_day(demo, -194),
        documents_on=_day(demo, -193),
        secretary="Y Hoa",
        counting_board=["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Minh"],
        witnesses=["Phạm Thị Hoa", "Hoàng Kiên"],
        secret_ballot=True,
        present=36,
        agree=29,
        disagree=7,
        reason=REASON,
    )
    d.refresh_from_db()
    s.issue_record(
        actor=head,
        decision=d,
        discussed="Mức góp, ngày công, thời gian thi công.",
        decided="Mỗi hộ góp 400.000 đồng và 3 ngày công, thi công trong quý III.",
        signed_by=SIGNERS,
        on=_day(demo, -189),
    )
    s.send_to_commune(actor=head, decision=d, on=_day(demo, -188), reason=REASON)
    s.answer(actor=chair, decision=d, recognised=True, on=_day(demo, -185), backdate_reason=REASON)


def _ballot(demo: Any, commune: Any, villages: list[Any], chair: User) -> None:
    title = "Lập Quỹ khuyến học của xã"
    if Decision.objects.filter(commune=commune, title=title).exists():
        return
    d = s.propose(
        actor=chair,
        commune=commune,
        village=None,
        matter=Matter.FUNDS,
        title=title,
        content="Mỗi hộ góp 50.000 đồng/năm cho Quỹ khuyến học do Hội Khuyến học quản lý.",
        proposer=Proposer.CHAIRMAN,
        front_agreed=True,
        proposed_on=_day(demo, -120),
        reason=REASON,
    )
    s.choose_form(actor=chair, decision=d, form=Form.BALLOT)
    s.plan_ballot(
        actor=chair,
        decision=d,
        plan_issued_on=_day(demo, -115),
        reason=REASON,
        team=["Lê Văn Minh", "Phạm Thị Hoa"],
        team_chair="Đinh Thị Mai",
        question="Ông/bà có đồng ý mỗi hộ góp 50.000 đồng/năm cho Quỹ khuyến học?",
        notice_on=_day(demo, -112),
        distributed_on=_day(demo, -110),
        deadline=_day(demo, -100),
    )
    s.record_plan_sent(actor=chair, decision=d, on=_day(demo, -114), reason=REASON)
    s.print_ballots(actor=chair, decision=d)
    for i, village in enumerate(villages):
        total = hh.households_on(village, _day(demo, -110))
        returned = total - 2
        agree = -(-2 * total // 3) if i != len(villages) - 1 or len(villages) < 3 else total // 2
        s.record_ballot_result(
            actor=chair,
            decision=d,
            village=village,
            returned=returned,
            agree=min(agree, returned),
            disagree=returned - min(agree, returned),
            witnesses=["Nguyễn Văn Hùng", "Trần Thị Lan"],
        )
    d.refresh_from_db()
    if not d.passed:
        return
    s.issue_record(
        actor=chair,
        decision=d,
        discussed="Mức góp và cách quản lý quỹ.",
        decided="Mỗi hộ góp 50.000 đồng/năm, bắt đầu từ năm học mới.",
        signed_by=["Chủ tịch UBND xã", "Chủ tịch UBMTTQ xã", "Hộ A", "Hộ B"],
        on=_day(demo, -98),
    )
    s.send_to_commune(actor=chair, decision=d, on=_day(demo, -97), reason=REASON)
    s.answer(
        actor=chair,
        decision=d,
        recognised=True,
        on=_day(demo, -95),
        backdate_reason=REASON,
        effective_on=_day(demo, -60),
    )


def _online(demo: Any, commune: Any, village: Any, head: User) -> None:
    title = "Lắp đèn đường năng lượng mặt trời"
    if Decision.objects.filter(commune=commune, title=title).exists():
        return
    d = s.propose(
        actor=head,
        commune=commune,
        village=village,
        matter=Matter.OTHER,
        title=title,
        content="Lắp 12 đèn năng lượng mặt trời dọc đường chính của thôn.",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
    )
    s.choose_form(actor=head, decision=d, form=Form.ONLINE)
    _, codes = s.open_online(
        actor=head, decision=d, team=["Lê Văn Minh", "Phạm Thị Hoa"], team_chair="Đinh Thị Mai"
    )
    plain = list(codes.values())
    for code in plain[:26]:
        s.give_consent(code=code, consent=True)
    s.close_consent(actor=head, decision=d)
    for code in plain[:23]:
        s.vote_online(code=code, choice="agree")
    s.vote_online(code=plain[23], choice="disagree")
    s.vote_online(code=plain[24], choice="other", opinion="Nên lắp thêm đèn ở đầu cầu.")
    d = s.close_online(actor=head, decision=d)
    if d.passed:
        s.issue_record(
            actor=head,
            decision=d,
            discussed="Số đèn, vị trí lắp, kinh phí.",
            decided="Lắp 12 đèn, kinh phí do các hộ và nhà hảo tâm đóng góp.",
            signed_by=SIGNERS,
        )
        s.send_to_commune(actor=head, decision=d)


def build(demo: Any) -> list[tuple[str, str]]:
    commune = demo.communes[0]
    villages = list(demo.villages[commune.code])
    chair = User.objects.get(username="chutich")
    head = User.objects.get(username="truongthon")
    for i, village in enumerate(villages):
        _households(village, SIZES[i % len(SIZES)], chair)
    _meeting(demo, commune, villages[0], head, chair)
    _ballot(demo, commune, villages, chair)
    _online(demo, commune, villages[0], head)
    return [
        ("chutich", "Nhân dân bàn và quyết định: công nhận, phát phiếu toàn xã"),
        ("truongthon", "Nhân dân bàn và quyết định: họp thôn, biểu quyết trực tuyến"),
    ]
