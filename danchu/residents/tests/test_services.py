"""Community decisions from proposal to recognition (LD2–LD7, LD14) through the services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from danchu.audit.models import AuditEntry
from danchu.documents import issuing
from danchu.residents import services as s
from danchu.residents.models import BallotPaper, Decision, Household, OnlineCode, Status
from danchu.residents.rules import Form, Matter, Proposer, StepState
from danchu.residents.selectors import steps
from danchu.residents.tests.conftest import Village

D = dt.date
TODAY = D(2026, 11, 22)
SIGNERS = ["Trưởng thôn A", "Trưởng ban B", "Hộ C", "Hộ D"]


def pdf_text(doc: object) -> str:
    """The words of an issued document's PDF, whitespace folded."""
    assert doc is not None
    reader = PdfReader(io.BytesIO(issuing.stored(doc, "pdf")))  # type: ignore[arg-type]
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def village_decision(resid: Village, matter: Matter, form: Form) -> Decision:
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=matter,
        title="Làm đường bê tông ngõ xóm",
        content="Mỗi hộ góp 500.000 đồng và 2 ngày công.",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
    )
    return s.choose_form(actor=resid.head, decision=d, form=form)


def meeting(resid: Village, d: Decision, present: int, agree: int, **kw: object) -> None:
    s.record_meeting(
        actor=resid.head,
        decision=d,
        place="Nhà văn hóa thôn",
        notice_on=D(2026, 11, 20),
        documents_on=D(2026, 11, 20),
        secretary="Lê Thị Thư",
        counting_board=["A", "B", "C"],
        witnesses=["Hộ 1", "Hộ 2"],
        secret_ballot=True,
        present=present,
        agree=agree,
        **kw,  # type: ignore[arg-type]
    )


# LD2 ------------------------------------------------------------------------------------------
def test_ld2_village_head_proposes_village_matters_only_of_own_village(resid: Village) -> None:
    with pytest.raises(PermissionDenied):
        s.propose(
            actor=resid.head,
            commune=resid.commune,
            village=resid.villages[1],
            matter=Matter.OTHER,
            title="x",
            content="y",
            proposer=Proposer.VILLAGE_HEAD,
            front_agreed=True,
        )
    with pytest.raises(PermissionDenied):
        s.propose(
            actor=resid.world.dave,
            commune=resid.commune,
            village=None,
            matter=Matter.WORKS,
            title="x",
            content="y",
            proposer=Proposer.CHAIRMAN,
            front_agreed=True,
        )


def test_ld2_proposal_needs_the_front_and_the_right_proposer(resid: Village) -> None:
    with pytest.raises(s.DecisionError) as caught:
        s.propose(
            actor=resid.chairman,
            commune=resid.commune,
            village=None,
            matter=Matter.WORKS,
            title="x",
            content="y",
            proposer=Proposer.VILLAGE_HEAD,
        )
    assert len(caught.value.problems) == 2
    assert all("LD2" in p for p in caught.value.problems)


def test_ld2_initiative_needs_ten_percent_of_households(resid: Village, clock) -> None:  # type: ignore[no-untyped-def]
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=Matter.OTHER,
        title="Lắp đèn đường",
        content="Đèn năng lượng mặt trời",
        proposer=Proposer.INITIATIVE,
    )
    assert d.status == Status.COLLECTING
    households = list(resid.villages[0].households.all()[:3])
    s.add_support(actor=resid.head, decision=d, household=households[0])
    s.add_support(actor=resid.head, decision=d, household=households[1])
    with pytest.raises(s.DecisionError, match="2/30"):
        s.put_initiative_forward(actor=resid.head, decision=d)
    s.add_support(actor=resid.head, decision=d, household=households[2])  # 3/30 = 10%
    counts = s.support_counts(d, TODAY)
    assert counts["expires_on"] == D(2027, 2, 22) and counts["enough"]
    s.put_initiative_forward(actor=resid.head, decision=d)
    d.refresh_from_db()
    assert d.status == Status.PROPOSED


