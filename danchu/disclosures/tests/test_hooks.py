"""LD1: disclosures made elsewhere enter the register by themselves — a consultation's plan and
draft, its summary of opinions (DC), a commune People's Council confidence vote's result (CV)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from danchu.consultations import services as consultations
from danchu.consultations.tests.conftest import build as build_consultation
from danchu.core import clock
from danchu.disclosures import rules, selectors
from danchu.disclosures.models import Disclosure, Source
from danchu.documents import issuing
from danchu.votes import services as votes
from danchu.votes.models import Denominator, VoteRound
from danchu.votes.tests.conftest import build as build_vote
from danchu.votes.tests.conftest import counted_round

pytestmark = pytest.mark.django_db

PAPERS = [["1", "1", "3"], ["1", "2", "3"], ["2", "2", "3"], ["3", "2", "1"]]


def test_ld1_publishing_a_consultation_enters_its_plan_in_category_11(world):  # type: ignore[no-untyped-def]
    start = clock.today() - dt.timedelta(days=5)
    c = build_consultation(world, start)
    assert not Disclosure.objects.exists()  # not yet published
    consultations.publish_consultation(actor=world.bob, consultation=c)
    d = Disclosure.objects.get()
    assert d.category == rules.CONSULTATION_CATEGORY and d.source == Source.CONSULTATION_PLAN
    assert d.commune == world.commune_a
    assert d.decided_on == start - dt.timedelta(days=3)  # the plan's date
    assert d.decision_ref == "Kế hoạch số 05/KH-UBND"
    assert d.link == reverse("consultations:public", args=[c.slug])
    assert d.disclosed_on == start  # on the platform's public page since the content was published
    assert selectors.is_public(d)
    c.save()  # saving again adds nothing
    assert Disclosure.objects.count() == 1


def test_ld1_staff_consultation_is_not_a_disclosure_to_residents(world):  # type: ignore[no-untyped-def]
    c = build_consultation(world, clock.today() - dt.timedelta(days=5), scope="agency")
    consultations.publish_consultation(actor=world.bob, consultation=c)
    assert not Disclosure.objects.exists()


def test_ld1_the_published_summary_enters_with_its_issued_document(world, clock):  # type: ignore[no-untyped-def]
    start = dt.date(2026, 11, 17)
    c = build_consultation(world, start)
    consultations.publish_consultation(actor=world.bob, consultation=c)
    day = start + dt.timedelta(days=26)
    clock.move_to(dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    c.refresh_from_db()
    consultations.publish_summary(actor=world.bob, consultation=c)
    d = Disclosure.objects.get(source=Source.CONSULTATION_SUMMARY)
    doc = issuing.current(c, "consultations.summary")
    assert doc is not None and d.document == doc
    assert d.category == 11 and d.decided_on == day and d.disclosed_on == day
    # the public page serves the issued bytes
    from django.test import Client

    url = reverse("disclosures:public_document", args=[world.commune_a.pk, d.pk, "pdf"])
    response = Client().get(url)
    assert response.status_code == 200
    assert b"".join(response) == issuing.stored(doc, "pdf")


def test_ld1_an_announced_council_confidence_vote_enters_category_10(world):  # type: ignore[no-untyped-def]
    vw = build_vote(world)
    VoteRound.objects.filter(pk=vw.vote.pk).update(denominator=Denominator.CONVENED)
    vw.vote.refresh_from_db()
    counted_round(vw, PAPERS, announce=False)
    assert not Disclosure.objects.exists()  # counted, not yet announced
    votes.announce(actor=vw.head, vote=vw.vote, on=dt.date(2026, 11, 20))
    d = Disclosure.objects.get()
    assert d.category == rules.CONFIDENCE_VOTE_CATEGORY and d.source == Source.VOTE_RESULT
    assert d.decided_on == dt.date(2026, 11, 20)
    assert d.link == reverse("votes:detail", args=[vw.vote.pk])
    assert d.document is None  # the minutes are secret (CV10): never attached
    assert not selectors.is_public(d)  # the office posts it; nothing goes public by itself


def test_cv11_a_party_regulation_vote_never_enters_the_register(world):  # type: ignore[no-untyped-def]
    vw = build_vote(world)  # counted over ballots returned: Regulation 96-QĐ/TW
    counted_round(vw, PAPERS)
    assert not Disclosure.objects.exists()
