"""Issue 20: citizen surveys as a committee runs them — replayed as tests.

Transfers (SV2): the hand-over of a transferred civil servant's result as its own numbered
document, and the six months continued across a merger; entry and committee checks; documents
and exports."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danchu.documents import issuing
from danchu.people.models import HowStarted
from danchu.surveys import rules, services
from danchu.surveys.models import Subject
from danchu.surveys.services import SurveyError
from danchu.surveys.tests.helpers import (
    SURVEY_ON,
    D,
    add_forms,
    commune,
    ensure_committee,
    hold,
    make_round,
    on_day,
    send_report,
    transfer,
)
from danchu.testing import factories as f
from danchu.units.models import MapVersion, UnitKind, UnitSuccession

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# SV2 — six months continued across the 1 July 2025 merger
# --------------------------------------------------------------------------------------------


def test_sv2_reappointment_at_merger_continues_time_in_post(world) -> None:
    """Issue 20: someone in the same post since 2018, re-appointed at the 1/7/2025 merger in the
    successor commune, is surveyed in 2025 (not "dưới 6 tháng")."""
    old_unit = f.UnitFactory(
        code="OLD1",
        name="Xã Cũ",
        parent=world.province,
        kind=UnitKind.XA,
        map_version=MapVersion.LEGACY,
        valid_from=D(2000, 1, 1),
    )
    UnitSuccession.objects.create(
        predecessor=old_unit, successor=world.commune_a, effective=D(2025, 7, 1)
    )
    old_ubnd = f.AgencyFactory(unit=old_unit)
    before = hold(
        "Nguyễn Thị Thủy", old_ubnd, "cs-tu-phap-ho-tich", D(2018, 3, 1), end=D(2025, 6, 30)
    )
    hold(
        "",
        world.ubnd_a,
        "cs-tu-phap-ho-tich",
        D(2025, 7, 1),
        person=before.person,
        how=HowStarted.APPOINTED,
    )
    r25 = make_round(world, year=2025)
    a25 = commune(r25, world.commune_a)
    with on_day(D(2025, 10, 1)):
        services.record_notice(actor=world.alice, commune_survey=a25, survey_on=D(2025, 11, 1))
    services.compute_subjects(actor=world.alice, commune_survey=a25)
    s = Subject.objects.get(commune_survey=a25, person=before.person)
    assert s.surveyed, s.reason
    assert "sáp nhập" in s.reason and "01/03/2018" in s.reason


def test_sv2_new_post_after_merger_in_an_unrelated_unit_still_waits_six_months(world) -> None:
    """The continuation needs the units' succession record: the same post in a unit that did
    not merge into this one restarts the six months."""
    other = f.UnitFactory(
        code="OLD2", name="Xã Khác", parent=world.province, map_version=MapVersion.LEGACY
    )
    before = hold(
        "Nguyễn Thị Thủy",
        f.AgencyFactory(unit=other),
        "cs-tu-phap-ho-tich",
        D(2018, 3, 1),
        end=D(2025, 6, 30),
    )
    hold("", world.ubnd_a, "cs-tu-phap-ho-tich", D(2025, 7, 1), person=before.person)
    r25 = make_round(world, year=2025)
    a25 = commune(r25, world.commune_a)
    with on_day(D(2025, 10, 1)):
        services.record_notice(actor=world.alice, commune_survey=a25, survey_on=D(2025, 11, 1))
    services.compute_subjects(actor=world.alice, commune_survey=a25)
    s = Subject.objects.get(commune_survey=a25, person=before.person)
    assert not s.surveyed


def test_sv2_rule_continued_from_counts_from_the_first_start() -> None:
    post = rules.PostFacts(start=D(2025, 7, 1), unit_id=1, continued_from=D(2018, 3, 1))
    assert rules.eligibility(post, D(2025, 11, 1)).surveyor is rules.Surveyor.CURRENT
    alone = rules.PostFacts(start=D(2025, 7, 1), unit_id=1)
    assert rules.eligibility(alone, D(2025, 11, 1)).surveyor is rules.Surveyor.NONE


# --------------------------------------------------------------------------------------------
# SV2 — hand-over of a transferred civil servant's result
# --------------------------------------------------------------------------------------------


def _thuy(world):  # type: ignore[no-untyped-def]
    """Thủy: Tư pháp at commune B since 2018, transferred to commune A on 1/9/2026 (under six
    months on the survey day): B surveys her, A reports her (SV2)."""
    old = hold(
        "Nguyễn Thị Thủy", world.ubnd_b, "cs-tu-phap-ho-tich", D(2018, 1, 1), end=D(2026, 8, 31)
    )
    transfer(old.person, world.ubnd_a, "cs-tu-phap-ho-tich", D(2026, 9, 1))
    hold("Phạm Thị Văn", world.ubnd_b, "cs-van-phong-thong-ke", D(2015, 3, 1))
    r26 = make_round(world)
    a, b = commune(r26, world.commune_a), commune(r26, world.commune_b)
    for cs in (a, b):
        with on_day(D(2026, 11, 1)):
            services.record_notice(actor=world.alice, commune_survey=cs, survey_on=SURVEY_ON)
        services.compute_subjects(actor=world.alice, commune_survey=cs)
        ensure_committee(cs, world.alice)
    thuy = Subject.objects.get(commune_survey=b, person=old.person)
    assert thuy.reporting_unit == world.commune_a
    add_forms(thuy, "ND", "1", 70)
    add_forms(thuy, "ND", "0", 50)
    add_forms(
        Subject.objects.get(commune_survey=b, person__full_name="Phạm Thị Văn"), "ND", "1", 120
    )
    return a, b, thuy


def test_sv2_handover_is_its_own_numbered_document_sent_with_the_surveying_report(world) -> None:
    """Issue 20: Đăk Rve's report did not mention Thủy and nothing sent her result to Đăk Kôi.
    Now the surveying commune's report issues a numbered letter to the new commune, and its own
    report names her and the letter."""
    _a, b, thuy = _thuy(world)
    send_report(b, world.carol, D(2026, 11, 21))
    letter = issuing.current(thuy, services.HANDOVER_KIND)
    assert letter is not None
    assert letter.number == "01/UBND-VP"  # commune B's yearly series, taken when sent
    assert letter.figures["row"]["collected"] == 120 and letter.figures["row"]["trust"] == 70
    assert letter.figures["to"] == world.commune_a.name
    report = issuing.current(b, services.REPORT_KIND)
    assert report.number == "02/BC-UBND"
    (handed,) = report.figures["handed_over"]
    assert handed["name"] == "Nguyễn Thị Thủy" and handed["handover"]["number"] == "01/UBND-VP"
    assert [r["name"] for r in report.figures["civil_servants"]] == ["Phạm Thị Văn"]
    pdf = issuing.stored(letter, "pdf")
    assert pdf.startswith(b"%PDF")
    # both communes can open the letter; someone of neither cannot
    url = reverse("surveys:handover", args=[thuy.pk, "pdf"])
    assert f.client_for(world.bob).get(url).status_code == 403  # officer, no survey role
    vice_a = f.UserFactory(username="pct-a")
    f.give_role(vice_a, "vice_chairman", world.commune_a)
    r = f.client_for(vice_a).get(url)
    assert r.status_code == 200 and r.content == pdf
    vice_b = f.UserFactory(username="pct-b")
    f.give_role(vice_b, "vice_chairman", world.commune_b)
    assert f.client_for(vice_b).get(url).status_code == 200
    assert f.client_for(world.dave).get(url).status_code == 403


def test_sv2_new_commune_reports_from_the_handover_not_before_it_arrives(world) -> None:
    a, b, _ = _thuy(world)
    with pytest.raises(SurveyError) as exc:
        send_report(a, world.alice, D(2026, 11, 20))
    assert any("chưa nhận văn bản chuyển kết quả" in p for p in exc.value.problems)
    send_report(b, world.carol, D(2026, 11, 21))
    send_report(a, world.alice, D(2026, 11, 22))
    doc = issuing.current(a, services.REPORT_KIND)
    (row,) = doc.figures["civil_servants"]
    assert (row["name"], row["collected"], row["trust"]) == ("Nguyễn Thị Thủy", 120, 70)
    assert row["handover"]["number"] == "01/UBND-VP"


def test_sv2_new_commune_may_report_without_the_handover_recording_why(world) -> None:
    a, _b, thuy = _thuy(world)
    with on_day(D(2026, 11, 20)):
        services.record_handover_reason(
            actor=world.alice, subject=thuy, reason="Xã Bình Minh chưa hoàn thành, quá hạn."
        )
    send_report(a, world.alice, D(2026, 11, 22))
    doc = issuing.current(a, services.REPORT_KIND)
    assert doc.figures["civil_servants"] == []
    (waiting,) = doc.figures["awaiting_handover"]
    assert waiting["reason"] == "Xã Bình Minh chưa hoàn thành, quá hạn."


def test_sv2_handover_corrected_after_reopening_names_the_old_letter(world) -> None:
    _a, b, thuy = _thuy(world)
    send_report(b, world.carol, D(2026, 11, 21))
    first = issuing.current(thuy, services.HANDOVER_KIND)
    services.reopen_report(actor=world.alice, commune_survey=b, reason="Còn 5 phiếu chưa nhập.")
    add_forms(thuy, "ND", "1", 5)
    send_report(b, world.carol, D(2026, 11, 22))
    second = issuing.current(thuy, services.HANDOVER_KIND)
    assert second.pk != first.pk and second.replaces_id == first.pk
    assert second.figures["row"]["collected"] == 125


# --------------------------------------------------------------------------------------------
# Entry — committee by capacity (SV6), double entry by the leader
# --------------------------------------------------------------------------------------------


def test_sv6_committee_with_two_office_civil_servants_and_no_youth_secretary_is_refused() -> None:
    """Issue 20: the count alone was checked; SV6 names the members by capacity."""
    members = [
        rules.Member("Lê Văn Phó", rules.MemberKind.VICE_CHAIRMAN, leader=True),
        rules.Member("Phạm Thị Văn", rules.MemberKind.OFFICE_CIVIL_SERVANT, secretary=True),
        rules.Member("Trần Văn Hai", rules.MemberKind.OFFICE_CIVIL_SERVANT),
    ]
    problems = rules.committee_problems(rules.CommitteeLevel.COMMUNE, members)
    assert any("Công chức Văn phòng - Thống kê; đang có 2 người" in p for p in problems)
    ok = [*members[:2], rules.Member("A Vương", rules.MemberKind.YOUTH_SECRETARY)]
    assert rules.committee_problems(rules.CommitteeLevel.COMMUNE, ok) == []


def test_double_entry_switched_off_by_the_leader_before_the_first_form_audited(world) -> None:
    from danchu.audit.models import AuditEntry

    a, _b, _ = _thuy(world)
    leader, typist = f.UserFactory(username="pct"), f.UserFactory(username="typist")
    f.give_role(leader, "vice_chairman", world.commune_a)
    services.set_committee(
        actor=leader,
        round_=a.round,
        unit=world.commune_a,
        members=[
            {"full_name": "Lê Văn Phó", "kind": "vice_chairman", "leader": True, "user": leader},
            {"full_name": "A Vương", "kind": "youth_secretary", "secretary": True, "user": typist},
            {"full_name": "Y Mai", "kind": "front"},
        ],
    )
    with pytest.raises(SurveyError, match="Chỉ Tổ trưởng"):
        services.set_double_entry(actor=typist, commune_survey=a, on=False)
    services.set_double_entry(actor=leader, commune_survey=a, on=False)
    a.refresh_from_db()
    assert a.double_entry is False
    assert AuditEntry.objects.filter(action="surveys.double_entry.set").exists()
    hold("Phạm Văn Bốn", world.ubnd_a, "cs-van-phong-thong-ke", D(2015, 1, 1))
    services.compute_subjects(actor=leader, commune_survey=a)
    own = Subject.objects.get(commune_survey=a, person__full_name="Phạm Văn Bốn")
    add_forms(own, "ND", "1", 1)
    with pytest.raises(SurveyError, match="trước phiếu đầu tiên"):
        services.set_double_entry(actor=leader, commune_survey=a, on=True)


# --------------------------------------------------------------------------------------------
# Documents — the commune opens its own SV7 public notice
# --------------------------------------------------------------------------------------------


def test_sv7_commune_chairman_opens_the_public_notice_of_his_commune(scene) -> None:
    """Issue 20: 403 on /surveys/flag/<id>/notice.pdf for the commune chairman whose name is on
    the notice."""
    services.decide_flag(
        actor=scene.actors["chutich"],
        flag=scene.flag,
        handling="discipline",
        decided_on=D(2026, 11, 22),
    )
    url = reverse("surveys:flag_notice", args=[scene.flag.pk, "pdf"])
    commune_chairman = f.UserFactory(username="chutichxa")
    f.give_role(commune_chairman, "chairman", scene.world.commune_a)
    r = f.client_for(commune_chairman).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert f.client_for(scene.actors["phochutich"]).get(url).status_code == 200
    assert f.client_for(scene.actors["thuky"]).get(url).status_code == 200  # A's committee
    assert f.client_for(scene.actors["carol"]).get(url).status_code == 403
    assert f.client_for(scene.actors["dave"]).get(url).status_code == 403
    # the flag page itself stays with the plan unit
    flag_page = reverse("surveys:flag", args=[scene.flag.pk])
    assert f.client_for(commune_chairman).get(flag_page).status_code == 403


# --------------------------------------------------------------------------------------------
# Entry — every form starts empty; the serial advances; messages in words
# --------------------------------------------------------------------------------------------


def test_entry_after_an_error_the_next_form_starts_empty(scene) -> None:
    """Issue 20: after "đã được nhập", the next form kept the previous answers (S32-002 saved
    as "0 / a4")."""
    from danchu.surveys.models import Form

    scene.cs.double_entry = False
    scene.cs.save(update_fields=["double_entry"])
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    thuky = f.client_for(scene.actors["thuky"])
    url = reverse("surveys:entry", args=[scene.cs.pk])
    r = thuky.post(url, {"serial": f"S{other.pk}-1", "group": "3", "overall": "1"})
    assert r.status_code == 302 and r["Location"].endswith(f"?next=S{other.pk}-002")
    page = thuky.get(r["Location"])
    assert page.context["form"]["serial"].value() == f"S{other.pk}-002"  # prefilled, advanced
    again = thuky.post(
        url, {"serial": f"S{other.pk}-001", "group": "1", "overall": "0", "items": "a4"}
    )
    assert "đã được nhập" in again.content.decode()
    form = again.context["form"]
    assert not form.is_bound
    assert form["group"].value() is None and form["overall"].value() is None
    assert form["items"].value() is None
    assert form["serial"].value() == f"S{other.pk}-"  # the prefix, to type the number
    (kept,) = Form.objects.filter(subject=other)
    assert (kept.serial, kept.overall, kept.flagged_items) == (f"S{other.pk}-001", "1", [])


def test_entry_scanner_appending_to_the_prefilled_serial_reads_the_last_serial(scene) -> None:
    """Issue 20: a scanner appended to the kept text: "S3-118S3-117"."""
    from danchu.surveys.models import Form

    scene.cs.double_entry = False
    scene.cs.save(update_fields=["double_entry"])
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    thuky = f.client_for(scene.actors["thuky"])
    url = reverse("surveys:entry", args=[scene.cs.pk])
    thuky.post(url, {"serial": f"S{other.pk}-002S{other.pk}-007", "group": "3", "overall": "1"})
    assert Form.objects.filter(serial=f"S{other.pk}-007").exists()
    assert rules.last_serial("S3-118S3-117") == "S3-117"
    assert rules.last_serial("S3-117") == "S3-117"
    assert rules.next_serial("S3-118", 120) == "S3-119"
    assert rules.next_serial("S3-120", 120) == "S3-"


def test_entry_mismatch_message_names_values_in_words(scene) -> None:
    """Issue 20: the mismatch message showed the raw code "blank"."""
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    url = reverse("surveys:entry", args=[scene.cs.pk])
    thuky = f.client_for(scene.actors["thuky"])
    thuky.post(url, {"serial": f"S{other.pk}-5", "group": "3", "overall": ""})
    vice = f.client_for(scene.actors["phochutich"])
    r = vice.post(url, {"serial": f"S{other.pk}-5", "group": "3", "overall": "1"})
    text = r.content.decode()
    assert "để trống" in text and "Tín nhiệm" in text
    assert "blank" not in text.split("<main")[-1]
    assert r.context["form"]["overall"].value() is None
    assert r.context["form"]["serial"].value() == f"S{other.pk}-005"


def test_online_incomplete_form_asks_to_confirm_before_burning_the_code(scene) -> None:
    """Issue 20: "Gửi phiếu" with no overall answer was accepted without confirmation, burned
    the code and counted an invalid form."""
    from django.test import Client

    from danchu.surveys.models import Form, OnlineCode

    (code,) = services.issue_codes(
        actor=scene.actors["thuky"], subject=scene.subject, group="ND", count=1, today=SURVEY_ON
    )
    client, url = Client(), reverse("surveys:online")
    before = Form.objects.filter(subject=scene.subject).count()
    asked = client.post(url, {"code": code, "submit": "1", "items": ["a1"]})
    page = asked.content.decode()
    assert 'id="confirm-incomplete"' in page and 'value="a1" checked' in page
    assert Form.objects.filter(subject=scene.subject).count() == before
    assert not OnlineCode.objects.get(subject=scene.subject).used
    # answering then works; or sending it as it is, once confirmed
    sent = client.post(url, {"code": code, "submit": "1", "items": ["a1"], "incomplete_ok": "1"})
    assert sent.status_code == 200 and 'id="confirm-incomplete"' not in sent.content.decode()
    online = Form.objects.get(subject=scene.subject, channel="online")
    assert (online.overall, online.valid) == ("blank", False)


# --------------------------------------------------------------------------------------------
# The form (SV5) — one A4 side, unambiguous boxes, version fixed at the first form
# --------------------------------------------------------------------------------------------


def _pages(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def test_sv5_printed_form_of_the_seed_template_is_one_a4_side_with_serial_and_qr(scene) -> None:
    """Issue 20: a printed form took two A4 sheets, page 2 holding one line and no serial."""
    thuky = f.client_for(scene.actors["thuky"])
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    r = thuky.get(reverse("surveys:forms_pdf", args=[other.pk]) + "?from=1&to=3")
    assert r.status_code == 200
    pages = _pages(r.content)
    assert len(pages) == 3  # one side per form
    for n, text in enumerate(pages, start=1):
        assert f"S{other.pk}-{n:03d}" in text
        assert "Không ghi tên, không ký vào phiếu." in text
        assert "Mẫu phiếu: phiên bản 1" in text
        # positive items have "Tốt" / "Chưa tốt", negative behaviours "Không" / "Có"
        assert "Chưa tốt" in text and "Biểu hiện tiêu cực" in text


def test_sv5_overall_question_has_one_box_per_answer() -> None:
    """Issue 20: "Không tín nhiệm" had a double box (the spacer cell was drawn as a box)."""
    from danchu.surveys import printing

    table = printing._box_table(
        [[printing.BOX, "Tín nhiệm", "", printing.BOX, "Không"]], [1, 1, 1, 1, 1]
    )
    boxes = [cmd for cmd in table._bkgrndcmds + table._linecmds if cmd[0] == "BOX"]
    assert sorted(cmd[1] for cmd in boxes) == [(0, 0), (3, 0)]


def test_sv5_template_that_cannot_fit_one_a4_side_is_refused_at_edit_time(world) -> None:
    content = services.seed_template_content()
    long = "Nội dung rất dài của một mục trên phiếu, lặp lại nhiều lần để không vừa trang. " * 6
    sections = [dict(s) for s in content["sections"]]
    sections[0]["items"] = [
        *sections[0]["items"],
        *({"code": f"a{n}", "kind": "behaviour", "text": long} for n in range(8, 20)),
    ]
    with pytest.raises(SurveyError, match="một mặt giấy A4"):
        services.publish_template(
            actor=world.alice, province=world.province, content=content | {"sections": sections}
        )
    ok = services.publish_template(
        actor=world.alice, province=world.province, content=services.seed_template_content()
    )
    assert ok.version == services.ensure_default_template().version + 1


def test_sv5_first_typed_form_fixes_the_rounds_version(scene) -> None:
    """Issue 20: typing or uploading did not lock the version; a new province version then
    changed results already sent ("Mục d3")."""
    from danchu.surveys.models import Round

    rnd = Round.objects.get(pk=scene.cs.round_id)
    rnd.template = None
    rnd.save(update_fields=["template"])
    scene.cs.double_entry = False
    scene.cs.save(update_fields=["double_entry"])
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    services.enter_paper_form(
        actor=scene.actors["thuky"],
        commune_survey=scene.cs,
        serial=f"S{other.pk}-1",
        data=services.FormData("ND", rules.Overall.TRUST),
        collected_on=SURVEY_ON,
    )
    rnd.refresh_from_db()
    assert rnd.template == services.ensure_default_template()
    content = services.seed_template_content()
    sections = [dict(s) for s in content["sections"]]
    sections[3]["items"] = [*sections[3]["items"], {"code": "d3", "text": "Mục mới"}]
    services.publish_template(
        actor=scene.actors["alice"],
        province=scene.world.province,
        content=content | {"sections": sections},
    )
    scene.cs.refresh_from_db()
    assert "d3" not in services.form_template_for(scene.cs).item_codes


# --------------------------------------------------------------------------------------------
# Documents — each kind's text read against its expected wording
# --------------------------------------------------------------------------------------------

_INTERNAL = ("SV1", "SV2", "SV3", "SV4", "SV5", "SV6", "SV7", "SV8", "Seed", " or ", " = ")


def _doc_text(doc) -> str:  # type: ignore[no-untyped-def]
    from danchu.documents.model import Heading, Paragraph, Table

    parts = [doc.summary, *doc.recipients]
    for b in doc.body:
        if isinstance(b, Paragraph | Heading):
            parts.append(b.text)
        elif isinstance(b, Table):
            parts += [*b.headers, *(c for row in b.rows for c in row)]
    return "\n".join(parts)


def _assert_official(text: str) -> None:
    for word in _INTERNAL:
        assert word not in text, (word, text)


def test_documents_commune_decision_names_capacities_and_bodies_by_level(scene) -> None:
    from danchu.surveys import documents
    from danchu.surveys.models import Committee

    committee = Committee.objects.get(round=scene.cs.round, unit=scene.cs.unit)
    text = _doc_text(documents.committee_decision(committee, D(2026, 11, 22)))
    _assert_official(text)
    assert "công chức cấp xã năm 2026" in text
    assert "Phó Chủ tịch Ủy ban nhân dân Xã An Hòa" in text
    assert "Công chức Văn phòng - Thống kê" in text
    assert "UBND Tỉnh Thử (qua Sở Nội vụ)" in text and "phòng Nội vụ" not in text


def test_documents_province_committee_decision_is_about_commune_civil_servants(scene) -> None:
    """Issue 20: the province committee's decision read "…công chức cấp huyện…" and described
    the province with district wording ("phòng Nội vụ"); capacities read "Chủ nhiệm hoặc Phó
    Chủ nhiệm Ủy ban Kiểm tra"."""
    from danchu.surveys import documents

    committee = services.set_committee(
        actor=scene.actors["alice"],
        round_=scene.cs.round,
        unit=scene.world.province,
        members=[
            {"full_name": "A", "kind": "home_affairs_lead", "leader": True},
            {"full_name": "B", "kind": "inspectorate"},
            {"full_name": "C", "kind": "front"},
            {"full_name": "D", "kind": "party_inspection"},
            {"full_name": "E", "kind": "home_affairs_officer", "secretary": True},
        ],
    )
    text = _doc_text(documents.committee_decision(committee, D(2026, 11, 22)))
    _assert_official(text)
    assert "công chức cấp xã năm 2026" in text and "cấp huyện" not in text
    assert "Lãnh đạo Sở Nội vụ" in text and "Công chức Sở Nội vụ" in text
    assert "Đại diện lãnh đạo Ủy ban Kiểm tra Tỉnh ủy" in text
    assert "hoặc" not in text and "phòng Nội vụ" not in text.lower().replace("sở", "")


