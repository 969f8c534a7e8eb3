"""Issue 10 "Records that hold", consultations side: each scenario replayed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.consultations import models, selectors, services
from danchu.consultations.models import AnswerKind, Channel, FactKind, Opinion, Phase
from danchu.consultations.services import ConsultationError
from danchu.core import clock
from danchu.documents import issuing
from danchu.testing.factories import client_for

from .conftest import evidence

pytestmark = pytest.mark.django_db


def test_records_hold_dc3_posting_dated_in_2027_is_refused(world, consultation):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="chưa đến"):
        services.record_publication(
            actor=world.bob,
            consultation=consultation,
            phase=Phase.PLAN,
            channel=Channel.POSTING_OFFICE,
            start=dt.date(2027, 1, 5),
            evidence=evidence(),
        )
    assert not consultation.publications.exists()


def test_records_hold_dc3_backdated_posting_needs_reason_and_evidence_and_is_marked(
    world, consultation, start_day
):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="lý do"):
        services.record_publication(
            actor=world.bob,
            consultation=consultation,
            phase=Phase.PLAN,
            channel=Channel.POSTING_OFFICE,
            start=start_day,
            evidence=evidence(),
        )
    record = services.record_publication(
        actor=world.bob,
        consultation=consultation,
        phase=Phase.PLAN,
        channel=Channel.POSTING_OFFICE,
        start=start_day,
        end=dt.date(2027, 3, 1),
        evidence=evidence(),
        backdate_reason="Niêm yết từ 17/11, nay mới nhập.",
    )
    assert record.backdated and record.recorded_on == clock.today()
    entry = AuditEntry.objects.filter(action="consultations.publication.recorded").latest("pk")
    assert entry.changes["backdated"] is True
    (dc3,) = [s for s in selectors.steps(consultation, clock.today()) if s.rule == "DC3"]
    assert dc3.state != "met"  # the posting runs until 2027: in progress, not met


def test_records_hold_dc6_report_presented_before_the_consultation_began_is_refused(
    world, consultation, start_day
):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="DC6"):
        services.set_council_report(
            actor=world.bob,
            consultation=consultation,
            session_on=start_day + dt.timedelta(days=40),
            presented_on=start_day - dt.timedelta(days=3),
            backdate_reason="x",
            backdate_evidence=evidence(),
        )
    consultation.refresh_from_db()
    assert consultation.report_presented_on is None


def test_records_hold_dc6_presented_in_the_future_is_refused(world, consultation, start_day):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError, match="chưa đến"):
        services.set_council_report(
            actor=world.bob,
            consultation=consultation,
            session_on=clock.today() + dt.timedelta(days=3),
            presented_on=clock.today() + dt.timedelta(days=3),
        )


def test_records_hold_backdated_summary_is_marked_on_page_and_api(
    world, consultation, start_day, at
):  # type: ignore[no-untyped-def]
    services.submit_public_opinion(consultation=consultation, text="Nhất trí")
    services.answer_opinions(
        actor=world.bob,
        opinions=list(consultation.opinions.all()),
        kind=AnswerKind.EXPLAIN,
        text="Ghi nhận",
    )
    on = start_day + dt.timedelta(days=26)
    at(on + dt.timedelta(days=4))
    with pytest.raises(ConsultationError, match="minh chứng"):
        services.publish_summary(
            actor=world.bob, consultation=consultation, on=on, backdate_reason="Đã niêm yết"
        )
    services.publish_summary(
        actor=world.bob,
        consultation=consultation,
        on=on,
        backdate_reason="Đã niêm yết giấy ngày 13/12",
        backdate_evidence=evidence(),
    )
    assert FactKind.SUMMARY_PUBLISHED in consultation.backdated_facts()
    page = client_for(world.bob).get(reverse("consultations:detail", args=[consultation.pk]))
    assert "ghi lùi ngày" in page.content.decode().lower() or "back-dated" in page.content.decode()
    api = Client().get(f"/api/consultations/public/{consultation.slug}/").json()
    assert api["backdated"]["summary_published"]["reason"] == "Đã niêm yết giấy ngày 13/12"


def test_records_hold_dc4_reopening_is_audited_shown_and_republishing_is_a_correction(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến")
    services.answer_opinions(actor=world.bob, opinions=[o], kind=AnswerKind.EXPLAIN, text="A")
    publish_on(consultation, start_day + dt.timedelta(days=26))
    with pytest.raises(ConsultationError, match="DC4"):
        services.answer_opinions(actor=world.bob, opinions=[o], kind=AnswerKind.EXPLAIN, text="B")
    with pytest.raises(ConsultationError):
        services.reopen_summary(actor=world.bob, consultation=consultation, reason="")
    services.reopen_summary(
        actor=world.bob, consultation=consultation, reason="Trả lời sai ý kiến số 1"
    )
    assert AuditEntry.objects.filter(action="consultations.summary.reopened").count() == 1
    services.answer_opinions(actor=world.bob, opinions=[o], kind=AnswerKind.EXPLAIN, text="B")
    consultation.refresh_from_db()
    services.publish_summary(actor=world.bob, consultation=consultation)
    docs = issuing.history(consultation, services.SUMMARY_KIND)
    assert [d.number for d in docs] == ["01/BTH-UBND", "02/BTH-UBND"]
    assert docs[1].replaces == docs[0] and docs[1].correction_reason == "Trả lời sai ý kiến số 1"
    page = Client().get(reverse("consultations:public", args=[consultation.slug]))
    assert "Trả lời sai ý kiến số 1" in page.content.decode()


def test_records_hold_anonymous_public_opinion_leaves_nothing_that_orders_or_times_it(
    consultation,
):  # type: ignore[no-untyped-def]
    """Issue 10, point 5: random ids, the day only, no audit entry of its own."""
    before = AuditEntry.objects.count()
    ids = [
        services.submit_public_opinion(consultation=consultation, text=f"Ý kiến {i}").pk
        for i in range(6)
    ]
    assert AuditEntry.objects.count() == before
    assert ids != sorted(ids) or ids != list(range(ids[0], ids[0] + 6))
    assert max(ids) > 10**6  # not a small sequence
    fields = {f.name: f for f in Opinion._meta.get_fields() if hasattr(f, "get_internal_type")}
    assert not [
        n
        for n, f in fields.items()
        if f.get_internal_type() == "DateTimeField" and n not in {"answered_at", "hidden_at"}
    ]
    assert {o.recorded_on for o in Opinion.objects.all()} == {clock.today()}


def test_records_hold_every_consultation_model_is_read_only_in_the_admin(rf, world):  # type: ignore[no-untyped-def]
    request = rf.get("/admin/")
    request.user = world.root
    for model in (
        models.Consultation,
        models.DraftVersion,
        models.Opinion,
        models.PublicationRecord,
    ):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_change_permission(request)
