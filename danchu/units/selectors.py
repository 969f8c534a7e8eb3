"""Reads about administrative units shared by pages, the CLI and other apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from danchu.units.models import AdminUnit, Level, UnitKind

LEVEL_KEYS = {
    Level.PROVINCE: "province",
    Level.DISTRICT: "district",
    Level.COMMUNE: "commune",
    Level.VILLAGE: "village",
}


def stats(on: dt.date) -> dict[str, Any]:
    """Counts of units in force on ``on``, per level and per kind (every level listed)."""
    in_force = AdminUnit.objects.in_force(on)
    by_level = {key: 0 for key in LEVEL_KEYS.values()}
    for row in in_force.values("level").annotate(n=Count("pk")).order_by("level"):
        by_level[LEVEL_KEYS[Level(row["level"])]] = row["n"]
    by_kind = {
        row["kind"]: row["n"]
        for row in in_force.values("kind").annotate(n=Count("pk")).order_by("kind")
    }
    return {"on": on.isoformat(), "by_level": by_level, "by_kind": by_kind}


def communes_of(province: AdminUnit, on: dt.date) -> Any:
    """Communes in force on ``on`` under ``province`` (directly or through districts)."""
    return (
        AdminUnit.objects.in_force(on).within(province).filter(level=Level.COMMUNE).order_by("name")
    )


def villages_of(commune: AdminUnit, on: dt.date) -> Any:
    return commune.children.in_force(on).filter(level=Level.VILLAGE).order_by("code")


def kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)