def test_documents_a_decision_cannot_cite_a_plan_dated_after_it(scene) -> None:
    """Issue 20: a decision dated 15/10/2027 cited a plan dated 28/10/2027."""
    from danchu.surveys.models import Committee

    rnd = scene.cs.round
    rnd.plan_date = D(2026, 11, 30)  # after today (22/11/2026)
    rnd.save(update_fields=["plan_date"])
    committee = Committee.objects.get(round=rnd, unit=scene.cs.unit)
    with pytest.raises(SurveyError, match="không thể căn cứ Kế hoạch ngày 30/11/2026"):
        services.issue_committee_decision(actor=scene.actors["phochutich"], committee=committee)
    problems = services.report_problems(scene.cs, on=D(2026, 11, 22), today=D(2026, 11, 22))
    assert any("không thể căn cứ Kế hoạch" in p for p in problems)


def test_documents_report_handover_aggregate_and_notices_carry_no_rule_ids(world) -> None:
    """Issue 20: "…(SV7).)", "(SV8)" and the rate formula appeared in official text; the notice
    read "được không áp dụng biện pháp xử lý"."""
    from danchu.surveys import documents, selectors
    from danchu.surveys.models import Flag

    a, b, thuy = _thuy(world)
    send_report(b, world.carol, D(2026, 11, 21))
    send_report(a, world.alice, D(2026, 11, 22))
    report = documents.commune_report(
        a,
        issuing.current(a, services.REPORT_KIND).figures,
        documents.ReportFacts(number="02/BC-UBND", on=D(2026, 11, 22)),
    )
    text = _doc_text(report)
    _assert_official(text)
    assert "theo văn bản số 01/UBND-VP ngày 21/11/2026" in text
    # Issue 11: rates read the Vietnamese way in official documents (58,33%, never 58.33%)
    assert re.search(r"\d,\d\d%", text) and not re.search(r"\d\.\d\d%", text)
    assert "UBND Tỉnh Thử (qua Sở Nội vụ)" in text
    b_report = _doc_text(
        documents.commune_report(
            b, issuing.current(b, services.REPORT_KIND).figures, documents.ReportFacts()
        )
    )
    _assert_official(b_report)
    assert "Nguyễn Thị Thủy (Tư pháp - Hộ tịch), chuyển về Xã An Hòa" in b_report
    letter = _doc_text(
        documents.handover_letter(
            thuy, issuing.current(thuy, services.HANDOVER_KIND).figures["row"]
        )
    )
    _assert_official(letter)
    assert letter.startswith("V/v chuyển kết quả") or "chuyển kết quả lấy ý kiến" in letter
    board = selectors.dashboard(a.round, D(2026, 11, 22))
    aggregate = _doc_text(documents.aggregate_report(board, D(2026, 11, 22)))
    _assert_official(aggregate)
    assert "Bộ Nội vụ" in aggregate  # a province reports to the Ministry
    # the SV7 notice, decided "no measure", then withdrawn
    flag = Flag.objects.create(
        person=thuy.person,
        year=2026,
        round=a.round,
        subject=thuy,
        why="Năm 2025: 40/100 phiếu tín nhiệm (40.00%); Năm 2026: 70/120 phiếu tín nhiệm "
        "(58.33%). " + rules.RATE_READING,
        handling="no_action",
        decision_number="45/QĐ-UBND",
        decided_on=D(2026, 11, 22),
    )
    notice = _doc_text(documents.flag_notice(flag, D(2026, 11, 22)))
    _assert_official(notice)
    assert "được không áp dụng" not in notice
    assert (
        "Theo Quyết định số 45/QĐ-UBND ngày 22 tháng 11 năm 2026, Chủ tịch Ủy ban nhân dân "
        "Tỉnh Thử quyết định không áp dụng biện pháp xử lý đối với công chức Nguyễn Thị Thủy"
    ) in notice
    assert "(58.33%))." not in notice and "(SV7)" not in notice


