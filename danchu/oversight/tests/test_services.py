"""LD11, LD12, QD3 through the services: the rules hold on recorded facts, each write audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.audit.models import AuditEntry
from danchu.disclosures.models import Disclosure
from danchu.documents.models import IssuedDocument
from danchu.oversight import rules, selectors, services
from danchu.oversight.models import Recommendation
from danchu.oversight.rules import InspectionKind, Officer, Origin, StepState, TargetKind
from danchu.oversight.services import FindingInput, MemberInput, OversightError
from danchu.oversight.tests.conftest import Place, make_board
from danchu.residents.models import Decision
from danchu.testing import factories as f
from danchu.units.models import AgencyKind

pytestmark = pytest.mark.django_db


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


# ---- LD11 ------------------------------------------------------------------------------------


def test_ld11_only_the_front_committee_sets_up_the_board(place: Place) -> None:
    with pytest.raises(PermissionDenied):
        services.create_board(
            actor=place.chairman,
            commune=place.commune,
            term_starts_on=dt.date(2025, 1, 1),
            term_ends_on=dt.date(2027, 12, 31),
        )
    board = make_board(place, members=0)
    assert AuditEntry.objects.filter(action="oversight.board.created").count() == 1
    assert board.deputies_allowed == 2


def test_ld11_member_refused_when_commune_staff_in_the_people_records(place: Place) -> None:
    board = make_board(place, members=0)
    staff = place.people[1]
    f.AssignmentFactory(person=staff, agency=place.world.ubnd_a, start_date=dt.date(2024, 1, 1))
    with pytest.raises(OversightError) as refused:
        services.elect_member(
            actor=place.front,
            board=board,
            person=staff,
            village=place.villages[1],
            minutes_ref="BB 01",
        )
    assert any("LD11" in p and "không chuyên trách" in p for p in refused.value.problems)


def test_ld11_member_refused_when_not_a_permanent_resident(place: Place) -> None:
    board = make_board(place, members=0)
    elsewhere = f.PersonFactory(full_name="Trần Văn Xa", home_unit=place.world.commune_b)
    with pytest.raises(OversightError) as refused:
        services.elect_member(
            actor=place.front,
            board=board,
            person=elsewhere,
            village=place.villages[0],
            minutes_ref="BB 01",
        )
    assert any("không thường trú" in p for p in refused.value.problems)


def test_ld11_member_needs_the_village_decision_or_the_minutes(place: Place) -> None:
    board = make_board(place, members=0)
    with pytest.raises(OversightError) as refused:
        services.elect_member(
            actor=place.front, board=board, person=place.people[0], village=place.villages[0]
        )
    assert any("LD11" in p for p in refused.value.problems)
    member = services.elect_member(
        actor=place.front,
        board=board,
        person=place.people[0],
        village=place.villages[0],
        minutes=_pdf(),
    )
    assert member.minutes.name.startswith("oversight/evidence/")


def _decision(place: Place, matter: str, passed: bool = True) -> Decision:
    return Decision.objects.create(
        commune=place.commune,
        village=place.villages[0],
        scope="thon",
        matter=matter,
        title="Bầu thành viên Ban Thanh tra nhân dân",
        content="Bầu",
        proposer="truong_thon",
        proposed_on=dt.date(2026, 10, 1),
        status="recognised" if passed else "not_passed",
        held_on=dt.date(2026, 10, 10),
        passed=passed,
        created_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
    )


def test_ld11_member_linked_to_the_villages_decision_of_matter_5(place: Place) -> None:
    board = make_board(place, members=0)
    wrong = _decision(place, "khac")
    with pytest.raises(OversightError) as refused:
        services.elect_member(
            actor=place.front,
            board=board,
            person=place.people[0],
            village=place.villages[0],
            decision=wrong,
        )
    assert any("mục 5" in p for p in refused.value.problems)
    failed = _decision(place, "thanh_vien_ban", passed=False)
    with pytest.raises(OversightError):
        services.elect_member(
            actor=place.front,
            board=board,
            person=place.people[0],
            village=place.villages[0],
            decision=failed,
        )
    good = _decision(place, "thanh_vien_ban")
    member = services.elect_member(
        actor=place.front,
        board=board,
        person=place.people[0],
        village=place.villages[0],
        decision=good,
        elected_on=dt.date(2026, 10, 10),
        reason="Hội nghị trước khi có nền tảng",
    )
    assert member.decision == good
    assert member.reason


def test_ld11_board_of_at_most_about_one_member_per_village(place: Place) -> None:
    board = make_board(place, members=5)
    assert selectors.board_summary(board) == []  # 6 villages: 5 to 6 members
    services.elect_member(
        actor=place.front,
        board=board,
        person=place.people[5],
        village=place.villages[5],
        minutes_ref="BB 06",
    )
    extra = f.PersonFactory(full_name="Phạm Văn Thêm", home_unit=place.villages[0])
    with pytest.raises(OversightError) as refused:
        services.elect_member(
            actor=place.front,
            board=board,
            person=extra,
            village=place.villages[0],
            minutes_ref="BB 07",
        )
    assert any("LD11" in p for p in refused.value.problems)


def test_ld11_fewer_than_five_members_shown_as_a_problem(place: Place) -> None:
    board = make_board(place, members=4)
    assert any("ít nhất 05" in p for p in selectors.board_summary(board))


def test_ld11_second_head_refused(place: Place) -> None:
    board = make_board(place, members=1)
    with pytest.raises(OversightError) as refused:
        services.elect_member(
            actor=place.front,
            board=board,
            person=place.people[1],
            village=place.villages[1],
            officer=Officer.HEAD,
            minutes_ref="BB",
        )
    assert any("một Trưởng ban" in p for p in refused.value.problems)


@pytest.mark.parametrize(
    ("when", "needed"),
    [("2027-06-30 10:00", True), ("2027-07-01 10:00", False)],
)
def test_ld11_by_election_when_six_months_of_term_remain(
    place: Place,
    clock,
    when: str,
    needed: bool,  # type: ignore[no-untyped-def]
) -> None:
    board = make_board(place)
    member = board.members.get(person=place.people[2])
    clock.move_to(when)
    assert services.vacate_seat(actor=place.front, member=member, reason="Chuyển nơi ở") is needed
    member.refresh_from_db()
    assert member.left_on is not None


def test_ld11_plan_sent_late_is_recorded_and_shown_late(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    board = make_board(place)
    bi = services.plan_board_inspection(
        actor=place.member_user,
        board=board,
        subject="Việc thu, chi quỹ",
        target="UBND xã",
        inspection_on=dt.date(2026, 12, 7),
    )
    # due: 5 working days before Monday 7/12 = Monday 30/11
    assert selectors.plan_step(bi).due == dt.date(2026, 11, 30)
    assert selectors.plan_step(bi).state == StepState.IN_PROGRESS
    clock.move_to("2026-12-01 09:00")
    assert selectors.plan_step(bi).state == StepState.MISSED
    services.send_plan(actor=place.member_user, inspection=bi)
    bi.refresh_from_db()
    assert bi.plan_sent_on == dt.date(2026, 12, 1)
    assert selectors.plan_step(bi).state == StepState.LATE
    assert IssuedDocument.objects.filter(kind="oversight.board_plan").count() == 1
    entry = AuditEntry.objects.filter(action="oversight.inspection.plan_sent").get()
    assert entry.changes["late"] is True


def test_ld11_plan_notice_counts_working_days_past_a_day_off(place: Place) -> None:
    board = make_board(place)
    bi = services.plan_board_inspection(
        actor=place.front,
        board=board,
        subject="Quỹ",
        target="UBND xã",
        inspection_on=dt.date(2026, 11, 30),
    )
    # back from Monday 30/11: 27, 26, 25, then 24/11 is a day off (TM4), 23, 20
    assert selectors.plan_step(bi).due == dt.date(2026, 11, 20)
    assert selectors.plan_step(bi).state == StepState.MISSED


def test_ld11_plan_sent_on_time(place: Place) -> None:
    board = make_board(place)
    bi = services.plan_board_inspection(
        actor=place.front,
        board=board,
        subject="Quỹ",
        target="UBND xã",
        inspection_on=dt.date(2026, 12, 7),
    )
    services.send_plan(actor=place.front, inspection=bi)
    assert selectors.plan_step(bi).state == StepState.MET


def test_ld11_outsider_cannot_plan(place: Place) -> None:
    board = make_board(place)
    with pytest.raises(PermissionDenied):
        services.plan_board_inspection(
            actor=place.chairman,
            board=board,
            subject="Quỹ",
            target="UBND xã",
            inspection_on=dt.date(2026, 12, 7),
        )


def _reported(place: Place, clock) -> Recommendation:  # type: ignore[no-untyped-def]
    board = make_board(place)
    bi = services.plan_board_inspection(
        actor=place.front,
        board=board,
        subject="Quỹ",
        target="UBND xã",
        inspection_on=dt.date(2026, 12, 7),
    )
    services.send_plan(actor=place.front, inspection=bi)
    clock.move_to("2026-12-07 15:00")
    services.report_board_findings(
        actor=place.member_user,
        inspection=bi,
        findings="Chưa công khai quyết toán quỹ.",
        recommendations=["Công khai quyết toán quỹ năm 2025."],
    )
    return bi.recommendations.get()


def test_ld11_commune_answers_within_15_days_met(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    rec = _reported(place, clock)
    assert rec.received_on == dt.date(2026, 12, 7)
    assert rec.due_on == dt.date(2026, 12, 22)
    with pytest.raises(PermissionDenied):
        services.answer_recommendation(actor=place.front, recommendation=rec, answer="Đã làm")
    clock.move_to("2026-12-22 16:00")
    services.answer_recommendation(
        actor=place.chairman, recommendation=rec, answer="Đã niêm yết quyết toán quỹ."
    )
    rec.refresh_from_db()
    assert selectors.answer_step(rec).state == StepState.MET
    assert rec.answer_document is not None
    assert rec.answer_document.number == "01/CV-UBND"


def test_ld11_commune_answer_missed_then_late(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    rec = _reported(place, clock)
    clock.move_to("2026-12-20 09:00")
    assert selectors.answer_step(rec).state == StepState.IN_PROGRESS
    assert rules.answer_needs_reminder(rec.due_on, None, dt.date(2026, 12, 20))
    clock.move_to("2026-12-23 09:00")
    assert selectors.answer_step(rec).state == StepState.MISSED
    services.answer_recommendation(actor=place.chairman, recommendation=rec, answer="Đã làm.")
    rec.refresh_from_db()
    assert selectors.answer_step(rec).state == StepState.LATE


def test_ld11_backdated_answer_needs_reason_and_evidence(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    rec = _reported(place, clock)
    clock.move_to("2026-12-28 09:00")
    with pytest.raises(OversightError) as refused:
        services.answer_recommendation(
            actor=place.chairman, recommendation=rec, answer="Đã làm.", on=dt.date(2026, 12, 20)
        )
    assert len(refused.value.problems) == 2
    with pytest.raises(OversightError):
        services.answer_recommendation(
            actor=place.chairman, recommendation=rec, answer="Đã làm.", on=dt.date(2026, 12, 30)
        )
    services.answer_recommendation(
        actor=place.chairman,
        recommendation=rec,
        answer="Đã làm.",
        on=dt.date(2026, 12, 20),
        reason="Trả lời bằng giấy",
        evidence=_pdf(),
    )
    rec.refresh_from_db()
    assert selectors.answer_step(rec).state == StepState.MET


def test_ld11_findings_text_refuses_control_characters(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    board = make_board(place)
    bi = services.plan_board_inspection(
        actor=place.front,
        board=board,
        subject="Quỹ",
        target="UBND xã",
        inspection_on=dt.date(2026, 11, 23),
    )
    clock.move_to("2026-11-23 15:00")
    with pytest.raises(OversightError) as refused:
        services.report_board_findings(
            actor=place.front, inspection=bi, findings="a\x00b", recommendations=["x\x07"]
        )
    assert len(refused.value.problems) == 2
    assert not Recommendation.objects.exists()


# ---- LD12 ------------------------------------------------------------------------------------


def _project(place: Place) -> object:
    return services.create_project(
        actor=place.front,
        commune=place.commune,
        name="Đường bê tông thôn 1–2",
        kind=rules.ProjectKind.PUBLIC,
        investor="UBND xã An Hòa",
        funding="Ngân sách xã",
        villages=place.villages[:2],
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2027, 6, 30),
        amount=2_500_000_000,
        contractors=["Công ty XD Hòa Bình"],
    )


def _members(place: Place, n_residents: int = 3, declared: bool = True) -> list[MemberInput]:
    return [
        MemberInput("Nguyễn Mặt Trận", Origin.FRONT, Officer.HEAD, declared, True),
        MemberInput("Lê Thanh Tra", Origin.INSPECTION_BOARD, Officer.DEPUTY, True, True),
        *[
            MemberInput(
                f"Dân {i}", Origin.RESIDENT, Officer.MEMBER, True, True, village=place.villages[0]
            )
            for i in range(n_residents)
        ],
    ]


def test_ld12_board_needs_five_members_and_every_declaration(place: Place) -> None:
    project = _project(place)
    with pytest.raises(OversightError) as refused:
        services.set_up_supervision_board(
            actor=place.front, project=project, members=_members(place, 2)
        )
    assert any("ít nhất 05" in p for p in refused.value.problems)
    with pytest.raises(OversightError) as refused:
        services.set_up_supervision_board(
            actor=place.front, project=project, members=_members(place, 3, declared=False)
        )
    assert any("người thân" in p for p in refused.value.problems)
    with pytest.raises(PermissionDenied):
        services.set_up_supervision_board(
            actor=place.chairman, project=project, members=_members(place)
        )
    board = services.set_up_supervision_board(
        actor=place.front, project=project, members=_members(place)
    )
    assert board.members.count() == 5


def test_ld12_resident_representative_from_an_affected_village(place: Place) -> None:
    project = _project(place)
    members = _members(place)
    members[2] = MemberInput(
        "Dân xa", Origin.RESIDENT, Officer.MEMBER, True, True, village=place.villages[4]
    )
    with pytest.raises(OversightError) as refused:
        services.set_up_supervision_board(actor=place.front, project=project, members=members)
    assert any("thôn chịu tác động" in p for p in refused.value.problems)


def test_ld12_investor_told_45_days_before_met_and_late(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    project = _project(place)
    services.set_up_supervision_board(actor=place.front, project=project, members=_members(place))
    on_time = services.plan_supervision(
        actor=place.front, project=project, supervision_on=dt.date(2027, 1, 8), content="Tiến độ"
    )
    late = services.plan_supervision(
        actor=place.front, project=project, supervision_on=dt.date(2026, 12, 30), content="Vật liệu"
    )
    # 8/1/2027 − 45 = 24/11/2026, a day off → 23/11; 30/12 − 45 = 15/11 already passed
    assert selectors.investor_step(on_time).due == dt.date(2026, 11, 23)
    assert selectors.investor_step(on_time).state == StepState.IN_PROGRESS
    assert selectors.investor_step(late).state == StepState.MISSED
    services.notify_investor(actor=place.front, supervision=on_time)
    services.notify_investor(actor=place.front, supervision=late)
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert selectors.investor_step(on_time).state == StepState.MET
    assert selectors.investor_step(late).state == StepState.LATE
    assert IssuedDocument.objects.filter(kind="oversight.investor_notice").count() == 2


def test_ld12_findings_with_suspension_answered_within_15_days(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    project = _project(place)
    services.set_up_supervision_board(actor=place.front, project=project, members=_members(place))
    s = services.plan_supervision(
        actor=place.front, project=project, supervision_on=dt.date(2027, 1, 6), content="Tiến độ"
    )
    clock.move_to("2027-01-06 15:00")
    services.report_supervision(
        actor=place.front,
        supervision=s,
        findings="Sai thiết kế.",
        recommendations=[("Tạm dừng thi công đoạn 2.", True)],
    )
    rec = s.recommendations.get()
    assert rec.rule == "LD12" and rec.suspension
    assert rec.due_on == dt.date(2027, 1, 21)
    clock.move_to("2027-01-22 09:00")
    assert selectors.answer_step(rec).state == StepState.MISSED


def test_ld12_board_dissolved_when_the_project_ends(place: Place) -> None:
    project = _project(place)
    services.set_up_supervision_board(actor=place.front, project=project, members=_members(place))
    services.end_project(actor=place.front, project=project)
    project.board.refresh_from_db()
    assert project.board.dissolved_on == dt.date(2026, 11, 22)
    with pytest.raises(OversightError):
        services.plan_supervision(
            actor=place.front,
            project=project,
            supervision_on=dt.date(2027, 1, 6),
            content="Tiến độ",
        )


# ---- QD3 -------------------------------------------------------------------------------------


def _inspection(place: Place, target_kind: TargetKind = TargetKind.PEOPLES_COMMITTEE) -> object:
    return services.plan_inspection(
        actor=place.world.alice,
        inspecting_unit=place.world.province,
        target_unit=place.commune,
        target_kind=target_kind,
        target_name="UBND xã An Hòa",
        kind=InspectionKind.PERIODIC,
        title="Kiểm tra thực hiện dân chủ ở cơ sở 2026",
        planned_on=dt.date(2026, 11, 20),
        team=["Nguyễn Văn Trưởng đoàn", "Lê Thị Thành viên"],
    )


def test_qd3_conclusion_issued_frozen_and_in_the_register_as_category_10(place: Place) -> None:
    inspection = _inspection(place)
    doc = services.conclude_inspection(
        actor=place.world.alice,
        inspection=inspection,
        findings=[
            FindingInput("LD1", False, "Chưa niêm yết phí, lệ phí tại thôn."),
            FindingInput("ld8", True, "Lấy ý kiến đủ 20 ngày."),
        ],
        recommendations=[("Niêm yết phí, lệ phí tại các thôn.", dt.date(2026, 12, 31))],
    )
    assert doc.kind == "oversight.conclusion"
    assert doc.number.endswith("/KL-UBND")
    disclosure = Disclosure.objects.get(
        source_ref=f"oversight.inspection#{inspection.pk}:conclusion"
    )
    assert disclosure.category == 10
    assert disclosure.source == "inspection"  # labelled as the inspection's, not the office's
    assert disclosure.commune == place.commune
    assert disclosure.document == doc
    assert [f.rule for f in inspection.findings.all()] == ["LD1", "LD8"]
    with pytest.raises(OversightError):
        services.conclude_inspection(
            actor=place.world.alice,
            inspection=inspection,
            findings=[FindingInput("LD1", True, "x")],
            recommendations=[],
        )


def test_qd3_conclusion_on_a_public_unit_not_in_the_register(place: Place) -> None:
    inspection = _inspection(place, TargetKind.PUBLIC_UNIT)
    services.conclude_inspection(
        actor=place.world.alice,
        inspection=inspection,
        findings=[FindingInput("LD1", True, "Đủ.")],
        recommendations=[],
    )
    assert not Disclosure.objects.exists()


def test_qd3_bad_findings_reported_each_and_nothing_written(place: Place) -> None:
    inspection = _inspection(place)
    with pytest.raises(OversightError) as refused:
        services.conclude_inspection(
            actor=place.world.alice,
            inspection=inspection,
            findings=[FindingInput("Điều 11", False, "x"), FindingInput("LD1", True, "")],
            recommendations=[("Làm ngay", dt.date(2026, 11, 1))],
        )
    assert len(refused.value.problems) == 3
    assert not IssuedDocument.objects.exists()
    assert not inspection.findings.exists()


def test_qd3_follow_up_by_the_deadline(place: Place, clock) -> None:  # type: ignore[no-untyped-def]
    inspection = _inspection(place)
    services.conclude_inspection(
        actor=place.world.alice,
        inspection=inspection,
        findings=[FindingInput("LD1", False, "Chưa niêm yết.")],
        recommendations=[("Niêm yết.", dt.date(2026, 12, 31))],
    )
    rec = inspection.recommendations.get()
    assert rec.rule == "QD3" and rec.commune == place.commune
    clock.move_to("2027-01-04 09:00")
    assert selectors.answer_step(rec).state == StepState.MISSED
    services.answer_recommendation(actor=place.chairman, recommendation=rec, answer="Đã niêm yết.")
    rec.refresh_from_db()
    assert selectors.answer_step(rec).state == StepState.LATE


def test_qd3_self_inspection_only_on_oneself_and_by_the_unit(place: Place) -> None:
    with pytest.raises(OversightError):
        services.plan_inspection(
            actor=place.chairman,
            inspecting_unit=place.commune,
            target_unit=place.commune,
            target_kind=TargetKind.PEOPLES_COMMITTEE,
            target_name="UBND xã",
            kind=InspectionKind.PERIODIC,
            title="Tự kiểm tra",
            planned_on=dt.date(2026, 12, 1),
            team=["A"],
        )
    services.plan_inspection(
        actor=place.chairman,
        inspecting_unit=place.commune,
        target_unit=place.commune,
        target_kind=TargetKind.PEOPLES_COMMITTEE,
        target_name="UBND xã",
        kind=InspectionKind.SELF,
        title="Tự kiểm tra",
        planned_on=dt.date(2026, 12, 1),
        team=["A"],
    )
    with pytest.raises(PermissionDenied):
        services.plan_inspection(
            actor=place.chairman,
            inspecting_unit=place.world.province,
            target_unit=place.commune,
            target_kind=TargetKind.PEOPLES_COMMITTEE,
            target_name="UBND xã",
            kind=InspectionKind.PERIODIC,
            title="x",
            planned_on=dt.date(2026, 12, 1),
            team=["A"],
        )
    assert AgencyKind.UBND


def test_ld11_board_plans_and_reports_to_the_front_issued(place: Place) -> None:
    board = make_board(place)
    paper = services.issue_board_paper(
        actor=place.member_user,
        board=board,
        is_plan=True,
        period=rules.Period.QUARTER,
        year=2027,
        part=1,
        content="Kiểm tra việc thu quỹ.",
    )
    assert paper.document is not None and paper.document.kind == "oversight.board_paper"
    with pytest.raises(OversightError):
        services.issue_board_paper(
            actor=place.front,
            board=board,
            is_plan=True,
            period=rules.Period.AD_HOC,
            year=2027,
            content="x",
        )
    with pytest.raises(PermissionDenied):
        services.issue_board_paper(
            actor=place.chairman,
            board=board,
            is_plan=False,
            period=rules.Period.YEAR,
            year=2026,
            content="x",
        )
    from django.urls import reverse

    url = reverse("oversight:document", args=[paper.document.pk, "pdf"])
    assert f.client_for(place.front).get(url).status_code == 200
    assert f.client_for(place.outsider).get(url).status_code == 404
