"""Services on a real database: SV1–SV8 end to end."""

from __future__ import annotations

import pytest

from danchu.accounts import access
from danchu.accounts.models import Role
from danchu.audit.models import AuditEntry
from danchu.surveys import rules, selectors, services
from danchu.surveys.models import Flag, Form, FormTemplate, OnlineCode, Subject
from danchu.surveys.services import FormData, SurveyError
from danchu.surveys.tests.helpers import (
    REPORT_BEFORE,
    SURVEY_ON,
    D,
    add_forms,
    commune,
    hold,
    make_round,
    on_day,
    send_report,
    transfer,
)
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


def test_sv1_round_lists_the_six_positions_as_data(world) -> None:
    round_ = make_round(world)
    codes = {rp.position.code: rp.low_contact for rp in round_.positions.all()}
    assert codes == {p.code: p.low_contact for p in rules.SEED_POSITIONS}
    assert round_.communes.count() == 2
    assert AuditEntry.objects.filter(action="surveys.round.created").count() == 1


def test_sv1_seed_positions_match_people_seed() -> None:
    from danchu.people import seed

    assert {p.code for p in rules.SEED_POSITIONS} == set(seed.SV1_POSITION_CODES)
    assert {p.code for p in rules.SEED_POSITIONS if p.low_contact} == set(
        seed.SV3_LOW_CONTACT_CODES
    )


def test_sv8_round_needs_district_or_province_and_one_per_year(world) -> None:
    make_round(world)
    with pytest.raises(SurveyError) as exc:
        make_round(world)
    assert "đã có kế hoạch" in str(exc.value)
    with pytest.raises(SurveyError):
        services.create_round(
            actor=world.alice,
            plan_unit=world.commune_a,
            year=2026,
            title="x",
            report_before=REPORT_BEFORE,
        )


def test_sv8_notice_recorded_and_checked(world) -> None:
    cs = commune(make_round(world), world.commune_a)
    with on_day(D(2026, 11, 1)), pytest.raises(SurveyError) as exc:
        services.record_notice(actor=world.bob, commune_survey=cs, survey_on=D(2026, 11, 26))
    assert "trước hạn báo cáo" in str(exc.value)
    with on_day(D(2026, 11, 1)):
        services.record_notice(actor=world.bob, commune_survey=cs, survey_on=SURVEY_ON)
    cs.refresh_from_db()
    assert cs.survey_on == SURVEY_ON


def _transfer_world(world):  # type: ignore[no-untyped-def]
    round_ = make_round(world)
    a, b = commune(round_, world.commune_a), commune(round_, world.commune_b)
    for cs in (a, b):
        with on_day(D(2026, 11, 1)):
            services.record_notice(actor=world.alice, commune_survey=cs, survey_on=SURVEY_ON)
    settled = hold("Nguyễn Thị Lâu", world.ubnd_a, "cs-tu-phap-ho-tich", D(2020, 1, 1))
    newcomer = hold("Trần Văn Mới", world.ubnd_a, "cs-dia-chinh", D(2026, 8, 1))
    old_post = hold(
        "Lê Văn Chuyển", world.ubnd_b, "cs-tai-chinh-ke-toan", D(2019, 1, 1), end=D(2026, 8, 31)
    )
    moved = transfer(old_post.person, world.ubnd_a, "cs-tai-chinh-ke-toan", D(2026, 9, 1))
    return round_, a, b, settled, newcomer, moved


def test_sv2_list_from_assignments_with_reasons_and_transfers(world) -> None:
    _round, a, b, settled, newcomer, moved = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    services.compute_subjects(actor=world.carol, commune_survey=b)
    by_person = {s.person_id: s for s in Subject.objects.all()}
    s1 = by_person[settled.person_id]
    assert s1.surveyed and s1.commune_survey == a and s1.reporting_unit == world.commune_a
    s2 = by_person[newcomer.person_id]
    assert not s2.surveyed and "dưới 6 tháng" in s2.reason
    s3 = by_person[moved.person_id]
    # transferred B → A on 1/9: surveyed by B, reported by A (SV2)
    assert s3.surveyed and s3.commune_survey == b and s3.reporting_unit == world.commune_a
    assert "xã cũ" in s3.reason
    reported_by_a = {s.person_id for s in selectors.subjects_reported_by(a)}
    assert reported_by_a == {settled.person_id, newcomer.person_id, moved.person_id}
    assert {s.person_id for s in selectors.subjects_reported_by(b)} == set()