# --------------------------------------------------------------------------------------------
# Exports — numbers as numbers, one column per group; dashboard totals from reports only
# --------------------------------------------------------------------------------------------


def test_xlsx_report_stores_numbers_with_formats_and_one_column_per_group(world) -> None:
    """Issue 20: counts and rates were text ('120', '49.17%') and three groups shared a cell
    ("30/25/65")."""
    import io

    from openpyxl import load_workbook

    a, b, _ = _thuy(world)
    send_report(b, world.carol, D(2026, 11, 21))
    sheet = load_workbook(
        io.BytesIO(issuing.stored(issuing.current(b, services.REPORT_KIND), "xlsx"))
    ).active
    header = [c.value for c in sheet[1]]
    assert header[:12] == [
        "TT",
        "Họ và tên",
        "Chức danh",
        "Phiếu thu về",
        "Hợp lệ",
        "Không hợp lệ",
        "Tín nhiệm",
        "Tỷ lệ tín nhiệm",
        "Phiếu CB",
        "Phiếu KCT",
        "Phiếu ND",
        "Ghi chú",
    ]
    row = sheet[2]
    assert row[1].value == "Phạm Thị Văn"
    assert row[3].value == 120 and row[3].number_format == "#,##0"
    assert float(row[7].value) == 1.0 and row[7].number_format == "0.00%"
    assert (row[8].value, row[9].value, row[10].value) == (0, 0, 120)
    board = load_workbook(
        io.BytesIO(
            f.client_for(world.alice).get(reverse("surveys:round_xlsx", args=[a.round_id])).content
        )
    ).active
    rows = {r[0].value: r for r in board.iter_rows(min_row=2)}
    b_row = rows[world.commune_b.name]
    headers = [c.value for c in board[1]]
    assert b_row[headers.index("Phiếu thu về")].value == 120
    assert b_row[headers.index("Tỷ lệ (%)")].number_format == "0.00%"
    a_row = rows[world.commune_a.name]  # not reported: no result, only what was typed
    assert a_row[headers.index("Phiếu thu về")].value is None


