"""``danchu demo`` shows a commune's months of matters, ratings and answered comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.satisfaction import selectors
from danchu.satisfaction.models import Comment, Matter, Office, Rating
from danchu.web.management.commands.demo import build_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def run_demo(today: dt.date) -> tuple[Any, list[tuple[str, str]]]:
    from django.db import transaction

    from danchu.satisfaction import demo as satisfaction_demo

    with transaction.atomic():
        demo = build_demo(today)
        return demo, satisfaction_demo.build(demo)


def test_ld10_demo_commune_has_months_of_ratings_and_answers() -> None:
    demo, extra = run_demo(TODAY)
    counts = (Matter.objects.count(), Rating.objects.count(), Comment.objects.count())
    run_demo(TODAY)
    assert (Matter.objects.count(), Rating.objects.count(), Comment.objects.count()) == counts
    assert {u for u, _ in extra} >= {"canbo"}
    first = demo.communes[0]
    assert Office.objects.filter(commune=first).count() == 1
    for month in (9, 10, 11):
        figures = selectors.monthly_figures(first, 2026, month)
        assert figures.total.total > 0, month
        assert figures.officials, month
    assert selectors.yearly_rate(first, 2026).rate is not None
    assert Comment.objects.filter(office__commune=first, answered_on__isnull=True).exists()
    answered = Comment.objects.filter(office__commune=first, answered_on__isnull=False)
    assert answered.count() == 3
    assert any(c.answered_on > c.due for c in answered)
