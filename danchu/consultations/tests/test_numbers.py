"""DC4 / DC6 with DOC1: the summary table and the report take their numbers from the issuer's
yearly series (``danchu.documents.services.issue_number``), never typed in."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.consultations import forms, papers, services
from danchu.consultations.models import AnswerKind, Opinion
from danchu.consultations.services import ConsultationError
from danchu.core import clock
from danchu.documents import issuing
from danchu.documents.models import IssuedNumber
from danchu.documents.services import issue_number
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

FORMATS = ("pdf", "docx", "xlsx")


def _answer_all_and_publish(world, c, on, publish_on):  # type: ignore[no-untyped-def]
    services.submit_public_opinion(consultation=c, text="Nhất trí", today=c.content_published_on)
    services.answer_opinions(
        actor=world.bob, opinions=list(c.opinions.all()), kind=AnswerKind.EXPLAIN, text="Ghi nhận"
    )
    publish_on(c, on)
    c.refresh_from_db()


def test_dc4_doc1_summary_takes_the_next_number_of_the_issuers_yearly_series(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    on = start_day + dt.timedelta(days=26)
    # The issuer already issued a plan this year: one series per issuer and year, any kind.
    assert issue_number(agency=world.ubnd_a, symbol="KH", year=on.year) == "01/KH-UBND"
    unnumbered = papers.summary_document(consultation)
    assert unnumbered.number_text == "Số:        /BTH-UBND"
    _answer_all_and_publish(world, consultation, on, publish_on)
    assert consultation.summary_number == "02/BTH-UBND"
    doc = papers.summary_document(consultation)
    assert doc.number_text == "Số: 02/BTH-UBND" and doc.date == on
    issued = IssuedNumber.objects.get(text="02/BTH-UBND")
    assert (issued.series.agency, issued.series.year, issued.number) == (world.ubnd_a, on.year, 2)
    entry = AuditEntry.objects.filter(action="consultations.summary.published").latest("pk")
    assert entry.changes["number"] == "02/BTH-UBND"


def test_dc6_doc1_report_number_is_taken_once_and_dates_the_report(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    """The frozen clock (22/11/2026) keeps every day of this test in one year: it no longer
    depends on the day the suite runs (issue 10: it failed from 07/12/2026 on)."""
    on = start_day + dt.timedelta(days=26)
    _answer_all_and_publish(world, consultation, on, publish_on)  # 01/BTH-UBND
    dated = on + dt.timedelta(days=3)
    assert on.year == dated.year
    at(dated)
    assert services.issue_report_number(actor=world.bob, consultation=consultation) == (
        "02/BC-UBND"
    )
    consultation.refresh_from_db()
    doc = papers.report_document(consultation, today=dated + dt.timedelta(days=10))
    assert doc.number_text == "Số: 02/BC-UBND" and doc.date == dated
    with pytest.raises(ConsultationError, match="02/BC-UBND"):
        services.issue_report_number(actor=world.bob, consultation=consultation, on=dated)
    assert IssuedNumber.objects.filter(series__agency=world.ubnd_a).count() == 2
    assert AuditEntry.objects.filter(action="consultations.report.numbered").count() == 1


def test_doc1_report_numbered_next_january_restarts_at_01(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    """Crosses 1 January on purpose: the clock is moved into the next year."""
    _answer_all_and_publish(world, consultation, start_day + dt.timedelta(days=26), publish_on)
    next_year = dt.date(consultation.summary_published_on.year + 1, 1, 2)
    at(next_year)
    number = services.issue_report_number(actor=world.bob, consultation=consultation)
    assert (consultation.summary_number, number) == ("01/BTH-UBND", "01/BC-UBND")


@pytest.mark.clock("2026-12-31 23:50")
def test_doc1_year_boundary_on_purpose_numbers_restart_on_1_january(world, start_day, publish_on):  # type: ignore[no-untyped-def]
    """A consultation published in the last days of 2026 whose summary comes out in 2027: the
    plan took 01/KH-UBND of 2026, the summary takes 01/BTH-UBND of 2027 (DOC1: one series per
    issuer and year, restarting each 1 January)."""
    from .conftest import build

    assert clock.today() == dt.date(2026, 12, 31)
    plan = issue_number(agency=world.ubnd_a, symbol="KH", year=clock.today().year)
    c = build(world, start_day)
    services.publish_consultation(actor=world.bob, consultation=c)
    _answer_all_and_publish(world, c, start_day + dt.timedelta(days=26), publish_on)
    assert c.summary_published_on.year == 2027
    assert (plan, c.summary_number) == ("01/KH-UBND", "01/BTH-UBND")


def test_records_hold_issued_summary_and_report_are_served_byte_for_byte(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    """Issue 10, point 1: the summary (PDF, DOCX, XLSX) when published and the report when
    numbered are stored as issued; later downloads are the same bytes even after the data they
    were made from changed; the public page serves the same bytes."""
    _answer_all_and_publish(world, consultation, start_day + dt.timedelta(days=26), publish_on)
    client = client_for(world.bob)
    urls = [reverse("consultations:summary_file", args=[consultation.pk, f]) for f in FORMATS]
    first = [client.get(u).content for u in urls]
    assert first[0].startswith(b"%PDF") and first[1].startswith(b"PK")
    public = [
        Client().get(reverse("consultations:public_summary", args=[consultation.slug, f])).content
        for f in FORMATS
    ]
    assert first == public and all(first)
    doc = issuing.current(consultation, services.SUMMARY_KIND)
    assert doc.number == "01/BTH-UBND" and set(doc.figures) >= {"opinions", "rows"}
    entry = AuditEntry.objects.filter(action="documents.issued").latest("pk")
    assert entry.changes["sha256"]["pdf"] == hashlib.sha256(first[0]).hexdigest()
    # The data changes under the document (a name added in the database, the title renamed).
    Opinion.objects.update(text="Đã sửa sau khi công khai")
    type(consultation).objects.filter(pk=consultation.pk).update(title="Tên khác")
    again = [client.get(u).content for u in urls]
    assert again == first
    at(start_day + dt.timedelta(days=30))
    services.issue_report_number(actor=world.bob, consultation=consultation)
    client = client_for(world.bob)  # the clock moved: a fresh session
    report_url = reverse("consultations:report_file", args=[consultation.pk, "pdf"])
    report = client.get(report_url).content
    assert report.startswith(b"%PDF")
    Opinion.objects.all().delete()
    resp = client.get(report_url)
    assert resp.status_code == 200 and resp.content == report
    assert resp["ETag"] == f'"{hashlib.sha256(report).hexdigest()}"'


def test_records_hold_report_correction_is_a_new_number_naming_the_old(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    _answer_all_and_publish(world, consultation, start_day + dt.timedelta(days=26), publish_on)
    at(start_day + dt.timedelta(days=30))
    first = services.issue_report_number(actor=world.bob, consultation=consultation)
    old = issuing.current(consultation, services.REPORT_KIND)
    with pytest.raises(ConsultationError):
        services.correct_report(actor=world.bob, consultation=consultation, reason=" ")
    second = services.correct_report(
        actor=world.bob, consultation=consultation, reason="Sai số liệu ý kiến"
    )
    assert (first, second) == ("02/BC-UBND", "03/BC-UBND")
    new = issuing.current(consultation, services.REPORT_KIND)
    assert new.replaces == old and new.correction_reason == "Sai số liệu ý kiến"
    client = client_for(world.bob)
    old_pdf = client.get(
        reverse("consultations:issued_file", args=[consultation.pk, old.pk, "pdf"])
    )
    assert old_pdf.status_code == 200 and old_pdf.content == issuing.stored(old, "pdf")
    r = client_for(world.bob).get(f"/api/consultations/{consultation.pk}/")
    docs = {d["number"]: d for d in r.json()["documents"]}
    assert docs["03/BC-UBND"]["replaces"] == "02/BC-UBND" and not docs["02/BC-UBND"]["in_force"]


def test_dc6_report_number_refused_before_publication(world, start_day):  # type: ignore[no-untyped-def]
    from .conftest import build

    c = build(world, start_day)
    with pytest.raises(ConsultationError):
        services.issue_report_number(actor=world.bob, consultation=c, on=start_day)
    assert not IssuedNumber.objects.exists()


def test_dc6_report_page_issues_the_number_and_no_longer_types_it(
    world, consultation, actors, start_day
):  # type: ignore[no-untyped-def]
    assert "report_number" not in forms.ReportForm.base_fields
    url = reverse("consultations:report_number", args=[consultation.pk])
    on = clock.today()
    assert client_for(actors.council).post(url, {"on": on.isoformat()}).status_code == 403
    r = client_for(actors.drafter).post(url, {"on": on.isoformat()})
    assert r.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.report_number, consultation.report_dated_on) == ("01/BC-UBND", on)
    page = client_for(actors.drafter).get(reverse("consultations:report", args=[consultation.pk]))
    assert "01/BC-UBND" in page.content.decode()