def test_ld2_initiative_lapses_after_three_months(resid: Village, clock) -> None:  # type: ignore[no-untyped-def]
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=Matter.OTHER,
        title="Lắp đèn đường",
        content="Đèn",
        proposer=Proposer.INITIATIVE,
    )
    for h in resid.villages[0].households.all()[:3]:
        s.add_support(actor=resid.head, decision=d, household=h)
    clock.move_to(dt.datetime(2027, 2, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    with pytest.raises(s.DecisionError, match="hết hạn"):
        s.put_initiative_forward(actor=resid.head, decision=d)
    d.refresh_from_db()
    assert d.status == Status.LAPSED


# LD3 ------------------------------------------------------------------------------------------
def test_ld3_online_refused_for_contributions(resid: Village) -> None:
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=Matter.WORKS,
        title="x",
        content="y",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
    )
    with pytest.raises(s.DecisionError, match="LD3"):
        s.choose_form(actor=resid.head, decision=d, form=Form.ONLINE)


def test_ld3_charter_by_ballot_only_after_a_thin_meeting(resid: Village) -> None:
    d = s.propose(
        actor=resid.head,
        commune=resid.commune,
        village=resid.villages[0],
        matter=Matter.CHARTER,
        title="Hương ước thôn 1",
        content="Dự thảo",
        proposer=Proposer.VILLAGE_HEAD,
        front_agreed=True,
    )
    with pytest.raises(s.DecisionError, match="LD3"):
        s.choose_form(actor=resid.head, decision=d, form=Form.BALLOT)


# LD4, LD7 — a meeting from proposal to recognition ---------------------------------------------
def test_ld4_meeting_from_proposal_to_recognition(resid: Village) -> None:
    d = village_decision(resid, Matter.WORKS, Form.MEETING)
    meeting(resid, d, present=25, agree=20)  # 20/30 = exactly 2/3
    d.refresh_from_db()
    assert (d.status, d.passed, d.rule, d.households_total) == (Status.HELD, True, "LD7", 30)
    assert d.effective_on == TODAY  # matter 1, village: the day of the vote (Art. 21)
    doc = s.issue_record(
        actor=resid.head,
        decision=d,
        discussed="Mức đóng góp",
        decided="Mỗi hộ góp 500.000 đồng",
        signed_by=SIGNERS,
    )
    assert issuing.current(d, "residents.record") == doc
    assert issuing.stored(doc, "pdf").startswith(b"%PDF")
    # LD4 (Decree 59 Form 02): the count minutes, issued with the record, three copies
    minutes = pdf_text(issuing.current(d, "residents.count_minutes"))
    assert "bỏ phiếu kín; Ban kiểm phiếu: A, B, C; thư ký: Lê Thị Thư" in minutes
    assert "Tổng số hộ: 30; số đại diện hộ có mặt: 25; đồng ý: 20" in minutes
    assert "Hộ 1, Hộ 2" in minutes and "lập thành 03 bản" in minutes
    s.send_to_commune(actor=resid.head, decision=d)
    with pytest.raises(PermissionDenied):  # the village head does not recognise
        s.answer(actor=resid.head, decision=d, recognised=True)
    answer = s.answer(actor=resid.chairman, decision=d, recognised=True)
    assert answer.number.endswith("/QĐ-UBND")
    d.refresh_from_db()
    assert d.status == Status.RECOGNISED
    states = {(st.rule, st.title.split(" (")[0]): st.state for st in steps(d, TODAY)}
    assert set(states.values()) == {StepState.MET}
    assert ("LD7", "UBND xã công nhận hoặc từ chối bằng văn bản") in states
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "residents.meeting.recorded",
        "residents.decision.counted",
        "residents.decision.answered",
    } <= actions


