"""DC2 with DC4: the steps come in their legal order — opinions received within the window, the
summary published after the window's last day, no opinion taken once the summary is out, the
decision dated after the window and not before the summary. Each refusal names the rule and the
field, and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from danchu.audit.models import AuditEntry
from danchu.consultations import rules, services
from danchu.consultations.models import AnswerKind, Outcome, Source, Status
from danchu.consultations.services import ConsultationError
from danchu.testing.factories import client_for

from .conftest import evidence

D = dt.date


# Pure rules -----------------------------------------------------------------------------------
def test_dc2_received_on_must_fall_in_the_window_and_not_in_the_future() -> None:
    start, end, today = D(2024, 2, 29), D(2024, 3, 20), D(2024, 3, 25)
    assert rules.received_problems(start, end, start, today) == []
    assert rules.received_problems(start, end, end, today) == []
    (before,) = rules.received_problems(start, end, D(2024, 2, 28), today)
    (after,) = rules.received_problems(start, end, D(2024, 3, 21), today)
    assert before.code == after.code == "received_outside_window" and before.rule == "DC2"
    (future,) = rules.received_problems(start, end, D(2024, 3, 26), today)
    assert (future.rule, future.code) == ("DC2", "received_in_future")


def test_dc4_summary_is_published_the_day_after_the_last_window_day_at_the_earliest() -> None:
    last = D(2024, 3, 20)
    (in_window,) = rules.summary_date_problems(last, last, D(2024, 3, 25))
    assert (in_window.rule, in_window.code) == ("DC4", "summary_in_window")
    assert rules.summary_date_problems(last, D(2024, 3, 21), D(2024, 3, 21)) == []
    (future,) = rules.summary_date_problems(last, D(2024, 3, 22), D(2024, 3, 21))
    assert future.code == "summary_in_future"


def test_dc2_dc4_decision_dated_after_the_window_and_not_before_the_summary() -> None:
    last, summary = D(2024, 3, 20), D(2024, 3, 25)
    codes = [p.code for p in rules.issue_date_problems(last, last, summary)]
    assert codes == ["issued_in_window", "issued_before_summary"]
    assert [p.code for p in rules.issue_date_problems(D(2024, 3, 24), last, summary)] == [
        "issued_before_summary"
    ]
    assert rules.issue_date_problems(summary, last, summary) == []


# Services -------------------------------------------------------------------------------------
def _enter(world, c, received_on, today):  # type: ignore[no-untyped-def]
    return services.enter_opinion(
        actor=world.bob,
        consultation=c,
        source=Source.FRONT_CONFERENCE,
        text="Đề nghị bổ sung Điều 3",
        received_on=received_on,
        backdate_reason="Hội nghị đã họp, nay mới nhập.",
        backdate_evidence=evidence(),
        today=today,
    )


def test_dc2_gathered_opinion_outside_the_window_is_refused_and_nothing_written(
    world, consultation, start_day
):  # type: ignore[no-untyped-def]
    end = start_day + dt.timedelta(days=25)
    later = end + dt.timedelta(days=3)
    with translation.override("vi"), pytest.raises(ConsultationError) as exc:
        _enter(world, consultation, end + dt.timedelta(days=1), later)
    (message,) = exc.value.messages
    assert message.startswith("DC2") and f"{end:%d/%m/%Y}" in message
    with translation.override("vi"), pytest.raises(ConsultationError, match="Ngày nhận: "):
        _enter(world, consultation, start_day + dt.timedelta(days=2), start_day + dt.timedelta(1))
    assert not consultation.opinions.exists()
    assert not AuditEntry.objects.filter(action="consultations.opinion.entered").exists()
    # Entered after the window closed, but received within it: accepted.
    assert _enter(world, consultation, end, later).received_on == end


def test_dc4_summary_cannot_be_published_while_the_window_is_open(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    end = start_day + dt.timedelta(days=25)
    with pytest.raises(ConsultationError, match="DC4") as exc:
        publish_on(consultation, end)
    assert f"{end:%d/%m/%Y}" in exc.value.messages[0]
    consultation.refresh_from_db()
    assert consultation.summary_published_on is None and consultation.summary_number == ""
    # A citizen may still give an opinion on the last day, and it can still be answered.
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến", today=end)
    services.answer_opinions(actor=world.bob, opinions=[o], kind=AnswerKind.ACCEPT, text="Đã sửa")
    after = end + dt.timedelta(days=1)
    publish_on(consultation, after)
    with pytest.raises(ConsultationError, match="DC4"):
        publish_on(consultation, after)


def test_dc4_no_opinion_is_taken_once_the_summary_is_published(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    after = start_day + dt.timedelta(days=26)
    publish_on(consultation, after)
    with pytest.raises(ConsultationError, match="DC4"):
        _enter(world, consultation, start_day, after)
    consultation.refresh_from_db()
    with pytest.raises(ConsultationError, match="DC4"):
        services.submit_public_opinion(consultation=consultation, text="Muộn", today=start_day)
    assert services.unanswered(consultation) == 0


def test_dc2_dc4_decision_dated_in_the_window_or_before_the_summary_is_refused(
    world, consultation, start_day, publish_on, at
):  # type: ignore[no-untyped-def]
    end = start_day + dt.timedelta(days=25)
    summary_on = end + dt.timedelta(days=3)
    publish_on(consultation, summary_on)
    consultation.refresh_from_db()
    at(summary_on + dt.timedelta(days=5))

    def issue(on):  # type: ignore[no-untyped-def]
        return services.issue_regulation(
            actor=world.bob,
            consultation=consultation,
            outcome=Outcome.ADOPTED,
            number="12/QĐ-UBND",
            issued_on=on,
            signer_authority="TM.",
            signer_position="Chủ tịch",
            signer_name="Trương Tiến Dũng",
            backdate_reason="Quyết định ký trước, nay mới nhập.",
            backdate_evidence=evidence(),
        )

    with pytest.raises(ConsultationError) as exc:
        issue(end)
    assert [m[:3] for m in exc.value.messages] == ["DC2", "DC4"]
    with pytest.raises(ConsultationError, match="DC4"):
        issue(summary_on - dt.timedelta(days=1))
    consultation.refresh_from_db()
    assert consultation.status == Status.PUBLISHED and consultation.regulation_number == ""
    issue(summary_on)
    consultation.refresh_from_db()
    assert consultation.status == Status.ISSUED and consultation.issued_on == summary_on


# Page -----------------------------------------------------------------------------------------
def test_dc4_summary_page_refuses_an_open_window_in_vietnamese(world, consultation, start_day):  # type: ignore[no-untyped-def]
    client = client_for(world.bob)
    client.cookies["django_language"] = "vi"
    r = client.post(
        reverse("consultations:summary_publish", args=[consultation.pk]),
        {"on": start_day.isoformat()},
        follow=True,
    )
    page = r.content.decode()
    end = start_day + dt.timedelta(days=25)
    assert "DC4: Ngày công khai" in page and f"{end:%d/%m/%Y}" in page
    consultation.refresh_from_db()
    assert consultation.summary_published_on is None


def test_dc4_plan_and_windows_are_frozen_once_the_summary_is_published(
    world, consultation, start_day, publish_on
):  # type: ignore[no-untyped-def]
    after = start_day + dt.timedelta(days=26)
    publish_on(consultation, after)
    consultation.refresh_from_db()
    with pytest.raises(ConsultationError, match="DC4"):
        services.set_plan(
            actor=world.bob,
            consultation=consultation,
            plan_number="05/KH-UBND",
            plan_date=None,
            content_published_on=start_day + dt.timedelta(days=1),
        )
    audience = consultation.audiences.get()
    with pytest.raises(ConsultationError, match="DC4"):
        services.set_audience(
            actor=world.bob,
            consultation=consultation,
            audience=audience.audience,
            gatherings=audience.gatherings,
            window_start=audience.window_start,
            window_end=audience.window_end + dt.timedelta(days=10),
        )
    consultation.refresh_from_db()
    assert consultation.content_published_on == start_day
    assert consultation.audiences.get().window_end == audience.window_end