def test_sv2_recompute_is_idempotent_and_keeps_quotas(world) -> None:
    _round, a, *_ = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    s = Subject.objects.get(commune_survey=a, surveyed=True)
    services.set_quota(actor=world.bob, subject=s, officials=40, citizens=100)
    change = services.compute_subjects(actor=world.bob, commune_survey=a)
    assert change.created == 0
    s.refresh_from_db()
    assert (s.officials_quota, s.citizens_quota) == (40, 100)


def test_sv3_sv4_proposed_split_then_refusal_names_the_range(world) -> None:
    _round, a, *_ = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    s = Subject.objects.get(commune_survey=a, surveyed=True)
    assert (s.officials_quota, s.citizens_quota) == (35, 85)  # proposed
    with pytest.raises(SurveyError) as exc:
        services.set_quota(actor=world.bob, subject=s, officials=55, citizens=100)
    assert exc.value.problems == [
        "SV4: tổng số phiếu của chức danh là 155, phải từ 100 đến 150 phiếu.",
        "SV3: phiếu của cán bộ, người hoạt động không chuyên trách (CB + KCT) là 55, phải trong "
        "khoảng 30–40 phiếu.",
    ]
    s.refresh_from_db()
    assert s.officials_quota == 35


def _committee(world, round_, unit, **extra):  # type: ignore[no-untyped-def]
    sec = f.UserFactory(username="thuky")
    members = [
        {"full_name": "Lê Văn Phó", "kind": "vice_chairman", "leader": True},
        {"full_name": "A Vương", "kind": "youth_secretary", "secretary": True, "user": sec},
        {"full_name": "Y Mai", "kind": "front"},
    ]
    return (
        services.set_committee(actor=world.bob, round_=round_, unit=unit, members=members, **extra),
        sec,
    )


def test_sv6_commune_committee_checked_and_gives_record_roles(world) -> None:
    round_ = make_round(world)
    with pytest.raises(SurveyError) as exc:
        services.set_committee(
            actor=world.bob,
            round_=round_,
            unit=world.commune_a,
            members=[{"full_name": "X", "kind": "front", "leader": True}],
        )
    assert any("từ 3 đến 5" in p for p in exc.value.problems)
    committee, sec = _committee(world, round_, world.commune_a, decision_number="12/QĐ-UBND")
    assert committee.problems() == []
    cs = commune(round_, world.commune_a)
    assert access.has_record_role(sec, [Role.SURVEY_SECRETARY], cs)


def test_sv6_district_committee_five_to_seven(world) -> None:
    round_ = make_round(world)
    members = [
        {"full_name": "A", "kind": "home_affairs_lead", "leader": True},
        {"full_name": "B", "kind": "inspectorate"},
        {"full_name": "C", "kind": "front"},
        {"full_name": "D", "kind": "party_organisation"},
    ]
    with pytest.raises(SurveyError):
        services.set_committee(
            actor=world.alice, round_=round_, unit=world.province, members=members
        )
    members.append({"full_name": "E", "kind": "home_affairs_officer", "secretary": True})
    committee = services.set_committee(
        actor=world.alice, round_=round_, unit=world.province, members=members
    )
    assert committee.level == "district" and committee.members.count() == 5


