"""Commune A (Xã An Hòa) with its office: bob (officer), chair (chairman), vice
(vice-chairman); helpers to register cases."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.models import Role
from danchu.complaints import services
from danchu.complaints.models import Case
from danchu.testing import factories as f


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def chair(world):  # type: ignore[no-untyped-def]
    u = f.UserFactory(username="chair")
    f.give_role(u, Role.CHAIRMAN, world.commune_a)
    return u


@pytest.fixture
def vice(world):  # type: ignore[no-untyped-def]
    u = f.UserFactory(username="vice")
    f.give_role(u, Role.VICE_CHAIRMAN, world.commune_a)
    return u


@pytest.fixture
def front(world):  # type: ignore[no-untyped-def]
    u = f.UserFactory(username="front")
    f.give_role(u, Role.FRONT_REP, world.commune_a)
    return u


def register(world: Any, kind: str = "complaint", **kw: Any) -> tuple[Case, str]:
    data: dict[str, Any] = {
        "subject": "Khiếu nại việc xét hộ nghèo",
        "content": "Gia đình tôi đủ điều kiện nhưng không được xét.",
        "citizen_name": "Nguyễn Thị Mận",
        "citizen_address": "Thôn 1, Xã An Hòa",
        "citizen_phone": "0912345678",
        "citizen_id_number": "001234567890",
    }
    data.update(kw)
    return services.register_case(actor=world.bob, commune=world.commune_a, kind=kind, **data)
