"""Village head elections (LD13) and charters (LD14, QD5) through the services, on the
calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.audit.models import AuditEntry
from danchu.documents import issuing
from danchu.residents.models import Household
from danchu.residents.models import Status as DecisionStatus
from danchu.residents.rules import StepState
from danchu.villages import selectors
from danchu.villages import services as s
from danchu.villages.models import (
    CharterStatus,
    DismissalGround,
    Election,
    ElectionStatus,
    HeadTerm,
)
from danchu.villages.rules import ElectionStep
from danchu.villages.tests.conftest import Place, at

D = dt.date
TODAY = D(2026, 11, 22)  # a Sunday
ELECTION_DAY = D(2026, 12, 16)  # a Wednesday
SIGNERS = ["Trưởng thôn A", "Trưởng ban B", "Hộ C", "Hộ D"]


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%minutes\n", "application/pdf")


def prepared(place: Place, clock: Any) -> Election:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=ELECTION_DAY)
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.PLAN, document_ref="01/QĐ")
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.CANDIDATES,
                  names=["Nguyễn Văn A", "Lê Thị B"], evidence=pdf())  # fmt: skip
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.TEAM, document_ref="02/QĐ",
                  names=["X", "Y", "Z"])  # fmt: skip
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.NOTICE,
                  evidence_note="Niêm yết tại nhà văn hóa")  # fmt: skip
    return e


def vote(place: Place, e: Election, present: int, a: int, b: int) -> Election:
    ids = {c.name: c.pk for c in e.candidates.all()}
    return s.record_vote(
        actor=place.chairman,
        election=e,
        present=present,
        votes={ids["Nguyễn Văn A"]: a, ids["Lê Thị B"]: b},
        secretary="Thư ký",
        counting_board=["K1", "K2", "K3"],
        witnesses=["Hộ 1", "Hộ 2"],
    )


def test_ld13_an_election_runs_on_the_calendar_to_recognition(place: Place, clock: Any) -> None:
    e = prepared(place, clock)
    states = {st.title: st.state for st in selectors.election_steps(e, TODAY)}
    assert all(
        states[t] == StepState.MET
        for t in ("Quyết định và kế hoạch tổ chức bầu của Chủ tịch UBND xã", "Thông báo công khai")
    )
    assert [c.name for c in e.candidates.all()] == ["Nguyễn Văn A", "Lê Thị B"]
    with pytest.raises(s.VillageError, match="Chưa đến ngày bầu"):
        vote(place, e, 30, 21, 9)
    clock.move_to(at(ELECTION_DAY, 15))
    e = vote(place, e, 30, 21, 9)
    assert e.status == ElectionStatus.ELECTED and e.elected_name == "Nguyễn Văn A"
    assert e.decision.matter == "truong_thon" and e.decision.status == DecisionStatus.HELD
    assert e.decision.households_total == 40 and e.decision.agree == 21
    doc = s.issue_record(actor=place.chairman, election=e, discussed="Bầu", signed_by=SIGNERS)
    assert doc.pk
    clock.move_to(at(D(2026, 12, 17)))
    s.send_result(actor=place.chairman, election=e)
    clock.move_to(at(D(2026, 12, 21)))
    answer = s.recognise_head(actor=place.chairman, election=e, recognised=True)
    assert issuing.current(e.decision, "residents.answer") == answer
    term = HeadTerm.objects.get(village=place.village, ended_on__isnull=True)
    assert term.name == "Nguyễn Văn A" and term.started_on == D(2026, 12, 21)
    assert term.ends_on == D(2029, 6, 20)
    steps = selectors.election_steps(Election.objects.get(pk=e.pk), D(2026, 12, 21))
    assert steps[-1].title == "Chủ tịch UBND xã công nhận trưởng thôn"
    assert steps[-1].state == StepState.MET
    assert AuditEntry.objects.filter(action="villages.election.answered").exists()


def test_ld13_exactly_half_of_all_households_elects_nobody(place: Place, clock: Any) -> None:
    e = prepared(place, clock)
    clock.move_to(at(ELECTION_DAY, 15))
    e = vote(place, e, 36, 20, 16)
    assert e.status == ElectionStatus.NOT_ELECTED and e.elected_name == ""
    assert e.decision.status == DecisionStatus.NOT_PASSED


def test_ld13_votes_bounded_by_present_and_households(place: Place, clock: Any) -> None:
    e = prepared(place, clock)
    clock.move_to(at(ELECTION_DAY, 15))
    with pytest.raises(s.VillageError, match="lớn hơn số hộ dự họp"):
        vote(place, e, 20, 15, 6)
    with pytest.raises(s.VillageError, match="lớn hơn tổng số hộ"):
        vote(place, e, 41, 21, 6)


def test_ld13_late_step_is_recorded_and_shown_late(place: Place, clock: Any) -> None:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=D(2026, 12, 1))
    s.record_step(actor=place.chairman, election=e, step=ElectionStep.PLAN, document_ref="03/QĐ")
    plan = selectors.election_steps(e, TODAY)[0]
    assert plan.due == D(2026, 11, 11) and plan.state == StepState.LATE
    team = next(
        st for st in selectors.election_steps(e, D(2026, 11, 22)) if "Tổ bầu cử" in st.title
    )
    assert team.state == StepState.MISSED  # due 20/11, nothing recorded


def test_ld13_backdated_step_needs_reason_and_evidence(place: Place) -> None:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=ELECTION_DAY)
    with pytest.raises(s.VillageError) as refused:
        s.record_step(actor=place.chairman, election=e, step=ElectionStep.PLAN,
                      on=D(2026, 11, 20), document_ref="01/QĐ")  # fmt: skip
    assert len(refused.value.problems) == 2
    record = s.record_step(actor=place.chairman, election=e, step=ElectionStep.PLAN,
                           on=D(2026, 11, 20), reason="Ghi sau", evidence=pdf())  # fmt: skip
    assert record.backdated
    with pytest.raises(s.VillageError, match="chưa đến"):
        s.record_step(actor=place.chairman, election=e, step=ElectionStep.TEAM,
                      on=D(2026, 11, 23), names=["X"], document_ref="1")  # fmt: skip


def test_ld13_candidate_list_needs_a_candidate(place: Place) -> None:
    e = s.create_election(actor=place.chairman, village=place.village, election_on=ELECTION_DAY)
    with pytest.raises(s.VillageError, match="ít nhất 01"):
        s.record_step(actor=place.chairman, election=e, step=ElectionStep.CANDIDATES, names=[],
                      document_ref="05")  # fmt: skip


def test_ld13_only_the_commune_runs_the_election(place: Place) -> None:
    for actor in (place.head, place.outsider, place.world.dave):
        with pytest.raises(PermissionDenied):
            s.create_election(actor=actor, village=place.village, election_on=ELECTION_DAY)


def test_ld13_dismissal_by_half_the_households_interim_and_60_days(
    place: Place, clock: Any
) -> None:
    s.record_head(actor=place.chairman, village=place.village, name="Phạm Văn Cũ",
                  started_on=D(2025, 6, 1), ends_on=None, reason="Sổ theo dõi")  # fmt: skip
    d = s.open_dismissal(actor=place.chairman, village=place.village,
                         ground=DismissalGround.HOUSEHOLDS)  # fmt: skip
    households = list(Household.objects.filter(village=place.village).order_by("number"))
    for h in households[:19]:
        s.add_request(actor=place.chairman, dismissal=d, household=h)
    assert s.request_counts(d, TODAY) == {
        "households": 40,
        "requesters": 19,
        "needed": 20,
        "started": False,
    }
    with pytest.raises(s.VillageError, match="cần ít nhất 50%"):
        s.decide_dismissal(actor=place.chairman, dismissal=d, interim_name="Lâm Thời")
    with pytest.raises(s.VillageError, match="đã có kiến nghị"):
        s.add_request(actor=place.chairman, dismissal=d, household=households[0])
    s.add_request(actor=place.chairman, dismissal=d, household=households[19])
    d = s.decide_dismissal(actor=place.chairman, dismissal=d, interim_name="Lâm Thời")
    assert d.requesters_counted == 20 and d.households_counted == 40
    current = s.current_term(place.village)
    assert current is not None and current.interim and current.name == "Lâm Thời"
    assert selectors.new_election_due(d) == D(2027, 1, 21)  # 22/11 + 60 days
    e = s.create_election(actor=place.chairman, village=place.village,
                          election_on=D(2027, 1, 20), after_dismissal=d)  # fmt: skip
    assert e.after_dismissal == d


def test_ld13_a_household_that_left_no_longer_counts(place: Place, clock: Any) -> None:
    s.record_head(actor=place.chairman, village=place.village, name="Phạm Văn Cũ",
                  started_on=D(2025, 6, 1), ends_on=None, reason="Sổ theo dõi")  # fmt: skip
    d = s.open_dismissal(actor=place.chairman, village=place.village,
                         ground=DismissalGround.HOUSEHOLDS)  # fmt: skip
    households = list(Household.objects.filter(village=place.village).order_by("number"))
    for h in households[:20]:
        s.add_request(actor=place.chairman, dismissal=d, household=h)
    Household.objects.filter(pk=households[0].pk).update(valid_to=TODAY)
    assert s.request_counts(d, D(2026, 11, 23))["requesters"] == 19
    assert s.request_counts(d, D(2026, 11, 23))["households"] == 39
    assert s.request_counts(d, D(2026, 11, 23))["started"] is False


def charter_posted(place: Place) -> Any:
    c = s.create_draft(actor=place.head, village=place.village, title="Hương ước thôn 1",
                       text="Điều 1. Giữ gìn vệ sinh chung.")  # fmt: skip
    return s.post_draft(actor=place.head, charter=c, place="Nhà văn hóa thôn")


def charter_meeting(place: Place, c: Any, present: int, agree: int) -> Any:
    return s.record_charter_meeting(
        actor=place.head,
        charter=c,
        place="Nhà văn hóa thôn",
        notice_on=D(2026, 12, 20),
        documents_on=D(2026, 12, 20),
        secretary="Thư ký",
        witnesses=["Hộ 1", "Hộ 2"],
        present=present,
        agree=agree,
    )


def test_ld14_a_charter_is_posted_30_days_adopted_sent_and_recognised(
    place: Place, clock: Any
) -> None:
    c = charter_posted(place)
    c = s.put_to_community(actor=place.head, charter=c)
    clock.move_to(at(D(2026, 12, 21)))  # 29 days posted
    with pytest.raises(s.VillageError, match="cần ít nhất 30 ngày"):
        charter_meeting(place, c, 30, 25)
    clock.move_to(at(D(2026, 12, 22)))  # 30 days
    c = charter_meeting(place, c, 30, 25)
    assert c.status == CharterStatus.ADOPTED
    assert c.decision.matter == "huong_uoc"
    s.issue_charter_record(actor=place.head, charter=c, discussed="Thảo luận", signed_by=SIGNERS)
    s.send_charter(actor=place.head, charter=c)
    steps = selectors.charter_steps(c, D(2026, 12, 22))
    assert [st.state for st in steps] == [StepState.MET, StepState.MET, StepState.IN_PROGRESS]
    with pytest.raises(PermissionDenied):
        s.recognise_charter(actor=place.head, charter=c, recognised=True)
    clock.move_to(at(D(2026, 12, 24)))
    s.recognise_charter(actor=place.chairman, charter=c, recognised=True)
    c.refresh_from_db()
    assert c.status == CharterStatus.IN_FORCE and c.in_force_from == D(2026, 12, 24)
    assert selectors.review_due(c, 5) == D(2031, 12, 24)


def test_ld14_thin_meeting_goes_to_a_household_ballot(place: Place, clock: Any) -> None:
    c = s.put_to_community(actor=place.head, charter=charter_posted(place))
    clock.move_to(at(D(2026, 12, 22)))
    c = charter_meeting(place, c, 20, 20)  # exactly half present
    assert c.status == CharterStatus.NOT_ADOPTED and c.decision.rule == "LD14"
    first = c.decision
    c = s.ballot_after_thin_meeting(actor=place.head, charter=c)
    assert c.status == CharterStatus.VOTING
    assert c.decision.follows == first and c.decision.form == "phieu"


def test_ld14_quorate_meeting_without_majority_is_not_a_ballot(place: Place, clock: Any) -> None:
    c = s.put_to_community(actor=place.head, charter=charter_posted(place))
    clock.move_to(at(D(2026, 12, 22)))
    c = charter_meeting(place, c, 21, 20)
    assert c.status == CharterStatus.NOT_ADOPTED
    with pytest.raises(s.VillageError, match="không được thông qua"):
        s.ballot_after_thin_meeting(actor=place.head, charter=c)


def test_ld14_amendment_is_a_new_version_replacing_the_old(place: Place, clock: Any) -> None:
    c = s.put_to_community(actor=place.head, charter=charter_posted(place))
    clock.move_to(at(D(2026, 12, 22)))
    c = charter_meeting(place, c, 30, 25)
    s.issue_charter_record(actor=place.head, charter=c, discussed="Thảo luận", signed_by=SIGNERS)
    s.send_charter(actor=place.head, charter=c)
    s.recognise_charter(actor=place.chairman, charter=c, recognised=True)
    c.refresh_from_db()
    v2 = s.create_draft(actor=place.head, village=place.village, title="Hương ước sửa đổi",
                        text="Điều 1 sửa đổi.", replaces=c)  # fmt: skip
    assert v2.version == 2 and v2.replaces == c
    v2 = s.post_draft(actor=place.head, charter=v2, place="Nhà văn hóa")
    v2 = s.put_to_community(actor=place.head, charter=v2)
    clock.move_to(at(D(2027, 1, 22)))
    v2 = charter_meeting(place, v2, 30, 22)
    s.issue_charter_record(actor=place.head, charter=v2, discussed="Sửa", signed_by=SIGNERS)
    s.send_charter(actor=place.head, charter=v2)
    s.recognise_charter(actor=place.chairman, charter=v2, recognised=True)
    c.refresh_from_db()
    v2.refresh_from_db()
    assert c.status == CharterStatus.REPLACED and c.in_force_to == D(2027, 1, 21)
    assert v2.status == CharterStatus.IN_FORCE and v2.in_force_from == D(2027, 1, 22)


def test_qd5_review_cycle_set_by_the_commune(place: Place, clock: Any) -> None:
    with pytest.raises(PermissionDenied):
        s.set_review_cycle(actor=place.head, commune=place.commune, years=3)
    with pytest.raises(s.VillageError, match="QD5"):
        s.set_review_cycle(actor=place.chairman, commune=place.commune, years=0)
    s.set_review_cycle(actor=place.chairman, commune=place.commune, years=3)
    assert selectors.review_years([place.commune.pk]) == {place.commune.pk: 3}


def test_qd5_a_review_moves_the_next_due_day(place: Place, clock: Any) -> None:
    c = s.put_to_community(actor=place.head, charter=charter_posted(place))
    clock.move_to(at(D(2026, 12, 22)))
    c = charter_meeting(place, c, 30, 25)
    s.issue_charter_record(actor=place.head, charter=c, discussed="Thảo luận", signed_by=SIGNERS)
    s.send_charter(actor=place.head, charter=c)
    s.recognise_charter(actor=place.chairman, charter=c, recognised=True)
    c.refresh_from_db()
    assert selectors.review_due(c, 1) == D(2027, 12, 22)
    clock.move_to(at(D(2027, 12, 1)))
    s.record_review(actor=place.head, charter=c, finding="Còn phù hợp")
    c.refresh_from_db()
    assert selectors.review_due(c, 1) == D(2028, 12, 1)