def test_sv5_template_versions_and_forms_keep_their_version(world) -> None:
    default = services.ensure_default_template()
    assert rules.template_problems(default.content) == []
    assert [s["code"] for s in default.sections] == ["a", "b", "c", "d"]
    _round, a, *_ = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    a.double_entry = False
    a.save()
    s = Subject.objects.get(commune_survey=a, surveyed=True)
    services.enter_paper_form(
        actor=world.bob,
        commune_survey=a,
        serial=f"S{s.pk}-001",
        data=FormData("ND", rules.Overall.TRUST, ("a4",)),
        collected_on=SURVEY_ON,
    )
    content = dict(default.content)
    content["sections"] = [*default.sections]
    content["sections"][3] = {
        **content["sections"][3],
        "items": [*content["sections"][3]["items"], {"code": "d3", "text": "Mới"}],
    }
    v2 = services.publish_template(
        actor=world.alice, province=world.province, content=content, note="thêm d3"
    )
    # Issue 20: numbered per province, after the default it used ("phiên bản 2")
    assert v2.version == default.version + 1 and v2.province == world.province
    # Issue 20: the first typed form fixed the round's version; "d3" is not on it
    with pytest.raises(SurveyError, match="d3"):
        services.enter_paper_form(
            actor=world.bob,
            commune_survey=a,
            serial=f"S{s.pk}-002",
            data=FormData("ND", rules.Overall.TRUST, ("d3",)),
            collected_on=SURVEY_ON,
        )
    services.enter_paper_form(
        actor=world.bob,
        commune_survey=a,
        serial=f"S{s.pk}-002",
        data=FormData("ND", rules.Overall.TRUST, ("d1",)),
        collected_on=SURVEY_ON,
    )
    versions = dict(Form.objects.values_list("serial", "template_id"))
    assert versions == {f"S{s.pk}-001": default.pk, f"S{s.pk}-002": default.pk}
    assert services.form_template_for(a).item_codes == default.item_codes
    broken = dict(content)
    broken["sections"] = content["sections"][:3]
    with pytest.raises(SurveyError):
        services.publish_template(actor=world.alice, province=world.province, content=broken)
    assert FormTemplate.objects.filter(province=world.province).count() == 1


def test_sv5_published_template_texts_are_nfc(world) -> None:
    import unicodedata

    content = services.seed_template_content()
    sections = [dict(s) for s in content["sections"]]
    decomposed = unicodedata.normalize("NFD", "Thái độ hách dịch")
    sections[0]["items"] = [*sections[0]["items"], {"code": "a99", "text": decomposed}]
    template = services.publish_template(
        actor=world.alice,
        province=world.province,
        content=content | {"sections": sections, "title": unicodedata.normalize("NFD", "Phiếu")},
    )
    template.refresh_from_db()
    item = template.content["sections"][0]["items"][-1]
    assert item["text"] == unicodedata.normalize("NFC", "Thái độ hách dịch") != decomposed
    assert template.title == template.content["title"] == "Phiếu"


def test_sv8_report_without_a_number_takes_the_next_bc_number(world) -> None:
    from danchu.documents.services import issue_number

    _round, a, b, *_ = _transfer_world(world)
    issue_number(agency=world.ubnd_a, symbol="QĐ", year=2026, actor=world.alice)
    for cs in (a, b):
        services.compute_subjects(actor=world.alice, commune_survey=cs)
    send_report(b, world.carol, D(2026, 11, 19), number=" 9/BC-UBND ")
    send_report(a, world.bob, D(2026, 11, 20))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.report_number == "02/BC-UBND"  # the commune's series: 01 went to a decision
    assert b.report_number == "9/BC-UBND"  # typed by hand: kept as typed