def test_ld7_meeting_one_below_two_thirds_is_not_passed(resid: Village) -> None:
    d = village_decision(resid, Matter.FUNDS, Form.MEETING)
    meeting(resid, d, present=30, agree=19)
    d.refresh_from_db()
    assert (d.status, d.passed) == (Status.NOT_PASSED, False)


def test_ld7_numbers_bounded_by_the_register(resid: Village) -> None:
    d = village_decision(resid, Matter.OTHER, Form.MEETING)
    with pytest.raises(s.DecisionError) as caught:
        meeting(resid, d, present=31, agree=32)
    text = "\n".join(caught.value.problems)
    assert "(31) lớn hơn số hộ của thôn vào ngày đó (30)" in text
    assert "LD4" in text


def test_ld4_counting_board_and_witnesses(resid: Village) -> None:
    d = village_decision(resid, Matter.OTHER, Form.MEETING)
    with pytest.raises(s.DecisionError) as caught:
        s.record_meeting(
            actor=resid.head,
            decision=d,
            place="Nhà văn hóa",
            notice_on=None,
            secretary="Thư",
            counting_board=["A", "B"],
            witnesses=["Hộ 1"],
            secret_ballot=True,
            present=20,
            agree=16,
        )
    text = "\n".join(caught.value.problems)
    assert "03 đến 05" in text and "02 đại diện" in text


def test_ld4_late_notice_is_shown_late_and_unsent_record_missed(resid: Village, clock) -> None:  # type: ignore[no-untyped-def]
    d = village_decision(resid, Matter.OTHER, Form.MEETING)
    s.record_meeting(
        actor=resid.head,
        decision=d,
        place="Nhà văn hóa",
        notice_on=D(2026, 11, 21),
        secretary="Thư",
        witnesses=["Hộ 1", "Hộ 2"],
        present=20,
        agree=16,
    )
    d.refresh_from_db()
    # Sunday 22/11 + 5 working days: 23, 25, 26, 27, 30/11 (24/11, Vietnamese Culture Day, is off)
    later = D(2026, 11, 30)
    by_rule = {st.title: st.state for st in steps(d, later)}
    assert by_rule["Thông báo họp (Thôn 1)"] == StepState.LATE
    assert by_rule["Gửi văn bản quyết định đến UBND xã và UBMTTQ xã"] == StepState.IN_PROGRESS
    assert {st.title: st.state for st in steps(d, D(2026, 12, 1))}[
        "Gửi văn bản quyết định đến UBND xã và UBMTTQ xã"
    ] == StepState.MISSED


def test_ld7_refusal_needs_reasons_in_writing(resid: Village) -> None:
    d = village_decision(resid, Matter.OTHER, Form.MEETING)
    meeting(resid, d, present=20, agree=16)
    d.refresh_from_db()
    s.issue_record(actor=resid.head, decision=d, discussed="x", decided="y", signed_by=SIGNERS)
    s.send_to_commune(actor=resid.head, decision=d)
    with pytest.raises(s.DecisionError, match="Lý do"):
        s.answer(actor=resid.chairman, decision=d, recognised=False)
    doc = s.answer(
        actor=resid.chairman,
        decision=d,
        recognised=False,
        reasons="Trái với quy định về quản lý đất công.",
    )
    assert doc.number.endswith("/CV-UBND")
    d.refresh_from_db()
    assert d.status == Status.REFUSED and d.effective_on is None


# LD14 -----------------------------------------------------------------------------------------
def test_ld14_thin_charter_meeting_goes_to_household_ballot(resid: Village) -> None:
    d = village_decision(resid, Matter.CHARTER, Form.MEETING)
    meeting(resid, d, present=15, agree=15)  # 15/30: not more than half present
    d.refresh_from_db()
    assert (d.status, d.rule, d.passed) == (Status.NOT_PASSED, "LD14", False)
    follow = s.ballot_after_thin_meeting(actor=resid.head, decision=d)
    assert (follow.form, follow.status, follow.follows_id) == (Form.BALLOT, Status.SCHEDULED, d.pk)


