"""Home-page items: windows closing (DC2), opinions to answer (DC4), aggregates due (DC7)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations import home, services
from danchu.consultations.models import Body
from danchu.web.home import items_for

pytestmark = pytest.mark.django_db


def test_home_items_for_officer_and_front(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    services.submit_public_opinion(consultation=consultation, text="Ý kiến", today=start_day)
    due = start_day + dt.timedelta(days=30)
    services.set_send_due(actor=world.bob, consultation=consultation, body=Body.FRONT, due=due)
    bob = {(i.kind, i.rule) for i in home.items(world.bob, start_day)}
    assert {("deadline", "DC2"), ("task", "DC4"), ("deadline", "DC7")} <= bob
    front = [i for i in items_for(actors.front) if i.rule == "DC7"]
    assert len(front) == 1 and front[0].due == due
    assert [i for i in items_for(actors.council) if i.rule == "DC7"] == []  # not its send
    assert home.items(world.carol, start_day) == []


def test_dc2_dc7_deadlines_say_why(world, consultation, actors, start_day):  # type: ignore[no-untyped-def]
    due = start_day + dt.timedelta(days=30)
    services.set_send_due(actor=world.bob, consultation=consultation, body=Body.FRONT, due=due)
    deadlines = [i for i in home.items(world.bob, start_day) if i.kind == "deadline"]
    assert {i.rule for i in deadlines} == {"DC2", "DC7"}
    for item in deadlines:
        assert item.rule in item.why and len(item.why) > 40
