"""Issue 10 "Records that hold", surveys side: each scenario of the issue replayed.

- a sent report is issued once and downloaded byte for byte; what it states (and the SV7 flag,
  its notice, the dashboard) never moves when another commune types on;
- report and notice days are the platform's, back-dated only with a reason and evidence, never
  before the survey; "on time" from recorded facts only;
- the report waits for SV4 (or the committee's reason per person) and SV6;
- online forms: random ids, no time finer than the survey's day, no audit entry per form;
- the admin is read-only; reopening and withdrawing are audited steps with a reason.
"""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from danchu.audit.models import AuditEntry
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.surveys import rules, selectors, services
from danchu.surveys.models import CommuneSurvey, Flag, Form, OnlineCode, Subject
from danchu.surveys.services import FormData, SurveyError
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

pytestmark = pytest.mark.django_db


def _evidence() -> ContentFile[bytes]:
    return ContentFile(b"%PDF-1.4\n% scan\n", name="cong-van.pdf")


def _transferee(world):  # type: ignore[no-untyped-def]
    """Đinh Văn Thấp: low in 2025 at commune B (reported); moved from B to A on 1/9/2026, so
    in 2026 commune B surveys him and commune A reports him (SV2)."""
    r25 = make_round(world, year=2025)
    b25 = commune(r25, world.commune_b)
    old = hold(
        "Đinh Văn Thấp", world.ubnd_b, "cs-tu-phap-ho-tich", D(2018, 1, 1), end=D(2026, 8, 31)
    )
    services.compute_subjects(actor=world.carol, commune_survey=b25)
    add_forms(Subject.objects.get(commune_survey=b25), "ND", "0", 100)
    send_report(b25, world.carol, D(2025, 11, 20))
    transfer(old.person, world.ubnd_a, "cs-tu-phap-ho-tich", D(2026, 9, 1))
    r26 = make_round(world)
    a, b = commune(r26, world.commune_a), commune(r26, world.commune_b)
    for cs in (a, b):
        with on_day(D(2026, 11, 1)):
            services.record_notice(actor=world.alice, commune_survey=cs, survey_on=SURVEY_ON)
        services.compute_subjects(actor=world.alice, commune_survey=cs)
        ensure_committee(cs, world.alice)
    s = Subject.objects.get(commune_survey=b, person=old.person)
    assert s.reporting_unit == world.commune_a
    return a, b, s