def test_double_entry_needs_two_people_who_agree(world) -> None:
    _round, a, *_ = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    s = Subject.objects.get(commune_survey=a, surveyed=True)
    serial = f"s{s.pk}-7"
    first = services.enter_paper_form(
        actor=world.bob,
        commune_survey=a,
        serial=serial,
        data=FormData("CB", rules.Overall.TRUST),
        collected_on=SURVEY_ON,
    )
    assert first.status == "first_pass" and not Form.objects.exists()
    with pytest.raises(SurveyError) as exc:
        services.enter_paper_form(
            actor=world.bob,
            commune_survey=a,
            serial=serial,
            data=FormData("CB", rules.Overall.TRUST),
            collected_on=SURVEY_ON,
        )
    assert "người khác" in str(exc.value)
    other = f.UserFactory(username="second")
    mismatch = services.enter_paper_form(
        actor=other,
        commune_survey=a,
        serial=serial,
        data=FormData("CB", rules.Overall.BOTH),
        collected_on=SURVEY_ON,
    )
    assert mismatch.status == "mismatch" and "Câu hỏi chung" in mismatch.differences[0]
    ok = services.enter_paper_form(
        actor=other,
        commune_survey=a,
        serial=serial,
        data=FormData("CB", rules.Overall.TRUST),
        collected_on=SURVEY_ON,
    )
    assert ok.status == "saved"
    form = Form.objects.get()
    assert form.serial == f"S{s.pk}-007" and form.valid
    with pytest.raises(SurveyError) as exc:
        services.enter_paper_form(
            actor=other,
            commune_survey=a,
            serial=f"S{s.pk}-999",
            data=FormData("CB", rules.Overall.TRUST),
            collected_on=SURVEY_ON,
        )
    assert "ngoài số phiếu đã in" in str(exc.value)


def test_sv7_validity_rule_applied_on_entry(world) -> None:
    _round, a, *_ = _transfer_world(world)
    a.double_entry = False
    a.save()
    services.compute_subjects(actor=world.bob, commune_survey=a)
    s = Subject.objects.get(commune_survey=a, surveyed=True)
    for i, overall in enumerate([rules.Overall.BLANK, rules.Overall.BOTH, rules.Overall.DISTRUST]):
        services.enter_paper_form(
            actor=world.bob,
            commune_survey=a,
            serial=f"S{s.pk}-{i + 1}",
            data=FormData("ND", overall),
            collected_on=SURVEY_ON,
        )
    t = selectors.tallies([s.pk])[s.pk]
    assert (t.collected, t.valid, t.invalid, t.trust) == (3, 1, 2, 0)


def test_online_code_works_once_and_form_does_not_point_to_it(world) -> None:
    _round, a, *_ = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    s = Subject.objects.get(commune_survey=a, surveyed=True)
    (code,) = services.issue_codes(actor=world.bob, subject=s, group="ND", count=1, today=SURVEY_ON)
    assert not OnlineCode.objects.filter(code_hash__icontains=code.replace("-", "")).exists()
    form = services.submit_online(
        code=code.lower(), overall=rules.Overall.TRUST, items=("b4",), today=SURVEY_ON
    )
    assert form.channel == "online" and form.group == "ND" and form.subject == s
    field_names = {f.name for f in Form._meta.get_fields()}
    assert not field_names & {"code", "user", "respondent", "created_at", "ip"}
    with pytest.raises(SurveyError):
        services.submit_online(code=code, overall=rules.Overall.TRUST, items=(), today=SURVEY_ON)
    # records hold, point 5: no audit entry per online form (counted once at the report)
    assert not AuditEntry.objects.filter(action="surveys.form.online").exists()
    assert not AuditEntry.objects.filter(target_id=str(form.pk)).exists()