def test_dashboard_totals_from_reported_communes_with_states_filters_and_paging(world) -> None:
    """Issue 20: one long table of every commune, a province total that included an unreported
    commune's forms, no view of progress against the deadline."""
    from danchu.surveys import selectors

    a, b, _ = _thuy(world)
    hold("Phạm Văn Bốn", world.ubnd_a, "cs-van-phong-thong-ke", D(2015, 1, 1))
    services.compute_subjects(actor=world.alice, commune_survey=a)  # A plans 120 more
    add_forms(
        Subject.objects.get(commune_survey=a, person__full_name="Phạm Văn Bốn"), "ND", "1", 90
    )
    send_report(b, world.carol, D(2026, 11, 21))
    board = selectors.dashboard(a.round, D(2026, 11, 22))
    totals = board.totals
    # only commune B's sent report counts: A's planned and typed forms and its list add nothing
    assert (totals.collected, totals.subjects, totals.planned, totals.typed) == (120, 1, 240, 0)
    assert board.by_state[rules.Progress.REPORTED] == 1
    assert board.by_state[rules.Progress.NOTIFIED] == 1
    # many communes: paging and filters
    for n in range(30):
        unit = f.UnitFactory(code=f"T09{n:02d}", name=f"Xã Phụ {n:02d}", parent=world.province)
        from danchu.surveys.models import CommuneSurvey

        CommuneSurvey.objects.create(round=a.round, unit=unit)
    client = f.client_for(world.alice)
    url = reverse("surveys:round", args=[a.round_id])
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and 'id="chart-states"' in text and 'id="chart-rates"' in text
    assert len(page.context["page"].object_list) == 25
    assert 'id="totals"' in text
    second = client.get(url + "?page=2")
    assert len(second.context["page"].object_list) == 7
    only = client.get(url + "?state=reported")
    assert [r.commune_survey.unit.name for r in only.context["page"].object_list] == [
        world.commune_b.name
    ]
    found = client.get(url + "?q=binh minh")  # tones and case ignored
    assert [r.commune_survey.unit.name for r in found.context["page"].object_list] == [
        world.commune_b.name
    ]
    assert client.get(url + "?page=abc&state=zzz").status_code == 200