def test_records_hold_sent_report_is_frozen_while_another_commune_types(world) -> None:
    """Scenario: a sent report showed 115 forms / 33.04%, and 120 / 32.50% when downloaded again
    after another commune finished typing; the SV7 notice printed the partial "38/115"."""
    a, b, s = _transferee(world)
    add_forms(s, "ND", "1", 38)
    add_forms(s, "ND", "0", 77)  # 115 typed by commune B so far
    # Commune B has not sent its report: A may not state B's partial count, and no flag is
    # raised from forms still being typed.
    with pytest.raises(SurveyError) as exc:
        services.report_commune(actor=world.bob, commune_survey=a)
    assert any("chưa nhận văn bản chuyển kết quả" in p for p in exc.value.problems)
    assert services.refresh_flags(round_=a.round) == []
    send_report(b, world.carol, D(2026, 11, 21))
    send_report(a, world.bob, D(2026, 11, 22))
    doc = issuing.current(a, services.REPORT_KIND)
    assert doc is not None and doc.number == "01/BC-UBND"
    (row,) = doc.figures["civil_servants"]
    assert (row["collected"], row["trust"], row["rate"], row["rate_pct"]) == (
        115,
        38,
        "38/115",
        "33.04",
    )
    vice = f.client_for(world.alice)
    first = {
        fmt: vice.get(reverse("surveys:report_file", args=[a.pk, fmt]))
        for fmt in ("pdf", "docx", "xlsx")
    }
    assert all(r.status_code == 200 for r in first.values())
    assert first["pdf"]["ETag"] == f'"{hashlib.sha256(first["pdf"].content).hexdigest()}"'
    # SV7 flag from the reported figures; the chairman decides; the notice is issued, frozen.
    flag = Flag.objects.get(person=s.person, year=2026)
    assert "Năm 2026: 38/115" in flag.why
    chairman = f.UserFactory(username="chutich")
    f.give_role(chairman, "chairman", world.province)
    services.decide_flag(actor=chairman, flag=flag, handling="transfer", decided_on=D(2026, 11, 22))
    notice = vice.get(reverse("surveys:flag_notice", args=[flag.pk, "pdf"]))
    assert notice.status_code == 200
    # Commune B's forms are locked; B's report is reopened (audited) and B types five more.
    with pytest.raises(SurveyError):
        services.enter_paper_form(
            actor=world.carol,
            commune_survey=b,
            serial=f"S{s.pk}-1",
            data=FormData("ND", rules.Overall.TRUST),
            collected_on=SURVEY_ON,
        )
    services.reopen_report(actor=world.alice, commune_survey=b, reason="Còn 5 phiếu chưa nhập.")
    add_forms(s, "ND", "1", 1)
    add_forms(s, "ND", "0", 4)  # 39/120 = 32.50% live
    assert selectors.tallies([s.pk])[s.pk].collected == 120
    # What commune A sent, and the notice, do not move: byte for byte.
    again = {
        fmt: vice.get(reverse("surveys:report_file", args=[a.pk, fmt]))
        for fmt in ("pdf", "docx", "xlsx")
    }
    assert all(again[k].content == first[k].content for k in first)
    sheet = load_workbook(io.BytesIO(again["xlsx"].content)).active
    cells = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert cells[3] == 115 and float(cells[7]) == 0.3304  # numbers (issue 20)
    assert vice.get(reverse("surveys:flag_notice", args=[flag.pk, "pdf"])).content == notice.content
    flag.refresh_from_db()
    assert "38/115" in flag.why
    board = selectors.dashboard(a.round, D(2026, 11, 22))
    rows = {r.commune_survey.unit_id: r for r in board.rows}
    assert (rows[world.commune_a.pk].collected, rows[world.commune_a.pk].trust) == (115, 38)
    assert not rows[world.commune_b.pk].reported_figures and rows[world.commune_b.pk].typed == 120


def test_records_hold_resent_report_is_a_correction_naming_the_old(world) -> None:
    a, b, s = _transferee(world)
    add_forms(s, "ND", "1", 60)
    add_forms(s, "ND", "0", 55)
    send_report(b, world.carol, D(2026, 11, 21))
    send_report(a, world.bob, D(2026, 11, 21))
    old = issuing.current(a, services.REPORT_KIND)
    assert old is not None
    old_pdf = issuing.stored(old, "pdf")
    commune_vice = f.client_for(world.bob)
    # Only the plan unit reopens, with a reason; the commune cannot withdraw what it sent.
    assert (
        commune_vice.post(reverse("surveys:reopen", args=[a.pk]), {"reason": "x"}).status_code
        == 403
    )
    alice = f.client_for(world.alice)
    alice.post(reverse("surveys:reopen", args=[a.pk]), {"reason": ""})
    a.refresh_from_db()
    assert a.reported
    alice.post(reverse("surveys:reopen", args=[a.pk]), {"reason": "Sai tên chức danh."})
    a.refresh_from_db()
    assert not a.reported
    entry = AuditEntry.objects.get(action="surveys.report.reopened")
    assert entry.changes["reason"] == "Sai tên chức danh."
    page = alice.get(reverse("surveys:commune", args=[a.pk])).content.decode()
    assert "Sai tên chức danh." in page and old.number in page
    services.report_commune(actor=world.bob, commune_survey=a)
    new = issuing.current(a, services.REPORT_KIND)
    assert new is not None and new.pk != old.pk
    assert new.replaces_id == old.pk and new.correction_reason == "Sai tên chức danh."
    assert new.number == "02/BC-UBND"
    # The report sent first stays readable, byte for byte.
    earlier = alice.get(reverse("surveys:report_file", args=[a.pk, "pdf"]) + f"?v={old.pk}")
    assert earlier.content == old_pdf
    assert (
        alice.get(reverse("surveys:report_file", args=[a.pk, "pdf"]) + "?v=999999").status_code
        == 404
    )


