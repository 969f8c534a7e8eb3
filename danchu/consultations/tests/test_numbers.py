"""DC4 / DC6 with DOC1: the summary table and the report take their numbers from the issuer's
yearly series (``danchu.documents.services.issue_number``), never typed in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.consultations import forms, papers, services
from danchu.consultations.models import AnswerKind
from danchu.consultations.services import ConsultationError
from danchu.documents.models import IssuedNumber
from danchu.documents.services import issue_number
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


def _answer_all_and_publish(world, c, on):  # type: ignore[no-untyped-def]
    services.submit_public_opinion(consultation=c, text="Nhất trí", today=c.content_published_on)
    services.answer_opinions(
        actor=world.bob, opinions=list(c.opinions.all()), kind=AnswerKind.EXPLAIN, text="Ghi nhận"
    )
    services.publish_summary(actor=world.bob, consultation=c, on=on, today=on)
    c.refresh_from_db()


def test_dc4_doc1_summary_takes_the_next_number_of_the_issuers_yearly_series(
    world, consultation, start_day
):  # type: ignore[no-untyped-def]
    on = start_day + dt.timedelta(days=26)
    # The issuer already issued a plan this year: one series per issuer and year, any kind.
    assert issue_number(agency=world.ubnd_a, symbol="KH", year=on.year) == "01/KH-UBND"
    unnumbered = papers.summary_document(consultation)
    assert unnumbered.number_text == "Số:        /BTH-UBND"
    _answer_all_and_publish(world, consultation, on)
    assert consultation.summary_number == "02/BTH-UBND"
    doc = papers.summary_document(consultation)
    assert doc.number_text == "Số: 02/BTH-UBND" and doc.date == on
    issued = IssuedNumber.objects.get(text="02/BTH-UBND")
    assert (issued.series.agency, issued.series.year, issued.number) == (world.ubnd_a, on.year, 2)
    entry = AuditEntry.objects.filter(action="consultations.summary.published").latest("pk")
    assert entry.changes["number"] == "02/BTH-UBND"


def test_dc6_doc1_report_number_is_taken_once_and_dates_the_report(world, consultation, start_day):  # type: ignore[no-untyped-def]
    on = start_day + dt.timedelta(days=26)
    _answer_all_and_publish(world, consultation, on)  # 01/BTH-UBND
    dated = on + dt.timedelta(days=3)
    assert services.issue_report_number(actor=world.bob, consultation=consultation, on=dated) == (
        "02/BC-UBND"
    )
    consultation.refresh_from_db()
    doc = papers.report_document(consultation, today=dated + dt.timedelta(days=10))
    assert doc.number_text == "Số: 02/BC-UBND" and doc.date == dated
    with pytest.raises(ConsultationError, match="02/BC-UBND"):
        services.issue_report_number(actor=world.bob, consultation=consultation, on=dated)
    assert IssuedNumber.objects.filter(series__agency=world.ubnd_a).count() == 2
    assert AuditEntry.objects.filter(action="consultations.report.numbered").count() == 1


def test_doc1_report_numbered_next_january_restarts_at_01(world, consultation, start_day):  # type: ignore[no-untyped-def]
    _answer_all_and_publish(world, consultation, start_day + dt.timedelta(days=26))
    next_year = dt.date(consultation.summary_published_on.year + 1, 1, 2)
    number = services.issue_report_number(actor=world.bob, consultation=consultation, on=next_year)
    assert (consultation.summary_number, number) == ("01/BTH-UBND", "01/BC-UBND")


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
    on = start_day + dt.timedelta(days=1)
    assert client_for(actors.council).post(url, {"on": on.isoformat()}).status_code == 403
    r = client_for(actors.drafter).post(url, {"on": on.isoformat()})
    assert r.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.report_number, consultation.report_dated_on) == ("01/BC-UBND", on)
    page = client_for(actors.drafter).get(reverse("consultations:report", args=[consultation.pk]))
    assert "01/BC-UBND" in page.content.decode()
