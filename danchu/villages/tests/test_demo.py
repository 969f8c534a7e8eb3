"""``danchu demo`` shows an election run on the calendar and a charter adopted and recognised,
idempotently (LD13, LD14, QD5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from danchu.residents.rules import StepState
from danchu.testing.factories import client_for
from danchu.villages import demo as villages_demo
from danchu.villages import selectors
from danchu.villages.models import Charter, CharterStatus, Election, ElectionStatus, HeadTerm
from danchu.web.home import items_for
from danchu.web.management.commands.demo import build_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def run(today: dt.date) -> tuple[Any, list[tuple[str, str]]]:
    with transaction.atomic():
        demo = build_demo(today)
        return demo, villages_demo.build(demo)


def test_ld13_ld14_demo_election_and_charter_on_the_calendar() -> None:
    demo, extra = run(TODAY)
    counts = (Election.objects.count(), Charter.objects.count(), HeadTerm.objects.count())
    run(TODAY)
    assert (Election.objects.count(), Charter.objects.count(), HeadTerm.objects.count()) == counts
    assert {u for u, _ in extra} == {"chutich", "truongthon"}
    v1, v2 = demo.villages[demo.communes[0].code][:2]
    held = Election.objects.get(village=v1)
    assert held.status == ElectionStatus.RECOGNISED
    assert all(s.state == StepState.MET for s in selectors.election_steps(held, TODAY))
    assert HeadTerm.objects.get(village=v1, ended_on__isnull=True).name == held.elected_name
    charter = Charter.objects.get(village=v1)
    assert charter.status == CharterStatus.IN_FORCE
    assert selectors.review_due(charter, 5) == charter.in_force_from.replace(  # type: ignore[union-attr]
        year=charter.in_force_from.year + 5  # type: ignore[union-attr]
    )
    preparing = Election.objects.get(village=v2)
    states = [s.state for s in selectors.election_steps(preparing, TODAY)]
    assert states[0] == StepState.MET and StepState.IN_PROGRESS in states
    from danchu.accounts.models import User

    chair = User.objects.get(username="chutich")
    home = [i for i in items_for(chair) if i.rule == "LD13"]
    assert home, "the election being prepared shows on the chairman's home page"
    assert client_for(chair).get("/villages/").status_code == 200
    assert client_for(chair).get(f"/villages/elections/{held.pk}/").status_code == 200
    assert client_for(chair).get(f"/villages/charters/{charter.pk}/").status_code == 200
