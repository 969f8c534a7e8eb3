"""``danchu demo`` shows a province's year with its communes classified, idempotently."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.classification import selectors
from danchu.classification.models import Assessment, AssessmentStatus, Round, RoundStatus
from danchu.web.management.commands.demo import build_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def run_demo(today: dt.date):  # type: ignore[no-untyped-def]
    from django.db import transaction

    from danchu.classification import demo as classification_demo

    with transaction.atomic():
        demo = build_demo(today)
        return demo, classification_demo.build(demo)


def test_gr1_demo_province_year_classified_against_last_year():
    demo, extra = run_demo(TODAY)
    counts = (Round.objects.count(), Assessment.objects.count())
    run_demo(TODAY)
    assert (Round.objects.count(), Assessment.objects.count()) == counts
    assert {u for u, _ in extra} >= {"noivu", "chutich"}
    from danchu.classification.models import ApologyCase, CommuneFacts, OfficialRating

    assert ApologyCase.objects.filter(commune=demo.communes[0]).count() == 1
    assert CommuneFacts.objects.filter(commune=demo.communes[0], year=2026).count() == 1
    assert OfficialRating.objects.filter(decided_level__gt="").exists()
    last = Round.objects.get(province=demo.province, year=2025)
    assert last.status == RoundStatus.DECIDED and last.decision_number
    current = Round.objects.get(province=demo.province, year=2026)
    assert current.scheme.illustrative
    board = selectors.dashboard(current)
    assert board.previous == last and board.previous_counts is not None
    assert sum(board.previous_counts[g] for g in ("tot", "kha", "trung_binh", "yeu")) == (
        last.assessments.count()
    )
    first = Assessment.objects.get(round=current, commune=demo.communes[0])
    second = Assessment.objects.get(round=current, commune=demo.communes[1])
    assert first.status == AssessmentStatus.DRAFT
    assert second.status == AssessmentStatus.SUBMITTED


def test_gr1_demo_pages_render_for_the_demo_logins():
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from danchu.testing.factories import client_for

    demo, _extra = run_demo(TODAY)
    users = get_user_model().objects
    current = Round.objects.get(province=demo.province, year=2026)
    page = client_for(users.get(username="noivu")).get(
        reverse("classification:round", args=[current.pk])
    )
    assert page.status_code == 200 and "minh họa" in page.content.decode()
    first = Assessment.objects.get(round=current, commune=demo.communes[0])
    chutich = client_for(users.get(username="chutich"))
    assert chutich.get(reverse("classification:assessment", args=[first.pk])).status_code == 200
    assert chutich.get(reverse("classification:index")).status_code == 200