@pytest.mark.clock("2026-11-22 10:00")
def test_records_hold_report_on_time_only_from_recorded_facts(world) -> None:
    """Scenario: a survey report was "on time" a year before its survey date (dates typed
    freely). Report days are the platform's; earlier needs a reason and evidence; never in the
    future; never before the survey."""
    round_ = make_round(world)
    a = commune(round_, world.commune_a)
    hold("Nguyễn Thị Lâu", world.ubnd_a, "cs-tu-phap-ho-tich", D(2020, 1, 1))
    with on_day(D(2026, 11, 1)):
        services.record_notice(actor=world.bob, commune_survey=a, survey_on=SURVEY_ON)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    ensure_committee(a, world.bob)
    add_forms(Subject.objects.get(commune_survey=a), "ND", "1", 120)
    for on, words in (
        (D(2025, 11, 15), "trước ngày lấy ý kiến"),
        (D(2026, 11, 23), "chưa đến"),
        (D(2026, 11, 20), "cần nêu lý do"),
    ):
        with pytest.raises(SurveyError) as exc:
            services.report_commune(actor=world.bob, commune_survey=a, on=on)
        assert any(words in p for p in exc.value.problems), exc.value.problems
    board = selectors.dashboard(round_, D(2026, 11, 22))
    assert board.rows[0].progress is rules.Progress.NOTIFIED  # not sent: not "on time"
    services.report_commune(
        actor=world.bob,
        commune_survey=a,
        on=D(2026, 11, 20),
        reason="Gửi bản giấy hôm 20/11.",
        evidence=_evidence(),
    )
    a.refresh_from_db()
    assert a.report_backdated and a.report_recorded_on == D(2026, 11, 22) and a.report_evidence
    assert (
        rules.progress(
            report_before=round_.report_before,
            today=D(2026, 11, 22),
            notified_on=a.notified_on,
            reported_on=a.reported_on,
        )
        is rules.Progress.REPORTED
    )
    alice = f.client_for(world.alice)
    round_page = alice.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert '20/11/2026, <span class="late backdated">ghi lùi ngày</span>' in round_page
    page = alice.get(reverse("surveys:commune", args=[a.pk])).content.decode()
    assert "Gửi bản giấy hôm 20/11." in page
    assert alice.get(a.report_evidence.url).status_code == 200
    assert f.client_for(world.dave).get(a.report_evidence.url).status_code == 404
    sheet = load_workbook(
        io.BytesIO(alice.get(reverse("surveys:round_xlsx", args=[round_.pk])).content)
    ).active
    headers = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    row = {r[0].value: r for r in sheet.iter_rows(min_row=2)}[world.commune_a.name]
    assert row[headers.index("Ghi lùi ngày báo cáo")].value == "Có"
    doc = issuing.current(a, services.REPORT_KIND)
    assert doc is not None and doc.issued_on == D(2026, 11, 20) and doc.figures["backdated"]


def test_records_hold_notice_day_is_the_platforms(world) -> None:
    a = commune(make_round(world), world.commune_a)
    with pytest.raises(SurveyError) as exc:
        services.record_notice(
            actor=world.bob, commune_survey=a, survey_on=D(2026, 11, 23), notified_on=D(2026, 11, 1)
        )
    assert any("ghi lùi ngày cần nêu lý do" in p for p in exc.value.problems)
    services.record_notice(actor=world.bob, commune_survey=a, survey_on=D(2026, 11, 23))
    a.refresh_from_db()
    assert a.notified_on == D(2026, 11, 22) and not a.notice_backdated
    services.record_notice(
        actor=world.bob,
        commune_survey=a,
        survey_on=SURVEY_ON,
        notified_on=D(2026, 11, 1),
        reason="Công văn giấy.",
        evidence=_evidence(),
    )
    a.refresh_from_db()
    assert a.notice_backdated and a.notice_backdate_reason == "Công văn giấy."


