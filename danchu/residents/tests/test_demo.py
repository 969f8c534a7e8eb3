"""The demo: households in the first commune's villages and a year of decisions (LD2–LD7)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.residents.models import Decision, Household, Status
from danchu.residents.rules import Form


@pytest.mark.django_db
def test_ld7_demo_builds_a_year_of_decisions_idempotently() -> None:
    from danchu.residents.demo import build
    from danchu.testing.demo import build_demo

    demo = build_demo(dt.date(2026, 11, 22))
    build(demo)
    build(demo)  # a second run adds nothing
    commune = demo.communes[0]
    decisions = {d.form: d for d in Decision.objects.filter(commune=commune)}
    assert set(decisions) == {Form.MEETING, Form.BALLOT, Form.ONLINE}
    assert decisions[Form.MEETING].status == Status.RECOGNISED
    assert decisions[Form.BALLOT].status == Status.RECOGNISED
    assert decisions[Form.ONLINE].status == Status.SENT
    assert all(d.passed for d in decisions.values())
    assert Household.objects.filter(village__parent=commune).count() > 0
    assert Decision.objects.count() == 3
