"""The register of commune A (Xã An Hòa) with two villages; helpers to enter items."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.disclosures import services
from danchu.disclosures.models import Disclosure
from danchu.testing import factories as f
from danchu.units.models import AdminUnit, MapVersion, UnitKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n% test\n"


def photo(name: str = "niem-yet.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def village_a2(world) -> AdminUnit:  # type: ignore[no-untyped-def]
    return f.UnitFactory(
        code="T0001-02",
        name="Thôn 2",
        kind=UnitKind.THON,
        parent=world.commune_a,
        map_version=MapVersion.LOCAL,
    )


def enter(
    world: Any, *, category: int = 1, decided_on: dt.date, title: str = "", **kw: Any
) -> Disclosure:
    return services.create_disclosure(
        actor=world.bob,
        commune=world.commune_a,
        category=category,
        title=title or f"Nội dung nhóm {category}",
        decided_on=decided_on,
        today=kw.pop("today", None),
        **kw,
    )
