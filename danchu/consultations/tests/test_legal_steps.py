"""Issue 18, "The legal steps": the summary waits for the bodies' aggregates (DC7), a staff
consultation is never on the public page (DC1), the LD8 majority is counted by opinions and by
people with the reading shown, and DC6 is not demanded for the agency's own regulation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danchu.consultations import rules, selectors, services
from danchu.consultations.models import (
    AnswerKind,
    Audience,
    Body,
    Consultation,
    Opinion,
    Outcome,
    Source,
    Stance,
)
from danchu.consultations.services import ConsultationError
from danchu.core import clock
from danchu.testing.factories import client_for

from .conftest import build, evidence

pytestmark = pytest.mark.django_db


# DC7 — the summary waits for every body's aggregate or its due day -----------------------------
def test_dc7_summary_waits_for_the_aggregates_or_their_due_days(
    world, consultation, actors, start_day, at
):  # type: ignore[no-untyped-def]
    council_due = start_day + dt.timedelta(days=30)
    front_due = start_day + dt.timedelta(days=28)
    council = services.set_send_due(
        actor=world.bob, consultation=consultation, body=Body.COUNCIL, due=council_due
    )
    services.set_send_due(
        actor=world.bob, consultation=consultation, body=Body.FRONT, due=front_due
    )
    closed = start_day + dt.timedelta(days=26)  # the citizens' window closed yesterday
    at(closed)
    with pytest.raises(ConsultationError) as exc:
        services.publish_summary(actor=world.bob, consultation=consultation)
    awaited = [m for m in exc.value.messages if m.startswith("DC7")]
    assert len(awaited) == 2 and front_due.strftime("%d/%m/%Y") in " ".join(awaited)
    consultation.refresh_from_db()
    assert consultation.summary_published_on is None
    # The Front still brings its conference's opinions meanwhile (they were refused before).
    services.enter_opinion(
        actor=actors.front,
        consultation=consultation,
        source=Source.FRONT_CONFERENCE,
        text="Cử tri đề nghị công khai thêm quỹ",
        received_on=start_day + dt.timedelta(days=20),
        backdate_reason="Biên bản hội nghị nhập sau",
        backdate_evidence=evidence(),
    )
    services.answer_opinions(
        actor=world.bob,
        opinions=list(consultation.opinions.all()),
        kind=AnswerKind.ACCEPT,
        text="Bổ sung Điều 3",
    )
    services.record_send(actor=actors.council, send=council)  # the council sent today
    with pytest.raises(ConsultationError) as exc:
        services.publish_summary(actor=world.bob, consultation=consultation)
    assert [m for m in exc.value.messages if m.startswith("DC7")] == [
        m for m in awaited if "Mặt trận" in m or "Fatherland" in m
    ]
    at(front_due + dt.timedelta(days=1))  # the Front's due day has passed without a send
    services.publish_summary(actor=world.bob, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.summary_published_on == front_due + dt.timedelta(days=1)


def test_dc7_rule_whichever_comes_first():  # type: ignore[no-untyped-def]
    due = dt.date(2026, 3, 25)
    council = rules.Body.COUNCIL
    assert rules.summary_awaits_aggregates([(council, due, None)], due)  # due day: still waits
    assert not rules.summary_awaits_aggregates([(council, due, None)], due + dt.timedelta(days=1))
    assert not rules.summary_awaits_aggregates([(council, due, dt.date(2026, 3, 20))], due)
    # Sent after the (back-dated) publication day does not count for it.
    assert rules.summary_awaits_aggregates(
        [(council, due, dt.date(2026, 3, 24))], due.replace(day=23)
    )


# DC1 — a staff consultation is for the agency's staff only -------------------------------------
@pytest.fixture
def staff_consultation(world, start_day) -> Consultation:  # type: ignore[no-untyped-def]
    c = build(world, start_day, scope="agency")
    services.publish_consultation(actor=world.bob, consultation=c)
    c.refresh_from_db()
    return c


def test_dc1_staff_consultation_is_not_on_the_public_page(world, staff_consultation):  # type: ignore[no-untyped-def]
    c = staff_consultation
    url = reverse("consultations:public", args=[c.slug])
    anonymous = Client()
    r = anonymous.get(url)
    assert r.status_code == 302 and "login" in r["Location"]  # staff sign in from the link
    r = anonymous.post(url, {"text": "Ý kiến ẩn danh", "stance": "none", "article": ""})
    assert r.status_code == 302 and Opinion.objects.count() == 0
    assert client_for(world.dave).get(url).status_code == 404  # signed in, not staff
    assert client_for(world.carol).get(url).status_code == 404  # staff of another commune
    assert Client().get(f"/api/consultations/public/{c.slug}/").status_code == 404
    index = Client().get(reverse("consultations:public_index")).content.decode()
    assert c.title not in index
    with pytest.raises(ConsultationError) as exc:
        services.submit_public_opinion(consultation=c, text="Ý kiến")
    assert exc.value.messages[0].startswith("DC1")


def test_dc1_signed_in_staff_give_their_opinion_counted_as_staff(world, staff_consultation):  # type: ignore[no-untyped-def]
    c = staff_consultation
    bob = client_for(world.bob)  # officer of the commune: staff of the agency
    url = reverse("consultations:public", args=[c.slug])
    assert bob.get(url).status_code == 200
    r = bob.post(url, {"text": "Đề nghị làm rõ Điều 2", "stance": "none", "article": "2"})
    assert r.status_code == 302
    o = Opinion.objects.get()
    assert o.audience == Audience.STAFF and o.entered_by is None  # still anonymous


# LD8 — by opinions and by people -----------------------------------------------------------------
def _conference_and_posts(world, c, actors, start_day):  # type: ignore[no-untyped-def]
    services.enter_opinion(
        actor=actors.council,
        consultation=c,
        source=Source.COUNCIL_CONFERENCE,
        source_detail="Hội nghị cử tri Thôn 1",
        text="Cử tri nhất trí với dự thảo",
        stance=Stance.SUPPORT,
        represents=120,
        received_on=clock.today(),
    )
    for i in range(3):
        services.submit_public_opinion(
            consultation=c, text=f"Không đồng ý mức đóng góp {i}", stance=Stance.OPPOSE
        )
    services.answer_opinions(
        actor=world.bob, opinions=list(c.opinions.all()), kind=AnswerKind.EXPLAIN, text="Giữ nguyên"
    )


def test_ld8_majority_is_shown_by_opinions_and_by_people(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    _conference_and_posts(world, consultation, actors, start_day)
    by_people = services.majority(consultation)
    assert by_people.reading == rules.Reading.PEOPLE == rules.DEFAULT_READING
    assert (by_people.by_opinions, by_people.by_people) == ((1, 3), (120, 3))
    assert by_people.view == Stance.SUPPORT and by_people.readings_differ
    by_opinions = services.majority(consultation, "opinions")
    assert by_opinions.view == Stance.OPPOSE
    page = client_for(world.bob).get(reverse("consultations:issue", args=[consultation.pk]))
    html = page.content.decode()
    assert 'id="majority" data-reading="people"' in html
    assert "120" in html and "3" in html
    (ld8,) = [s for s in selectors.steps(consultation, clock.today()) if s.rule == "LD8"] or [None]
    assert ld8 is None  # no decision yet


def test_ld8_the_reading_chosen_decides_whether_a_reason_is_needed(
    world, consultation, actors, start_day, at
):  # type: ignore[no-untyped-def]
    _conference_and_posts(world, consultation, actors, start_day)
    after = start_day + dt.timedelta(days=26)
    at(after)
    services.publish_summary(actor=world.bob, consultation=consultation)
    at(after + dt.timedelta(days=1))
    kwargs = dict(
        actor=world.bob,
        consultation=consultation,
        outcome=Outcome.ADOPTED,
        number="12/QĐ-UBND",
        issued_on=after + dt.timedelta(days=1),
        signer_authority="TM.",
        signer_position="Chủ tịch",
        signer_name="Trương Tiến Dũng",
    )
    with pytest.raises(ConsultationError) as exc:  # one per opinion: 3 of 4 disagree
        services.issue_regulation(**kwargs, majority_reading="opinions")
    assert any(m.startswith("LD8") for m in exc.value.messages)
    services.issue_regulation(**kwargs, majority_reading="people")  # 120 of 123 people agree
    consultation.refresh_from_db()
    assert consultation.majority_reading == "people"
    (ld8,) = [s for s in selectors.steps(consultation, clock.today()) if s.rule == "LD8"]
    assert ld8.state == "met" and "120" in ld8.notes[0]
    page = Client().get(reverse("consultations:public", args=[consultation.slug])).content.decode()
    assert 'data-reading="people"' in page


def test_ld8_represents_is_bounded_and_public_opinions_speak_for_one(world, consultation, actors):  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError):
        services.enter_opinion(
            actor=actors.council,
            consultation=consultation,
            source=Source.COUNCIL_CONFERENCE,
            text="Nhất trí",
            represents=0,
            received_on=clock.today(),
        )
    o = services.submit_public_opinion(consultation=consultation, text="Ý kiến")
    assert o.represents == 1


# DC6 — not demanded for the agency's own regulation ---------------------------------------------
def test_dc6_report_is_not_demanded_for_the_agencys_own_regulation(
    world, staff_consultation, actors, start_day, at
):  # type: ignore[no-untyped-def]
    assert rules.council_report_required(rules.Scope.COMMUNE)
    assert not rules.council_report_required(rules.Scope.AGENCY)
    c = staff_consultation
    after = start_day + dt.timedelta(days=11)
    at(after)
    services.publish_summary(actor=world.bob, consultation=c)
    services.issue_regulation(
        actor=world.bob,
        consultation=c,
        outcome=Outcome.ADOPTED,
        number="01/QĐ-UBND",
        issued_on=after,
        signer_authority="TM.",
        signer_position="Chủ tịch",
        signer_name="Trương Tiến Dũng",
    )
    c.refresh_from_db()
    rules_shown = {s.rule for s in selectors.steps(c, clock.today())}
    assert "DC5" in rules_shown and "DC6" not in rules_shown
