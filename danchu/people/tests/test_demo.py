"""``danchu demo``: a realistic world on the real map, built idempotently."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from danchu.accounts.models import Role, RoleAssignment, User
from danchu.people import selectors
from danchu.people.models import Assignment, HowStarted, Person, Position, Term
from danchu.people.seed import SV1_POSITION_CODES
from danchu.units.models import AdminUnit, Agency, Level, MapVersion, UnitSuccession
from danchu.web.management.commands.demo import run_demo

pytestmark = pytest.mark.django_db(transaction=False)

TODAY = dt.date(2026, 11, 22)
MODELS = [
    AdminUnit,
    UnitSuccession,
    Agency,
    Position,
    Person,
    Assignment,
    Term,
    User,
    RoleAssignment,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_twice_gives_the_same_counts_and_a_realistic_world():
    out = StringIO()
    call_command("demo", "--today", TODAY.isoformat(), stdout=out)
    first = counts()
    demo, _extra = run_demo(TODAY)
    assert counts() == first

    printed = out.getvalue()
    assert "noivu" in printed and "danchu-demo" in printed
    # One account per role, each printed.
    for role in Role:
        assert RoleAssignment.objects.filter(role=role).exists(), role
    assert {x.username for x in demo.logins} <= set(User.objects.values_list("username", flat=True))
    for login in demo.logins:
        assert login.username in printed
    assert User.objects.get(username="noivu").check_password("danchu-demo")

    # The real map: Quảng Ngãi on the 2025 map, loaded by demo itself.
    assert demo.province.name == "Tỉnh Quảng Ngãi"
    assert demo.province.map_version == MapVersion.Y2025
    assert [c.name for c in demo.communes][:2] == ["Xã Đăk Rve", "Xã Đăk Kôi"]
    assert (
        AdminUnit.objects.filter(map_version=MapVersion.LEGACY, level=Level.DISTRICT).count() == 696
    )
    assert all(len(v) == 5 for v in demo.villages.values())
    people = Person.objects.filter(home_unit__path__startswith=demo.province.path)
    assert 38 <= people.count() <= 50
    assert Term.objects.filter(name="2021–2026").exists()
    first_commune = demo.communes[0]
    for code in SV1_POSITION_CODES:
        assert demo.holder(first_commune, code) is not None, code

    # A transfer between communes, with the previous post linked (SV2).
    moved = Assignment.objects.get(how_started=HowStarted.TRANSFERRED)
    assert moved.previous is not None
    assert moved.previous.agency.unit == first_commune
    assert moved.agency.unit == demo.communes[1]
    assert selectors.months_in_post(moved, TODAY) < 6
    # History across the reform: the old township's post precedes the new commune's.
    assert moved.previous.previous.agency.unit.map_version == MapVersion.LEGACY
    # An announced retirement and someone appointed this year (CV1).
    assert Person.objects.filter(retirement_announced_on__isnull=False).count() == 1
    assert any(
        selectors.appointed_in_year(a, TODAY.year)
        for a in Assignment.objects.active_on(TODAY).filter(agency__unit=demo.communes[2])
    )
    chairman = User.objects.get(username="chutich")
    assert chairman.person == demo.holder(first_commune, "chu-tich-ubnd-xa")
