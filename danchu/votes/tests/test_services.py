"""Services and selectors of a confidence vote, on the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from danchu.audit.models import AuditEntry
from danchu.people.models import HowStarted
from danchu.testing import factories as f
from danchu.votes import permissions, selectors, services
from danchu.votes.models import (
    DocumentKind,
    ElectronicBallot,
    PaperEntry,
    RoundStatus,
    SubjectResult,
    VoteRound,
    VotingCode,
)
from danchu.votes.services import VoteError
from danchu.votes.tests.conftest import (
    OPENING_DECISION,
    D,
    build,
    counted_round,
    leader_post,
    open_round,
)

pytestmark = pytest.mark.django_db


# CV1 -----------------------------------------------------------------------------------------


def test_cv1_retirement_announced_is_refused_with_reason(vw) -> None:  # type: ignore[no-untyped-def]
    post = leader_post(
        vw.w.ubnd_a,
        "Phó Chủ tịch 2",
        "pct2",
        full_name="Đỗ Văn Hưu",
        retirement_announced_on=dt.date(2026, 3, 1),
    )
    with pytest.raises(VoteError, match="nghỉ hưu"):
        services.add_subject(actor=vw.chair, vote=vw.vote, assignment=post)
    row = next(c for c in selectors.candidates(vw.vote) if c.assignment == post)
    assert not row.eligibility.eligible and "01/03/2026" in row.eligibility.why


def test_cv1_appointed_in_vote_year_is_refused(vw) -> None:  # type: ignore[no-untyped-def]
    post = leader_post(
        vw.w.ubnd_a,
        "Trưởng Công an",
        "ca",
        full_name="Vũ Văn Mới",
        start_date=dt.date(2026, 2, 1),
        how_started=HowStarted.APPOINTED,
    )
    with pytest.raises(VoteError, match="trong năm lấy phiếu"):
        services.add_subject(actor=vw.chair, vote=vw.vote, assignment=post)


def test_cv1_subjects_carry_name_position_and_unit(vw) -> None:  # type: ignore[no-untyped-def]
    s = vw.subjects[0]
    assert (s.full_name, s.position_name, s.order) == ("Nguyễn Văn An", "Phó Chủ tịch UBND xã", 1)
    assert s.unit_name == vw.w.ubnd_a.name
    assert s.managed_by == vw.w.ubnd_province  # the superior of the subject's agency


# CV2 -----------------------------------------------------------------------------------------


def test_cv2_third_place_is_refused_naming_the_other_two(vw) -> None:  # type: ignore[no-untyped-def]
    person = vw.subjects[0].person
    other_posts = []
    for code in ("x1", "x2"):
        pos = f.PositionFactory(code=code, name=f"Bí thư {code}")
        other_posts.append(f.AssignmentFactory(person=person, position=pos, agency=vw.w.ubnd_a))
    second = services.create_round(actor=vw.chair, title="Vòng Đảng ủy", authority=vw.w.ubnd_a)
    services.add_subject(actor=vw.chair, vote=second, assignment=other_posts[0])
    third = services.create_round(actor=vw.chair, title="Vòng Mặt trận", authority=vw.w.ubnd_a)
    with pytest.raises(VoteError) as err:
        services.add_subject(actor=vw.chair, vote=third, assignment=other_posts[1])
    assert "Lấy phiếu tín nhiệm năm 2026" in str(err.value) and "Vòng Đảng ủy" in str(err.value)
    assert "2 nơi" in str(err.value)


def test_cv2_cancelled_round_does_not_count_as_a_place(vw) -> None:  # type: ignore[no-untyped-def]
    person = vw.subjects[0].person
    pos = f.PositionFactory(code="y1", name="Bí thư")
    post = f.AssignmentFactory(person=person, position=pos, agency=vw.w.ubnd_a)
    second = services.create_round(actor=vw.chair, title="Vòng 2", authority=vw.w.ubnd_a)
    services.add_subject(actor=vw.chair, vote=second, assignment=post)
    services.cancel_round(actor=vw.chair, vote=second, reason="sai")
    third = services.create_round(actor=vw.chair, title="Vòng 3", authority=vw.w.ubnd_a)
    services.add_subject(actor=vw.chair, vote=third, assignment=post)
    assert len(selectors.person_places(person)) == 2


# CV3 -----------------------------------------------------------------------------------------


def test_cv3_vote_cannot_open_without_quorum_and_says_how_many_more(vw) -> None:  # type: ignore[no-untyped-def]
    for entry in vw.vote.roster.order_by("pk")[:3]:
        services.check_in(actor=vw.chair, entry=entry)
    services.elect_board(
        actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head, secretary=vw.voters[0].person
    )
    with pytest.raises(VoteError, match="còn thiếu 1 người"):
        services.open_vote(actor=vw.chair, vote=vw.vote, decision=OPENING_DECISION)
    services.check_in(actor=vw.chair, entry=vw.vote.roster.order_by("pk")[3])
    q = services.open_vote(actor=vw.chair, vote=vw.vote, decision=OPENING_DECISION)
    assert q.met and (q.convened, q.present) == (6, 4)
    vw.vote.refresh_from_db()
    assert vw.vote.status == RoundStatus.VOTING


def test_cv3_default_roster_from_leader_posts(world) -> None:  # type: ignore[no-untyped-def]
    vw = build(world)
    vote = services.create_round(actor=vw.chair, title="R", authority=world.ubnd_a, vote_day=D)
    added = services.fill_roster_from_positions(actor=vw.chair, vote=vote)
    assert added == 3  # the three leader posts of commune A
    assert {e.person.full_name for e in vote.roster.all()} == {s.full_name for s in vw.subjects}


# CV4 -----------------------------------------------------------------------------------------


def test_cv4_timeline_uses_legal_calendar_and_flags_late(vw) -> None:  # type: ignore[no-untyped-def]
    s = vw.subjects[0]
    services.upload_document(
        actor=vw.subject_user,
        subject=s,
        kind=DocumentKind.SELF_REPORT,
        file=ContentFile(b"%PDF-1.4", name="bc.pdf"),
        on=dt.date(2026, 10, 30),
    )
    services.upload_document(
        actor=vw.subject_user,
        subject=s,
        kind=DocumentKind.ASSETS,
        file=ContentFile(b"%PDF-1.4", name="kk.pdf"),
        on=dt.date(2026, 11, 2),
    )
    services.mark_dossiers_sent(actor=vw.chair, vote=vw.vote, on=dt.date(2026, 11, 4))
    voter = vw.vote.roster.first()
    services.request_clarification(
        actor=vw.voters[0],
        vote=vw.vote,
        voter=voter,
        subject=s,
        text="Làm rõ việc A",
        on=dt.date(2026, 11, 10),
    )
    vw.vote.refresh_from_db()
    items = selectors.timeline(vw.vote, today=dt.date(2026, 11, 12))
    by = {(i.step.step, i.who): i for i in items}
    # D = Fri 20/11/2026: D−20 = Sat 31/10 → moved back to Fri 30/10 (legal calendar reading)
    self_report = by[("self_report", "Nguyễn Văn An")]
    assert self_report.due == dt.date(2026, 10, 30)
    assert self_report.status == "late" and self_report.late  # declaration came on 2/11
    assert by[("self_report", "Trần Thị Bình")].status == "overdue"
    assert by[("dossier_sent", vw.w.ubnd_a.name)].status == "on_time"  # due 5/11
    clar = next(i for i in items if i.step.step == "clarification_request")
    assert clar.due == dt.date(2026, 11, 10) and clar.status == "on_time"
    expl = next(i for i in items if i.step.step == "supplementary_explanation")
    assert expl.due == dt.date(2026, 11, 17) and expl.status == "pending"
    assert {i.who for i in selectors.late_items(vw.vote, dt.date(2026, 11, 12))} >= {
        "Nguyễn Văn An",
        "Trần Thị Bình",
    }


# CV5 -----------------------------------------------------------------------------------------


def test_cv5_serials_are_recorded_but_never_linked_to_a_voter(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    serials = services.issue_ballots(
        actor=vw.head, vote=vote, count=40, confirmed_by=vw.voters[1], reason="Thử nghiệm"
    )
    assert len(set(serials)) == 40 and vote.serials.count() == 40
    assert serials != sorted(serials) or len(serials) < 2  # printed shuffled, not ascending
    fields = {fl.name for fl in vote.serials.model._meta.get_fields()}
    assert fields == {"id", "round", "serial"}


def test_cv5_code_works_once_and_ballot_carries_no_link(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    codes = services.issue_codes(actor=vw.head, vote=vote, count=3, confirmed_by=vw.voters[1])
    services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "2", "3"])
    with pytest.raises(VoteError, match="đã được dùng"):
        services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "1", "1"])
    with pytest.raises(VoteError):
        services.submit_electronic_ballot(vote=vote, code="AAAAA-BBBBB", lines=["1", "1", "1"])
    services.submit_electronic_ballot(
        vote=vote, code=codes[1].lower(), lines=["3", "", "2"], signature="Phạm Văn Ghi 2"
    )
    assert ElectronicBallot.objects.filter(round=vote).count() == 2
    assert VotingCode.objects.filter(round=vote, used=True).count() == 2
    # No timestamps, no code, no user on a ballot; no timestamps or ballot on a code.
    ballot_fields = {fl.name for fl in ElectronicBallot._meta.get_fields()}
    code_fields = {fl.name for fl in VotingCode._meta.get_fields()}
    assert ballot_fields == {"id", "round", "lines", "signature", "sealed"}
    assert code_fields == {"id", "round", "code_hash", "used", "voided"}
    assert not VotingCode.objects.filter(code_hash__icontains=codes[2].replace("-", "")).exists()
    # Nothing about the ballots or codes went into the audit trail.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert not any("ballot" in a and "issued" not in a for a in actions)
    assert not any(codes[0] in str(c) for c in AuditEntry.objects.values_list("changes", flat=True))


def test_cv5_code_refused_after_voting_closes(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    codes = services.issue_codes(actor=vw.head, vote=vote, count=1, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    with pytest.raises(VoteError, match="kết thúc"):
        services.submit_electronic_ballot(vote=vote, code=codes[0], lines=["1", "1", "1"])


# CV6 -----------------------------------------------------------------------------------------


def test_cv6_board_needs_three_and_only_members_count(vw) -> None:  # type: ignore[no-untyped-def]
    for entry in vw.vote.roster.all():
        services.check_in(actor=vw.chair, entry=entry)
    with pytest.raises(VoteError, match="ít nhất 3"):
        services.elect_board(actor=vw.chair, vote=vw.vote, users=vw.voters[:2], head=vw.head)
    services.elect_board(actor=vw.chair, vote=vw.vote, users=vw.board, head=vw.head)
    assert vw.vote.board.get(is_head=True).user == vw.head
    for user in vw.board:
        assert permissions.can_count(user, vw.vote)
    for user in [vw.chair, vw.voters[4], vw.w.alice, vw.w.root, vw.subject_user]:
        assert not permissions.can_count(user, vw.vote)


def test_cv6_vote_cannot_open_without_board(vw) -> None:  # type: ignore[no-untyped-def]
    for entry in vw.vote.roster.all():
        services.check_in(actor=vw.chair, entry=entry)
    with pytest.raises(VoteError, match="CV6"):
        services.open_vote(actor=vw.chair, vote=vw.vote)


# CV7, CV8, CV9 -------------------------------------------------------------------------------


def test_cv8_count_closes_with_exact_tally(vw) -> None:  # type: ignore[no-untyped-def]
    papers = [["1", "3", "X"], ["1", "3", "13"], ["2", "3", ""], ["3", "1", "1"], ["1", "3", "2"]]
    vote = counted_round(vw, papers)
    r1, r2, r3 = (SubjectResult.objects.get(subject=s) for s in vw.subjects)
    assert (r1.issued, r1.returned, r1.valid, r1.invalid) == (5, 5, 5, 0)
    assert (r1.high, r1.confidence, r1.low, r1.high_pct) == (3, 1, 1, "60.00")
    assert (r2.low, r2.outcome) == (4, "two_thirds_low")
    assert (r3.valid, r3.invalid) == (2, 3)
    assert r3.invalid_reasons == {"crossed_out": 1, "several_marks": 1, "no_mark": 1}
    assert vote.audit_hash and vote.audit_seq


def test_cv7_unissued_and_copied_serials_are_anomalies_needing_a_reason(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=3, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    entries = [
        (serials[0], ["1", "1", "1"]),
        (serials[0], ["3", "3", "3"]),
        ("999999", ["1", "1", "1"]),
    ]
    for i, (serial, lines) in enumerate(entries, start=1):
        services.enter_paper_ballot(
            actor=vw.head, vote=vote, seq=i, lines=lines, serial=serial, duplicate_ok=i == 2
        )
    with pytest.raises(VoteError, match="lý do"):
        services.close_count(actor=vw.head, vote=vote, on=D)
    services.close_count(actor=vw.head, vote=vote, on=D, reason="Phát hiện phiếu sao chép")
    vote.refresh_from_db()
    kinds = sorted(a["kind"] for a in vote.anomalies)
    assert kinds == ["serial_duplicate", "serial_not_issued"]
    r1 = SubjectResult.objects.get(subject=vw.subjects[0])
    assert (r1.valid, r1.invalid) == (0, 3)
    assert vote.reconciliation_reason == "Phát hiện phiếu sao chép"


def test_cv8_returned_over_issued_needs_a_reason(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["1", "1", "1"])
    with pytest.raises(VoteError, match="Số phiếu thu về"):
        services.close_count(actor=vw.head, vote=vote, on=D)


def test_cv9_convened_denominator_is_a_round_setting(vw) -> None:  # type: ignore[no-untyped-def]
    services.update_round(actor=vw.chair, vote=vw.vote, denominator="convened")
    papers = [["3", "1", "1"]] * 4 + [["1", "1", "1"]] * 2
    for entry in vw.vote.roster.all()[:4]:
        entry.present = True
        entry.save()
    vote = counted_round(vw, papers)
    r1 = SubjectResult.objects.get(subject=vw.subjects[0])
    assert vote.convened_count == 6
    assert r1.outcome == "two_thirds_low" and "triệu tập" in r1.why  # 4/6


# Double entry and no partial tally -----------------------------------------------------------


def test_double_entry_mismatch_must_be_resolved(world) -> None:  # type: ignore[no-untyped-def]
    vw = build(world, double_entry=True)
    vote = open_round(vw)
    serials = services.issue_ballots(actor=vw.head, vote=vote, count=2, confirmed_by=vw.voters[1])
    services.close_voting(actor=vw.head, vote=vote)
    a, b = vw.board[0], vw.board[1]
    for seq, lines in [(1, ["1", "2", "3"]), (2, ["2", "2", "2"])]:
        services.enter_paper_ballot(
            actor=a, vote=vote, seq=seq, lines=lines, serial=serials[seq - 1], pass_no=1
        )
    with pytest.raises(VoteError, match="hai thành viên khác nhau"):
        services.enter_paper_ballot(actor=a, vote=vote, seq=1, lines=["1", "2", "3"], pass_no=2)
    services.enter_paper_ballot(
        actor=b, vote=vote, seq=1, lines=["1", "2", "3"], serial=serials[0], pass_no=2
    )
    services.enter_paper_ballot(
        actor=b, vote=vote, seq=2, lines=["2", "3", "2"], serial=serials[1], pass_no=2
    )
    assert selectors.mismatches(vote) == [2]
    with pytest.raises(VoteError, match="chưa được đối chiếu"):
        services.close_count(actor=a, vote=vote, on=D)
    assert services.compare_passes(actor=a, vote=vote) == [2]
    with pytest.raises(VoteError, match="không khớp"):
        services.close_count(actor=a, vote=vote, on=D)
    services.enter_paper_ballot(
        actor=b, vote=vote, seq=2, lines=["2", "2", "2"], serial=serials[1], pass_no=2
    )
    services.close_count(actor=a, vote=vote, on=D)
    assert SubjectResult.objects.get(subject=vw.subjects[1]).confidence == 2


def test_no_partial_tally_while_voting_or_counting(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    with pytest.raises(PermissionError):
        selectors.full_count(vote)
    services.close_voting(actor=vw.head, vote=vote)
    services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["1", "1", "1"])
    # Progress tells how many were typed, nothing of what they say.
    p = selectors.progress(vote)
    assert p.paper_entered == {1: 1}
    assert not hasattr(p, "counts")
    for user in [vw.head, vw.w.root, vw.w.alice, vw.chair]:
        assert not any(permissions.can_see_result(user, s) for s in vw.subjects)


def test_paper_entry_refuses_bad_codes_and_wrong_line_count(vw) -> None:  # type: ignore[no-untyped-def]
    vote = open_round(vw)
    services.close_voting(actor=vw.head, vote=vote)
    with pytest.raises(VoteError, match="3 dòng"):
        services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["1", "1"])
    with pytest.raises(VoteError, match="Dòng 2"):
        services.enter_paper_ballot(actor=vw.head, vote=vote, seq=1, lines=["1", "4", "1"])
    assert not PaperEntry.objects.exists()


def test_cv2_person_page_lists_both_places(vw) -> None:  # type: ignore[no-untyped-def]
    person = vw.subjects[0].person
    pos = f.PositionFactory(code="z1", name="Bí thư Chi bộ")
    post = f.AssignmentFactory(person=person, position=pos, agency=vw.w.ubnd_a)
    second = services.create_round(actor=vw.chair, title="Vòng 2", authority=vw.w.ubnd_a)
    services.add_subject(actor=vw.chair, vote=second, assignment=post)
    assert [s.round for s in selectors.person_places(person)] == [vw.vote, second] or [
        s.round for s in selectors.person_places(person)
    ] == [second, vw.vote]
    assert VoteRound.objects.count() == 2


def test_cv10_offline_summary_carries_no_result(vw) -> None:  # type: ignore[no-untyped-def]
    import json
    from io import StringIO

    from django.core.management import call_command

    papers = [["1", "3", "2"], ["3", "3", "2"]]
    vote = counted_round(vw, papers)
    out = StringIO()
    call_command("vote", "summary", str(vote.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert (data["issued"], data["returned"], data["convened"], data["present"]) == (2, 2, 6, 6)
    assert data["audit"]["hash"] == vote.audit_hash
    text = out.getvalue()
    for word in ("thap", "low", "outcome", "why", "valid"):
        assert word not in text


def test_cv4_home_page_lists_late_items_for_the_organizer(vw, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from danchu.votes.home import provider

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 11, 12))
    items = provider(vw.chair)
    late = [i for i in items if i.late]
    assert late and all(i.rule == "CV4" for i in items)
    assert any("Nguyễn Văn An" in i.title for i in late)
    assert provider(vw.w.dave) == []
