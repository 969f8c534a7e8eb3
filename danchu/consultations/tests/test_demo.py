"""The demo builder on the small test world: idempotent, and shows each kind of state."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations import demo as cdemo
from danchu.consultations import selectors
from danchu.consultations.models import Consultation, Opinion
from danchu.core import clock
from danchu.people.models import Term
from danchu.testing import factories as f
from danchu.testing.demo import DemoWorld
from danchu.units.models import AgencyKind, MapVersion, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(world):  # type: ignore[no-untyped-def]
    villages = [world.village_a1] + [
        f.UnitFactory(
            code=f"T0001-0{n}",
            name=f"Thôn {n}",
            kind=UnitKind.THON,
            parent=world.commune_a,
            map_version=MapVersion.LOCAL,
        )
        for n in range(2, 6)
    ]
    term = Term.objects.create(
        name="2021–2026", start=dt.date(2021, 7, 1), end=dt.date(2026, 6, 30)
    )
    return DemoWorld(
        today=clock.today(),
        province=world.province,
        communes=[world.commune_a],
        villages={world.commune_a.code: villages},
        agencies={(world.commune_a.pk, AgencyKind.UBND): world.ubnd_a},
        positions={},
        term=term,
    )


def _states(c, today):  # type: ignore[no-untyped-def]
    return {(s.rule, s.state) for s in selectors.steps(c, today)}


def test_demo_is_idempotent_and_shows_each_state(demo_world):  # type: ignore[no-untyped-def]
    lines = cdemo.build(demo_world)
    assert any("/consultations/p/" in what for _u, what in lines)
    counts = (Consultation.objects.count(), Opinion.objects.count())
    cdemo.build(demo_world)
    assert (Consultation.objects.count(), Opinion.objects.count()) == counts == (3, 12)
    today = demo_world.today
    open_one = Consultation.objects.get(slug=cdemo.SLUG_OPEN)
    assert ("DC3", "flagged") in _states(open_one, today)  # Thôn 5 not reached
    hidden = open_one.opinions.get(hidden_at__isnull=False)  # moderated, still to be answered
    assert hidden.hidden_reason and not hidden.is_answered
    agency = Consultation.objects.get(slug=cdemo.SLUG_AGENCY)
    assert {("DC7", "late"), ("DC5", "late")} <= _states(agency, today)
    # Issue 18: the agency's own regulation is not reported to the People's Council (DC6).
    assert not any(rule == "DC6" for rule, _state in _states(agency, today))
    land = Consultation.objects.get(slug=cdemo.SLUG_LAND)
    assert {("LD8", "met"), ("DC6", "met"), ("DC3", "met"), ("DC5", "met")} <= _states(land, today)
    # One yearly series for the commune's People's Committee (DOC1): agency summary, then land.
    numbers = (agency.summary_number, land.summary_number, land.report_number)
    assert numbers == ("01/BTH-UBND", "02/BTH-UBND", "03/BC-UBND")