# LD5 — a commune-wide household ballot ----------------------------------------------------------
def test_ld5_commune_ballot_from_plan_to_recognition(resid: Village) -> None:
    d = s.propose(
        actor=resid.chairman,
        commune=resid.commune,
        village=None,
        matter=Matter.FUNDS,
        title="Quỹ khuyến học xã",
        content="Mỗi hộ góp 50.000 đồng/năm",
        proposer=Proposer.CHAIRMAN,
        front_agreed=True,
    )
    s.choose_form(actor=resid.chairman, decision=d, form=Form.BALLOT)
    with pytest.raises(s.DecisionError, match="03 đến 05"):
        s.plan_ballot(
            actor=resid.chairman,
            decision=d,
            team=["A"],
            team_chair="Front",
            question="Đồng ý?",
            notice_on=TODAY,
            distributed_on=TODAY,
            deadline=TODAY,
        )
    s.plan_ballot(
        actor=resid.chairman,
        decision=d,
        team=["A", "B"],
        team_chair="Trần Mặt Trận",
        question="Ông/bà có đồng ý góp quỹ khuyến học?",
        notice_on=TODAY,
        distributed_on=TODAY,
        deadline=TODAY,
    )
    s.record_plan_sent(actor=resid.chairman, decision=d)
    doc = s.print_ballots(actor=resid.chairman, decision=d)
    assert doc.figures["papers"] == 99
    assert BallotPaper.objects.filter(ballot=d.ballot).count() == 99
    with pytest.raises(s.DecisionError, match="LD5"):
        s.record_ballot_result(
            actor=resid.chairman,
            decision=d,
            village=resid.villages[2],
            returned=10,
            agree=5,
            disagree=0,
            witnesses=["a", "b"],
        )
    results = [(0, 30, 20), (1, 60, 40), (2, 9, 1)]  # 2 of 3 villages reach 2/3
    for index, returned, agree in results:
        s.record_ballot_result(
            actor=resid.chairman,
            decision=d,
            village=resid.villages[index],
            returned=returned,
            agree=agree,
            disagree=returned - agree,
            witnesses=["Hộ X", "Hộ Y"],
        )
    d.refresh_from_db()
    assert (d.passed, d.rule, d.status) == (True, "LD7", Status.HELD)
    assert "2/3 thôn đạt" in d.why
    assert d.effective_on is None  # commune-wide: the date the committee sets
    record = s.issue_record(
        actor=resid.chairman, decision=d, discussed="x", decided="y", signed_by=SIGNERS
    )
    assert record.number.endswith("/BB-UBND")
    # LD5 (Decree 59 Form 04): the count minutes, each village's numbers, three copies
    minutes = pdf_text(issuing.current(d, "residents.count_minutes"))
    assert "Tổ phát phiếu" in minutes and "Hộ X" in minutes
    assert "Thôn 2 60 60 40 20 0" in minutes
    assert "lập thành 03 bản" in minutes
    s.send_to_commune(actor=resid.chairman, decision=d)
    with pytest.raises(s.DecisionError, match="nhập ngày"):
        s.answer(actor=resid.chairman, decision=d, recognised=True)
    s.answer(actor=resid.chairman, decision=d, recognised=True, effective_on=D(2027, 1, 1))
    d.refresh_from_db()
    assert d.effective_on == D(2027, 1, 1)
    states = {st.title: st.state for st in steps(d, TODAY)}
    # the notice went out on the day of distribution: shown late (LD5), the rest met
    assert states.pop("Thông báo công khai trước khi phát phiếu") == StepState.LATE
    assert set(states.values()) == {StepState.MET}


