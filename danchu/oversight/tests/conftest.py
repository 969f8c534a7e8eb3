from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from danchu.accounts.models import Role, User
from danchu.oversight import services
from danchu.oversight.models import InspectionBoard
from danchu.people.models import Person
from danchu.testing import factories as f
from danchu.units.models import AdminUnit, MapVersion, UnitKind


@dataclass
class Place:
    world: f.World
    commune: AdminUnit
    villages: list[AdminUnit]
    front: User  # Front representative of commune A: directs the boards
    chairman: User  # chairman of commune A: answers
    member_user: User  # a user whose person record sits on the board
    people: list[Person]  # eligible residents, one per village
    outsider: User  # officer of commune B


@pytest.fixture
def place(world: f.World) -> Place:
    commune = world.commune_a
    villages = [world.village_a1] + [
        f.UnitFactory(
            code=f"T0001-{i:02d}",
            name=f"Thôn {i}",
            kind=UnitKind.THON,
            parent=commune,
            map_version=MapVersion.LOCAL,
        )
        for i in range(2, 7)
    ]
    front = f.UserFactory(username="front")
    f.give_role(front, Role.FRONT_REP, commune)
    chairman = f.UserFactory(username="ochair")
    f.give_role(chairman, Role.CHAIRMAN, commune)
    people = [
        f.PersonFactory(full_name=f"Lê Thị Dân {i}", home_unit=v)
        for i, v in enumerate(villages, start=1)
    ]
    member_user = f.UserFactory(username="member")
    member_user.person = people[0]
    member_user.save()
    return Place(world, commune, villages, front, chairman, member_user, people, world.carol)


def make_board(place: Place, members: int = 5) -> InspectionBoard:
    board = services.create_board(
        actor=place.front,
        commune=place.commune,
        term_starts_on=dt.date(2025, 1, 1),
        term_ends_on=dt.date(2027, 12, 31),
    )
    for i in range(members):
        services.elect_member(
            actor=place.front,
            board=board,
            person=place.people[i],
            village=place.villages[i],
            officer=services.Officer.HEAD if i == 0 else services.Officer.MEMBER,
            minutes_ref=f"Biên bản hội nghị thôn số {i + 1}",
        )
    return board
