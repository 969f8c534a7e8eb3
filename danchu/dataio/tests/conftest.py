from __future__ import annotations

import pytest

from danchu.testing.factories import PositionFactory
from danchu.units.models import Level


@pytest.fixture
def chairman_post(db):  # type: ignore[no-untyped-def]
    return PositionFactory(code="chu-tich-ubnd-xa", name="Chủ tịch UBND xã", level=Level.COMMUNE)
