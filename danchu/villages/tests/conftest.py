from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from danchu.accounts.models import Role, User
from danchu.residents.models import Household
from danchu.testing import factories as f
from danchu.units.models import AdminUnit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=HCM)


@dataclass
class Place:
    world: f.World
    commune: AdminUnit
    village: AdminUnit
    head: User  # village head of the village
    chairman: User  # chairman of commune A
    outsider: User  # officer of commune B


def add_households(village: AdminUnit, n: int, start: dt.date = dt.date(2025, 1, 1)) -> None:
    Household.objects.bulk_create(
        [
            Household(
                village=village,
                number=f"{i:03d}",
                representative=f"Trần Văn Hộ {i}",
                address=f"Số {i}, {village.name}",
                valid_from=start,
                created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            )
            for i in range(1, n + 1)
        ]
    )


@pytest.fixture
def place(world: f.World) -> Place:
    village = world.village_a1
    add_households(village, 40)
    head = f.UserFactory(username="vhead")
    f.give_role(head, Role.VILLAGE_HEAD, village)
    chairman = f.UserFactory(username="vchair")
    f.give_role(chairman, Role.CHAIRMAN, world.commune_a)
    return Place(world, world.commune_a, village, head, chairman, world.carol)