def test_sv7_two_low_years_flag_follows_transfer_and_chairman_decides(world) -> None:
    # 2025: surveyed in commune B, low. 2026: transferred to A a year ago, low again.
    round_25 = make_round(world, year=2025)
    b25 = commune(round_25, world.commune_b)
    old = hold(
        "Đinh Văn Thấp", world.ubnd_b, "cs-tu-phap-ho-tich", D(2018, 1, 1), end=D(2025, 12, 31)
    )
    services.compute_subjects(actor=world.carol, commune_survey=b25)
    s25 = Subject.objects.get(commune_survey=b25, person=old.person)
    add_forms(s25, "ND", "1", 40)
    add_forms(s25, "ND", "0", 60)
    send_report(b25, world.carol, D(2025, 11, 20))
    assert not Flag.objects.exists()  # one low year only

    transfer(old.person, world.ubnd_a, "cs-tu-phap-ho-tich", D(2026, 1, 1))
    round_26 = make_round(world, year=2026)
    a26 = commune(round_26, world.commune_a)
    services.compute_subjects(actor=world.bob, commune_survey=a26)
    s26 = Subject.objects.get(commune_survey=a26, person=old.person)
    add_forms(s26, "CB", "1", 35)
    add_forms(s26, "ND", "1", 14)
    add_forms(s26, "ND", "blank", 51)  # 49 of 100 collected
    send_report(a26, world.bob, D(2026, 11, 20))
    flag = Flag.objects.get()
    assert flag.person == old.person and flag.year == 2026
    assert "Năm 2025: 40/100" in flag.why and "Năm 2026: 49/100" in flag.why

    chairman = f.UserFactory(username="chutich")
    f.give_role(chairman, Role.CHAIRMAN, world.province)
    with on_day(D(2026, 12, 10)):
        services.decide_flag(
            actor=chairman,
            flag=flag,
            handling="transfer",
            decided_on=D(2026, 12, 10),
            decision_number="45/QĐ-UBND",
        )
    flag.refresh_from_db()
    assert flag.handling == "transfer" and flag.decided_by == chairman


def test_sv7_exactly_half_is_not_flagged(world) -> None:
    round_25 = make_round(world, year=2025)
    b25 = commune(round_25, world.commune_b)
    old = hold("Đinh Văn Vừa", world.ubnd_b, "cs-tu-phap-ho-tich", D(2018, 1, 1))
    services.compute_subjects(actor=world.carol, commune_survey=b25)
    s25 = Subject.objects.get(commune_survey=b25)
    add_forms(s25, "ND", "0", 100)
    send_report(b25, world.carol, D(2025, 11, 20))
    b26 = commune(make_round(world, year=2026), world.commune_b)
    services.compute_subjects(actor=world.carol, commune_survey=b26)
    s26 = Subject.objects.get(commune_survey=b26, person=old.person)
    add_forms(s26, "ND", "1", 50)
    add_forms(s26, "ND", "0", 50)
    send_report(b26, world.carol, D(2026, 11, 20))
    assert not Flag.objects.exists()


def test_sv8_dashboard_shows_progress_and_late_communes(
    world, django_assert_max_num_queries
) -> None:
    round_, a, b, *_ = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    services.compute_subjects(actor=world.carol, commune_survey=b)
    send_report(b, world.carol, D(2026, 11, 19))  # B surveys A's newcomer: A waits for it
    send_report(a, world.bob, D(2026, 11, 20))
    services.reopen_report(actor=world.alice, commune_survey=b, reason="Sai số phiếu.")
    with django_assert_max_num_queries(6):
        board = selectors.dashboard(round_, D(2026, 11, 26))
    rows = {r.commune_survey.unit_id: r for r in board.rows}
    assert rows[world.commune_a.pk].progress is rules.Progress.REPORTED
    assert rows[world.commune_b.pk].progress is rules.Progress.OVERDUE
    assert rows[world.commune_b.pk].late and board.late_count == 1
    assert rows[world.commune_a.pk].not_surveyed == 1


def test_sv8_report_freezes_entry(world) -> None:
    _round, a, b, *_ = _transfer_world(world)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    services.compute_subjects(actor=world.carol, commune_survey=b)
    send_report(b, world.carol, D(2026, 11, 19))
    send_report(a, world.bob, D(2026, 11, 20))
    s = Subject.objects.get(commune_survey=a, surveyed=True)
    with pytest.raises(SurveyError):
        services.enter_paper_form(
            actor=world.bob,
            commune_survey=a,
            serial=f"S{s.pk}-1",
            data=FormData("CB", rules.Overall.TRUST),
            collected_on=SURVEY_ON,
        )
    assert a.report_audit
