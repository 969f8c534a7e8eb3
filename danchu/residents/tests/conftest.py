from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from danchu.accounts.models import Role, User
from danchu.residents.models import Household
from danchu.testing import factories as f
from danchu.units.models import AdminUnit, MapVersion, UnitKind


@dataclass
class Village:
    world: f.World
    commune: AdminUnit
    villages: list[AdminUnit]
    head: User  # village head of villages[0]
    chairman: User  # chairman of commune A
    front: User  # Front representative of commune A


def add_households(village: AdminUnit, n: int, start: dt.date = dt.date(2025, 1, 1)) -> None:
    Household.objects.bulk_create(
        [
            Household(
                village=village,
                number=f"{i:03d}",
                representative=f"Nguyễn Văn Hộ {i}",
                address=f"Số {i}, {village.name}",
                valid_from=start,
                created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            )
            for i in range(1, n + 1)
        ]
    )


@pytest.fixture
def resid(world: f.World) -> Village:
    commune = world.commune_a
    villages = [world.village_a1]
    for i in (2, 3):
        villages.append(
            f.UnitFactory(
                code=f"T0001-0{i}",
                name=f"Thôn {i}",
                kind=UnitKind.THON,
                parent=commune,
                map_version=MapVersion.LOCAL,
            )
        )
    add_households(villages[0], 30)
    add_households(villages[1], 60)
    add_households(villages[2], 9)
    head = f.UserFactory(username="head1")
    f.give_role(head, Role.VILLAGE_HEAD, villages[0])
    chairman = f.UserFactory(username="chair_a")
    f.give_role(chairman, Role.CHAIRMAN, commune)
    front = f.UserFactory(username="front_a")
    f.give_role(front, Role.FRONT_REP, commune)
    return Village(world, commune, villages, head, chairman, front)