def test_sv5_form_editor_outline_reorders_rewords_previews_and_publishes(scene) -> None:
    """Issue 20: editing the template meant editing raw JSON in a text box."""
    from danchu.surveys.models import FormTemplate

    alice = f.client_for(scene.actors["alice"])
    url = reverse("surveys:template", args=[scene.world.province.pk])
    page = alice.get(url)
    outline = page.context["editor"]["outline"].value()
    assert "a) Tinh thần kỷ luật" in outline and "+ Chấp hành chủ trương" in outline
    lines = outline.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("+ Chấp hành"))
    second = first + 1
    lines[first], lines[second] = lines[second], "+ Chấp hành nghiêm chủ trương, pháp luật"
    edited = "\n".join(lines)
    preview = alice.post(url, {"outline": edited, "preview": "1"})
    assert preview["Content-Type"] == "application/pdf"
    assert len(_pages(preview.content)) == 1
    assert not FormTemplate.objects.filter(province=scene.world.province).exists()
    alice.post(url, {"outline": edited, "note": "đổi thứ tự a1, a2"})
    published = FormTemplate.objects.get(province=scene.world.province)
    items = published.content["sections"][0]["items"]
    assert items[0]["code"] == "a1" and items[0]["text"].startswith("Trách nhiệm trong công việc")
    assert items[1] == {
        "code": "a2",
        "kind": "rating",
        "text": "Chấp hành nghiêm chủ trương, pháp luật",
    }
    bad = alice.post(url, {"outline": edited + "\nmột dòng lạ"}, follow=True)
    assert "không rõ là gì" in bad.content.decode()
    assert FormTemplate.objects.filter(province=scene.world.province).count() == 1


