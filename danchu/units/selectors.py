"""Reads about administrative units shared by pages, the CLI and other apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from danchu.core.text import fold
from danchu.units.models import AdminUnit, Level, MapVersion, UnitKind

PICKER_LIMIT = 20
"""How many units the unit picker shows at most; more means "type more"."""

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


def search(queryset: QuerySet[AdminUnit], text: str) -> QuerySet[AdminUnit]:
    """Units whose official code starts with ``text`` or whose folded name contains it (ID2
    folding: "an hoa" finds "Xã An Hòa"); exact codes first, then wider units, then by name."""
    text = text.strip()
    needle = fold(text)
    if not needle:
        return queryset.none()
    return (
        queryset.filter(Q(code__istartswith=text) | Q(search_name__contains=needle))
        .annotate(
            exact=Case(
                When(code__iexact=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("exact", "level", "search_name", "code")
    )


def resolve(queryset: QuerySet[AdminUnit], text: str) -> list[AdminUnit]:
    """What typed text (without a pick from the list) names: the unit with that exact code, else
    the units with exactly that folded name, else every match. One match means found."""
    text = text.strip()
    by_code = list(queryset.filter(code__iexact=text)[:2])
    if by_code:
        return by_code
    by_name = list(queryset.filter(search_name=fold(text))[:2])
    return by_name or list(search(queryset, text)[:2])


def picker_label(unit: AdminUnit) -> str:
    """ "Xã An Hòa — Tỉnh Thử (T0001)": name, parent and code, as the picker shows a unit."""
    parent = f" — {unit.parent.name}" if unit.parent_id and unit.parent else ""
    return f"{unit.name}{parent} ({unit.code})"


def by_code(queryset: QuerySet[AdminUnit], code: str, on: dt.date) -> list[AdminUnit]:
    """The units an official code names on ``on``; one unit means found.

    Codes repeat: the two maps reuse numbers ("15" is Tỉnh Lào Cai on the 2025 map and Tỉnh Yên
    Bái on the district-era one) and a village's code is unique only within its commune. Design
    choice: the units in force on ``on`` win over those that were not; among them the official
    maps win over villages added by communes. Without a unit in force, every unit with the code
    is a candidate (several → ambiguous, the caller asks for a clearer code).
    """
    code = (code or "").strip()
    if not code:
        return []
    found = list(queryset.filter(code=code).order_by("level", "pk")[:50])
    current = [u for u in found if u.in_force_on(on)]
    official = [u for u in current if u.map_version != MapVersion.LOCAL]
    return official or current or found
