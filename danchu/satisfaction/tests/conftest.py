from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.satisfaction import services
from danchu.testing import factories as f


@pytest.fixture
def officials(world: Any) -> dict[str, Any]:
    """Two officials of commune A (Lan, Hùng) and one of commune B (Mai)."""
    lan = f.AssignmentFactory(
        person__full_name="Nguyễn Thị Lan", agency=world.ubnd_a, start_date=dt.date(2022, 1, 1)
    ).person
    hung = f.AssignmentFactory(
        person__full_name="Trần Văn Hùng", agency=world.ubnd_a, start_date=dt.date(2022, 1, 1)
    ).person
    mai = f.AssignmentFactory(
        person__full_name="Lê Thị Mai", agency=world.ubnd_b, start_date=dt.date(2022, 1, 1)
    ).person
    return {"lan": lan, "hung": hung, "mai": mai}


@pytest.fixture
def office(world: Any) -> Any:
    return services.create_office(actor=world.bob, commune=world.commune_a, name="Bộ phận Một cửa")


@pytest.fixture
def office_b(world: Any) -> Any:
    return services.create_office(
        actor=world.carol, commune=world.commune_b, name="Bộ phận Một cửa"
    )