def test_sv4_sv6_report_refused_listing_each_problem(world) -> None:
    """Scenario: the report could be sent with a civil servant's count outside SV4, or without a
    committee (SV6)."""
    round_ = make_round(world)
    a = commune(round_, world.commune_a)
    hold("Nguyễn Thị Lâu", world.ubnd_a, "cs-tu-phap-ho-tich", D(2020, 1, 1))
    hold("Trần Văn Đủ", world.ubnd_a, "cs-dia-chinh", D(2019, 1, 1))
    with on_day(D(2026, 11, 1)):
        services.record_notice(actor=world.bob, commune_survey=a, survey_on=SURVEY_ON)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    few = Subject.objects.get(commune_survey=a, person__family_name__startswith="Nguyễn")
    enough = Subject.objects.exclude(pk=few.pk).get(commune_survey=a)
    add_forms(few, "ND", "1", 90)
    add_forms(enough, "ND", "1", 120)
    with pytest.raises(SurveyError) as exc:
        services.report_commune(actor=world.bob, commune_survey=a)
    assert exc.value.problems == [
        "SV6: xã chưa có Tổ lấy ý kiến (quyết định của Chủ tịch UBND xã).",
        f"{few.person.full_name} ({few.position.name}): SV4: 90 phiếu thu về, phải từ 100 đến "
        "150 phiếu. Bổ sung phiếu hoặc Tổ lấy ý kiến ghi lý do.",
    ]
    page = f.client_for(world.bob).get(reverse("surveys:commune", args=[a.pk]))
    assert page.status_code in (200, 403)
    services.record_count_reason(actor=world.bob, subject=few, reason="Ít người đến trụ sở.")
    ensure_committee(a, world.bob)
    services.report_commune(actor=world.bob, commune_survey=a)
    doc = issuing.current(a, services.REPORT_KIND)
    assert doc is not None
    rows = {r["name"]: r for r in doc.figures["civil_servants"]}
    assert rows[few.person.full_name]["count_reason"] == "Ít người đến trụ sở."
    from pypdf import PdfReader

    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(issuing.stored(doc, "pdf"))).pages
    )
    assert "Ít người đến trụ sở." in text
    # Locked after sending: the reason, quotas and codes do not change any more.
    with pytest.raises(SurveyError):
        services.record_count_reason(actor=world.bob, subject=few, reason="")
    with pytest.raises(SurveyError):
        services.set_quota(actor=world.bob, subject=enough, officials=35, citizens=85)
    with pytest.raises(SurveyError):
        services.issue_codes(actor=world.bob, subject=enough, group="ND", count=1, today=SURVEY_ON)


def test_records_hold_online_forms_cannot_be_ordered_or_timed(world) -> None:
    """Scenario: online forms got sequential ids and an audit entry each, timed to the
    microsecond. The raw tables after online submissions show nothing that orders or times
    them."""
    round_ = make_round(world)
    a = commune(round_, world.commune_a)
    hold("Nguyễn Thị Lâu", world.ubnd_a, "cs-tu-phap-ho-tich", D(2020, 1, 1))
    with on_day(D(2026, 11, 1)):
        services.record_notice(actor=world.bob, commune_survey=a, survey_on=SURVEY_ON)
    services.compute_subjects(actor=world.bob, commune_survey=a)
    s = Subject.objects.get(commune_survey=a)
    codes = services.issue_codes(actor=world.bob, subject=s, group="ND", count=3, today=SURVEY_ON)
    audit_before = AuditEntry.objects.count()
    for code in codes:
        services.submit_online(
            code=code, overall=rules.Overall.TRUST, items=(), today=D(2026, 11, 22)
        )
    assert AuditEntry.objects.count() == audit_before  # no entry per form
    with connection.cursor() as cursor:
        for table in ("surveys_form", "surveys_onlinecode", "surveys_paperentry"):
            columns = connection.introspection.get_table_description(cursor, table)
            kinds = {
                c.name: connection.introspection.get_field_type(c.type_code, c) for c in columns
            }
            assert not [n for n, k in kinds.items() if k in ("DateTimeField", "TimeField")], table
        cursor.execute("SELECT id, collected_on FROM surveys_form")
        rows = cursor.fetchall()
    assert len(rows) == 3
    ids = [uuid.UUID(str(r[0])) for r in rows]
    assert all(i.version == 4 for i in ids)
    # the survey's day, not the day each phone answered
    assert {str(r[1])[:10] for r in rows} == {SURVEY_ON.isoformat()}
    assert not {f.name for f in OnlineCode._meta.get_fields()} & {"used_at", "used_on"}
    # One audited count when collection closes (the report).
    add_forms(s, "ND", "1", 100)
    send_report(a, world.bob, D(2026, 11, 22))
    entry = AuditEntry.objects.get(action="surveys.commune.reported")
    assert entry.changes["online_forms"] == 3
    assert not AuditEntry.objects.filter(
        target_id__in=[str(i) for i in Form.objects.values_list("pk", flat=True)]
    ).exists()
    # the forms were rewritten at close: none keeps the id it had while the phones answered
    assert not Form.objects.filter(pk__in=ids).exists()
    assert Form.objects.filter(channel="online").count() == 3


