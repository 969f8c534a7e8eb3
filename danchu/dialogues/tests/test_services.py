"""Services of dialogues and conferences: deadlines from recorded facts, documents issued,
audit entries, whole-input validation in Vietnamese (LD9, QD2, QD6, GR7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from danchu.accounts.models import Role
from danchu.audit.models import AuditEntry
from danchu.dialogues import selectors, services
from danchu.dialogues.models import MeetingKind, QuestionSource
from danchu.dialogues.rules import StepState
from danchu.documents import issuing
from danchu.testing import factories as f

D = dt.date


def _evidence() -> ContentFile[bytes]:
    return ContentFile(b"%PDF-1.4\n", name="ev.pdf")


DEC_15 = D(2026, 12, 15)
DEC_16 = D(2026, 12, 16)


def _dialogue(world: f.World, planned: D = DEC_15) -> services.Dialogue:
    return services.plan_dialogue(
        actor=world.bob,
        commune=world.commune_a,
        year=planned.year,
        planned_on=planned,
        place="Hội trường",
        topics="Đất đai",
    )


def test_ld9_plan_issues_the_plan_and_is_audited(world: f.World) -> None:
    d = _dialogue(world)
    doc = issuing.current(d, services.KIND_PLAN)
    assert doc is not None
    assert doc.number.endswith("/KH-UBND")
    assert AuditEntry.objects.filter(action="dialogues.dialogue.planned").exists()


def test_ld9_only_one_dialogue_per_commune_and_year(world: f.World) -> None:
    _dialogue(world)
    with pytest.raises(services.DialogueError) as refused:
        _dialogue(world, D(2026, 12, 20))
    assert "2026" in refused.value.problems[0]


def test_ld9_dialogue_day_must_be_in_its_year(world: f.World) -> None:
    with pytest.raises(services.DialogueError):
        services.plan_dialogue(
            actor=world.bob, commune=world.commune_a, year=2026, planned_on=D(2027, 1, 5)
        )


def test_qd2_other_communes_officer_cannot_plan(world: f.World) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_dialogue(
            actor=world.carol, commune=world.commune_a, year=2026, planned_on=D(2026, 12, 15)
        )


def test_ld9_public_question_anonymous_keeps_no_name_and_is_cleaned(world: f.World) -> None:
    d = _dialogue(world)
    with pytest.raises(services.DialogueError):
        services.submit_public_question(dialogue=d, text="Hỏi?")  # not yet open
    services.send_invitation(actor=world.bob, dialogue=d)
    q = services.submit_public_question(dialogue=d, text="  Cho ho\u0309i ve\u0302\u0300 đường  ")
    assert q.anonymous and q.asker == "" and q.source == QuestionSource.PUBLIC
    assert q.text == "Cho hỏi về đường"  # NFC, trimmed
    assert q.received_on == D(2026, 11, 22)
    entry = AuditEntry.objects.filter(action="dialogues.question.received").get()
    assert entry.actor is None and not entry.ip
    assert entry.target_id == str(d.pk)  # the dialogue, never the question


def test_ld9_public_question_refuses_control_characters_and_empty(world: f.World) -> None:
    d = _dialogue(world)
    services.send_invitation(actor=world.bob, dialogue=d)
    with pytest.raises(services.DialogueError) as refused:
        services.submit_public_question(dialogue=d, text="a\x00b", asker="x\x07")
    assert len(refused.value.problems) == 2
    with pytest.raises(services.DialogueError):
        services.submit_public_question(dialogue=d, text="   ")


def _held(world: f.World, today: D) -> services.Dialogue:
    d = _dialogue(world)
    services.send_invitation(actor=world.bob, dialogue=d)
    q = services.add_question(
        actor=world.bob, dialogue=d, text="Đường?", source=QuestionSource.VILLAGE
    )
    services.answer_question(actor=world.bob, question=q, answer="Quý II làm.")
    services.record_dialogue_held(actor=world.bob, dialogue=d, chair="Chủ tịch", attendees=50)
    return d


@pytest.mark.clock("2026-12-15 10:00")
def test_gr7_dialogue_held_in_december_then_report_met(world: f.World, clock) -> None:  # type: ignore[no-untyped-def]
    d = _held(world, D(2026, 12, 15))
    steps = {s.rule + s.title: s.state for s in selectors.dialogue_steps(d, D(2026, 12, 15))}
    assert list(steps.values())[:2] == [StepState.MET, StepState.MET]
    services.issue_record(actor=world.bob, dialogue=d)
    clock.move_to("2027-02-10 09:00")
    services.issue_report(actor=world.bob, dialogue=d)
    d.refresh_from_db()
    assert d.reported_on == D(2027, 2, 10)
    report = selectors.dialogue_steps(d, D(2027, 3, 5))[2]
    assert (report.rule, report.due, report.state) == ("GR7", D(2027, 2, 28), StepState.MET)
    assert issuing.current(d, services.KIND_REPORT) is not None


@pytest.mark.clock("2026-12-15 10:00")
def test_gr7_report_after_february_is_late(world: f.World, clock) -> None:  # type: ignore[no-untyped-def]
    d = _held(world, D(2026, 12, 15))
    clock.move_to("2027-03-02 09:00")
    assert selectors.dialogue_steps(d, D(2027, 3, 2))[2].state == StepState.MISSED
    services.issue_report(actor=world.bob, dialogue=d)
    d.refresh_from_db()
    assert selectors.dialogue_steps(d, D(2027, 3, 2))[2].state == StepState.LATE


def test_gr7_dialogue_held_in_november_is_late_for_gr7_but_meets_ld9(world: f.World) -> None:
    d = _held(world, D(2026, 11, 22))
    ld9, gr7, _ = selectors.dialogue_steps(d, D(2026, 11, 22))
    assert ld9.state == StepState.MET
    assert gr7.state == StepState.LATE


def test_ld9_back_dated_held_day_needs_reason_and_evidence(world: f.World) -> None:
    d = _dialogue(world, D(2026, 11, 20))
    with pytest.raises(services.DialogueError) as refused:
        services.record_dialogue_held(
            actor=world.bob, dialogue=d, held_on=D(2026, 11, 20), chair=""
        )
    assert len(refused.value.problems) == 3  # reason, evidence, chair
    with pytest.raises(services.DialogueError):
        services.record_dialogue_held(
            actor=world.bob, dialogue=d, held_on=D(2026, 11, 25), chair="A"
        )  # future
    services.record_dialogue_held(
        actor=world.bob,
        dialogue=d,
        held_on=D(2026, 11, 20),
        reason="Hồ sơ giấy",
        evidence=_evidence(),
        chair="A",
    )
    d.refresh_from_db()
    assert d.held_on == D(2026, 11, 20) and d.held_recorded_on == D(2026, 11, 22)


def test_gr7_commitment_deadline_tracked(world: f.World, clock) -> None:  # type: ignore[no-untyped-def]
    d = _held(world, D(2026, 11, 22))
    with pytest.raises(services.DialogueError):
        services.add_commitment(
            actor=world.bob, dialogue=d, text="X", responsible="Y", due_on=D(2026, 11, 1)
        )
    c = services.add_commitment(
        actor=world.bob, dialogue=d, text="Sửa đường", responsible="Phó CT", due_on=D(2026, 12, 1)
    )
    assert selectors.commitment_state(c, D(2026, 11, 22)) == StepState.IN_PROGRESS
    assert selectors.commitment_state(c, D(2026, 12, 2)) == StepState.MISSED
    clock.move_to("2026-12-03 09:00")
    services.complete_commitment(actor=world.bob, commitment=c, note="Xong")
    c.refresh_from_db()
    assert selectors.commitment_state(c, D(2026, 12, 3)) == StepState.LATE


def _conference(world: f.World, day: D = DEC_16) -> services.VillageConference:
    return services.plan_conference(
        actor=world.bob, village=world.village_a1, year=day.year, planned_on=day
    )


def test_ld9_village_head_runs_own_village_conference(world: f.World) -> None:
    head = f.UserFactory(username="vh")
    f.give_role(head, Role.VILLAGE_HEAD, world.village_a1)
    c = services.plan_conference(
        actor=head, village=world.village_a1, year=2026, planned_on=D(2026, 12, 16)
    )
    assert c.commune == world.commune_a
    with pytest.raises(PermissionDenied):
        services.give_notice(actor=world.carol, conference=c)


def test_ld9_notice_five_days_before_is_met(world: f.World) -> None:
    c = _conference(world, D(2026, 11, 30))  # Monday: the notice is due by Wednesday 25/11
    services.give_notice(actor=world.bob, conference=c)
    notice = selectors.conference_steps(c, D(2026, 11, 22))[0]
    assert (notice.rule, notice.state) == ("LD9", StepState.MET)
    assert issuing.current(c, services.KIND_NOTICE) is not None


def test_ld9_notice_fewer_than_five_days_before_is_late(world: f.World) -> None:
    c = _conference(world, D(2026, 11, 25))
    services.give_notice(actor=world.bob, conference=c)
    c.refresh_from_db()
    assert selectors.conference_steps(c, D(2026, 11, 22))[0].state == StepState.LATE


def test_ld9_notice_never_given_is_missed(world: f.World) -> None:
    c = _conference(world, D(2026, 11, 30))
    assert selectors.conference_steps(c, D(2026, 11, 22))[0].state == StepState.IN_PROGRESS
    assert selectors.conference_steps(c, D(2026, 11, 26))[0].state == StepState.MISSED


def test_ld9_conference_needs_three_reports_and_reports_to_commune(world: f.World, clock) -> None:  # type: ignore[no-untyped-def]
    c = _conference(world, D(2026, 11, 30))
    services.give_notice(actor=world.bob, conference=c)
    clock.move_to("2026-11-30 15:00")
    with pytest.raises(services.DialogueError) as refused:
        services.record_conference(actor=world.bob, conference=c, head_report="Báo cáo")
    assert len(refused.value.problems) == 2
    services.record_conference(
        actor=world.bob,
        conference=c,
        households_present=40,
        head_report="Trưởng thôn",
        front_report="Mặt trận",
        inspection_member="Lò Văn Minh",
        inspection_report="Ban TTND",
    )
    report = selectors.conference_steps(c, D(2026, 11, 30))[2]
    assert (report.due, report.state) == (D(2026, 12, 7), StepState.IN_PROGRESS)
    clock.move_to("2026-12-08 09:00")
    assert selectors.conference_steps(c, D(2026, 12, 8))[2].state == StepState.MISSED
    doc = services.send_conference_report(actor=world.bob, conference=c)
    assert "Ủy ban MTTQ" in str(doc.figures) or doc.pk
    c.refresh_from_db()
    assert selectors.conference_steps(c, D(2026, 12, 8))[2].state == StepState.LATE


def test_qd6_staff_conference_held_issues_minutes(world: f.World) -> None:
    m = services.plan_staff_meeting(
        actor=world.bob,
        agency=world.ubnd_a,
        kind=MeetingKind.STAFF_CONFERENCE,
        year=2026,
        planned_on=D(2026, 11, 22),
    )
    assert selectors.staff_steps(m, D(2026, 11, 22))[0].state == StepState.IN_PROGRESS
    with pytest.raises(services.DialogueError) as refused:
        services.record_staff_meeting(actor=world.bob, meeting=m, chair="CT")
    assert len(refused.value.problems) == 2  # results and targets
    services.record_staff_meeting(
        actor=world.bob, meeting=m, chair="CT", participants=20, results="18/20", targets="100%"
    )
    m.refresh_from_db()
    step = selectors.staff_steps(m, D(2026, 11, 22))[0]
    assert (step.rule, step.state) == ("QD6", StepState.MET)
    assert issuing.current(m, services.KIND_STAFF_MINUTES) is not None


def test_qd2_staff_dialogue_missed_after_the_year(world: f.World) -> None:
    m = services.plan_staff_meeting(
        actor=world.bob,
        agency=world.ubnd_a,
        kind=MeetingKind.STAFF_DIALOGUE,
        year=2026,
        planned_on=D(2026, 12, 28),
    )
    step = selectors.staff_steps(m, D(2027, 1, 1))[0]
    assert (step.rule, step.state) == ("QD2", StepState.MISSED)
    with pytest.raises(services.DialogueError):
        services.plan_staff_meeting(
            actor=world.bob,
            agency=world.ubnd_a,
            kind=MeetingKind.STAFF_DIALOGUE,
            year=2026,
            planned_on=D(2026, 12, 1),
        )
    with pytest.raises(PermissionDenied):
        services.plan_staff_meeting(
            actor=world.carol,
            agency=world.ubnd_a,
            kind=MeetingKind.STAFF_CONFERENCE,
            year=2026,
            planned_on=D(2026, 12, 1),
        )


def test_ld9_conference_shows_the_village_inspection_board_member_on_record(
    world: f.World,
) -> None:
    from danchu.oversight.models import BoardMember, InspectionBoard

    board = InspectionBoard.objects.create(
        commune=world.commune_a,
        term_starts_on=D(2025, 1, 1),
        term_ends_on=D(2027, 12, 31),
        created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    person = f.PersonFactory(full_name="Lò Văn Minh", home_unit=world.village_a1)
    BoardMember.objects.create(
        board=board,
        person=person,
        village=world.village_a1,
        elected_on=D(2025, 1, 10),
        recorded_on=D(2025, 1, 10),
    )
    c = _conference(world)
    assert c.inspection_member == "Lò Văn Minh"
    typed = services.plan_conference(
        actor=world.bob,
        village=world.village_a1,
        year=2027,
        planned_on=D(2027, 12, 10),
        inspection_member="Người khác",
    )
    assert typed.inspection_member == "Người khác"