def test_sv2_commune_page_shows_the_handover_awaited_then_its_letter(world) -> None:
    a, b, thuy = _thuy(world)
    vice_a = f.UserFactory(username="pct-a")
    f.give_role(vice_a, "vice_chairman", world.commune_a)
    client = f.client_for(vice_a)
    page = client.get(reverse("surveys:commune", args=[a.pk])).content.decode()
    assert "Xã lấy ý kiến chưa gửi văn bản chuyển kết quả." in page
    assert reverse("surveys:handover_reason", args=[thuy.pk]) in page
    client.post(
        reverse("surveys:handover_reason", args=[thuy.pk]), {"reason": "Quá hạn, xã cũ chưa gửi."}
    )
    thuy.refresh_from_db()
    assert thuy.handover_reason == "Quá hạn, xã cũ chưa gửi."
    assert f.client_for(world.carol).post(
        reverse("surveys:handover_reason", args=[thuy.pk]), {"reason": "x"}
    ).status_code in (403, 404)
    thuy.handover_reason = ""
    thuy.save()
    send_report(b, world.carol, D(2026, 11, 21))
    page = client.get(reverse("surveys:commune", args=[a.pk])).content.decode()
    assert reverse("surveys:handover", args=[thuy.pk, "pdf"]) in page and "01/UBND-VP" in page