def test_sv7_flag_withdrawn_with_reason_issues_its_notice(world) -> None:
    a, b, s = _transferee(world)
    add_forms(s, "ND", "1", 40)
    add_forms(s, "ND", "0", 75)
    send_report(b, world.carol, D(2026, 11, 21))
    send_report(a, world.bob, D(2026, 11, 21))
    flag = Flag.objects.get(person=s.person)
    chairman = f.UserFactory(username="chutich")
    f.give_role(chairman, "chairman", world.province)
    services.decide_flag(
        actor=chairman, flag=flag, handling="discipline", decided_on=D(2026, 11, 22)
    )
    first = issuing.current(flag, services.NOTICE_KIND)
    assert first is not None
    with pytest.raises(SurveyError):  # announced: changing it needs a reason
        services.decide_flag(
            actor=chairman, flag=flag, handling="transfer", decided_on=D(2026, 11, 22)
        )
    client = f.client_for(chairman)
    url = reverse("surveys:flag_withdraw", args=[flag.pk])
    assert f.client_for(world.bob).post(url, {"reason": "x"}).status_code == 403
    client.post(url, {"reason": "Báo cáo xã B nhập nhầm phiếu."})
    flag.refresh_from_db()
    assert flag.withdrawn and flag.withdrawal_reason == "Báo cáo xã B nhập nhầm phiếu."
    assert AuditEntry.objects.filter(action="surveys.flag.withdrawn").count() == 1
    second = issuing.current(flag, services.NOTICE_KIND)
    assert second is not None and second.replaces_id == first.pk
    assert second.correction_reason == "Báo cáo xã B nhập nhầm phiếu."
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(issuing.stored(second, "pdf"))).pages[0].extract_text()
    assert "rút lại" in text and (first.number or "") in text
    assert not selectors.dashboard(a.round, D(2026, 11, 22)).flags


def test_sv6_committee_decision_is_issued_and_served_as_issued(world) -> None:
    round_ = make_round(world)
    a = commune(round_, world.commune_a)
    ensure_committee(a, world.bob)
    committee = round_.committees.get(unit=world.commune_a)
    vice = f.UserFactory(username="phochutich")
    f.give_role(vice, "vice_chairman", world.commune_a)
    client = f.client_for(vice)
    client.post(reverse("surveys:committee_decision_issue", args=[round_.pk, world.commune_a.pk]))
    doc = issuing.current(committee, services.DECISION_KIND)
    assert doc is not None and doc.number == "01/QĐ-UBND"
    url = reverse("surveys:committee_decision", args=[round_.pk, world.commune_a.pk, "pdf"])
    assert client.get(url).content == issuing.stored(doc, "pdf") == client.get(url).content
    with pytest.raises(SurveyError):  # a second issue is a correction, with a reason
        services.issue_committee_decision(actor=vice, committee=committee)
    services.issue_committee_decision(actor=vice, committee=committee, reason="Đổi thư ký.")
    assert IssuedDocument.objects.filter(kind=services.DECISION_KIND).count() == 2


def test_records_hold_survey_admin_is_read_only(world) -> None:
    a = commune(make_round(world), world.commune_a)
    admin_user = f.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client = f.client_for(admin_user)
    change = reverse("admin:surveys_communesurvey_change", args=[a.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"reported_on": "2026-11-01", "survey_on": "2025-01-01"})
    a.refresh_from_db()
    assert a.reported_on is None and a.survey_on is None
    assert client.get(reverse("admin:surveys_communesurvey_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:surveys_communesurvey_delete", args=[a.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert CommuneSurvey.objects.filter(pk=a.pk).exists()