# LD6 — online --------------------------------------------------------------------------------
def test_ld6_online_vote_consent_then_majority_of_all(resid: Village) -> None:
    d = village_decision(resid, Matter.OTHER, Form.ONLINE)
    vote, codes = s.open_online(
        actor=resid.head, decision=d, team=["A", "B"], team_chair="Trần Mặt Trận"
    )
    assert len(codes) == 30 and OnlineCode.objects.filter(vote=vote).count() == 30
    plain = list(codes.values())
    for code in plain[:16]:
        s.give_consent(code=code, consent=True)
    s.give_consent(code=plain[16], consent=False)
    with pytest.raises(s.DecisionError):
        s.give_consent(code=plain[0], consent=True)  # once
    s.close_consent(actor=resid.head, decision=d)
    for code in plain[:16]:
        s.vote_online(code=code, choice="agree")
    s.vote_online(code=plain[16], choice="other", opinion="Nên lắp thêm đèn ở cầu")
    with pytest.raises(s.DecisionError):
        s.vote_online(code=plain[0], choice="agree")
    d = s.close_online(actor=resid.head, decision=d)
    assert (d.passed, d.rule, d.agree, d.present, d.households_total) == (True, "LD6", 16, 17, 30)
    # the codes record who took part, never what they chose
    fields = {f.name for f in OnlineCode._meta.get_fields()}
    assert not fields & {"choice", "agree", "consent", "voted_at"}
    # the minutes carry the numbers and the list of participants (Decree 59 Art. 5)
    doc = s.issue_record(
        actor=resid.head, decision=d, discussed="Đèn đường", decided="Lắp đèn", signed_by=SIGNERS
    )
    text = pdf_text(doc)
    assert "Danh sách người tham gia biểu quyết trực tuyến" in text
    assert "Số người tham gia: 17; đồng ý: 16; không đồng ý: 0; ý kiến khác: 1" in text
    took_part = set(list(codes)[:17])
    voters = Household.objects.filter(pk__in=took_part)
    absent = Household.objects.filter(pk__in=set(codes) - took_part)
    assert all(h.representative in text for h in voters)
    assert not any(h.representative in text for h in absent)


def test_ld6_online_consent_exactly_half_stops_the_vote(resid: Village) -> None:
    d = village_decision(resid, Matter.OTHER, Form.ONLINE)
    _, codes = s.open_online(actor=resid.head, decision=d, team=["A", "B", "C"], team_chair="A")
    for code in list(codes.values())[:15]:
        s.give_consent(code=code, consent=True)
    s.close_consent(actor=resid.head, decision=d)
    d.refresh_from_db()
    assert (d.status, d.rule, d.passed) == (Status.NOT_PASSED, "LD6", False)
    assert "15/30" in d.why


def test_ld7_board_members_are_recognised_by_the_front_committee(resid: Village) -> None:
    """Art. 21: members of the two boards (matter 5) take effect when the commune Front
    committee recognises them — not the People's Committee."""
    d = village_decision(resid, Matter.BOARD_MEMBERS, Form.MEETING)
    meeting(resid, d, present=25, agree=20)
    s.issue_record(actor=resid.head, decision=d, discussed="x", decided="y", signed_by=SIGNERS)
    s.send_to_commune(actor=resid.head, decision=d)
    with pytest.raises(PermissionDenied):
        s.answer(actor=resid.chairman, decision=d, recognised=True)
    doc = s.answer(actor=resid.front, decision=d, recognised=True)
    d.refresh_from_db()
    assert d.status == Status.RECOGNISED and d.effective_on == d.answered_on
    text = pdf_text(doc)
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam xã công nhận" in text
    titles = {st.title.split(" (")[0] for st in steps(d, d.answered_on)}
    assert "UBMTTQ xã công nhận hoặc từ chối bằng văn bản" in titles
    # every other matter stays with the People's Committee
    other = village_decision(resid, Matter.OTHER, Form.MEETING)
    meeting(resid, other, present=25, agree=20)
    s.issue_record(actor=resid.head, decision=other, discussed="x", decided="y", signed_by=SIGNERS)
    s.send_to_commune(actor=resid.head, decision=other)
    with pytest.raises(PermissionDenied):
        s.answer(actor=resid.front, decision=other, recognised=True)
    s.answer(actor=resid.chairman, decision=other, recognised=True)
