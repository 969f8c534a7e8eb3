"""Writes on administrative units: loading the official maps, adding villages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from danchu.audit import services as audit
from danchu.core.text import fold, nfc
from danchu.units import rules, sources
from danchu.units.models import KIND_LEVEL, AdminUnit, Level, MapVersion, UnitSuccession

MAPS = ("2025", "legacy")


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    successions_created: int = 0


def _validity(version: str) -> tuple[dt.date, dt.date | None]:
    if version == MapVersion.LEGACY:
        return rules.LEGACY_VALID_FROM, rules.LEGACY_VALID_TO
    return rules.MAP_2025_VALID_FROM, None


def _write_map(official: sources.OfficialMap, report: LoadReport) -> None:
    valid_from, valid_to = _validity(official.version)
    existing = {u.code: u for u in AdminUnit.objects.filter(map_version=official.version)}
    ids = {code: u.pk for code, u in existing.items()}
    created = updated = unchanged = 0
    # Parents come before children in ``official.units``; write one level at a time so the new
    # parents have primary keys before their children point at them.
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create: list[AdminUnit] = []
        to_update: list[AdminUnit] = []
        for rec in official.units:
            if KIND_LEVEL[rec.kind] != level:
                continue
            parent_id = ids[rec.parent_code] if rec.parent_code else None
            name = nfc(rec.name)
            values = {
                "name": name,
                "search_name": fold(name),
                "kind": rec.kind,
                "level": level,
                "parent_id": parent_id,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "source": official.source,
            }
            unit = existing.get(rec.code)
            if unit is None:
                to_create.append(AdminUnit(code=rec.code, map_version=official.version, **values))
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(unit, k, v)
                to_update.append(unit)
            else:
                unchanged += 1
        for unit in AdminUnit.objects.bulk_create(to_create, batch_size=1000):
            ids[unit.code] = unit.pk
        if to_update:
            AdminUnit.objects.bulk_update(to_update, [*values.keys()], batch_size=500)
        created += len(to_create)
        updated += len(to_update)
    report.created[official.version] = created
    report.updated[official.version] = updated
    report.unchanged[official.version] = unchanged


def recompute_paths() -> None:
    """Set the materialised ``path`` ("id/id/…/") level by level, in the database.

    ``bulk_create`` bypasses ``AdminUnit.save``, which normally computes it.
    """
    AdminUnit.objects.filter(parent__isnull=True).update(
        path=Concat(Cast(F("pk"), CharField()), Value("/"))
    )
    parent_path = AdminUnit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
    for level in (Level.DISTRICT, Level.COMMUNE, Level.VILLAGE):
        AdminUnit.objects.filter(level=level, parent__isnull=False).update(
            path=Concat(Subquery(parent_path), Cast(F("pk"), CharField()), Value("/"))
        )


def _write_successions(report: LoadReport) -> None:
    old = dict(AdminUnit.objects.filter(map_version=MapVersion.LEGACY).values_list("code", "pk"))
    new = dict(AdminUnit.objects.filter(map_version=MapVersion.Y2025).values_list("code", "pk"))
    if not old or not new:
        return
    known = set(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    links = [
        UnitSuccession(
            predecessor_id=old[o], successor_id=new[n], effective=rules.MAP_2025_VALID_FROM
        )
        for _level, o, n in sources.read_successions()
        if o in old and n in new and (old[o], new[n]) not in known
    ]
    UnitSuccession.objects.bulk_create(links, batch_size=1000)
    report.successions_created = len(links)


def load_official_units(*, which: str = "all", actor: Any = None) -> LoadReport:
    """Load or refresh the official maps from ``vietnamadminunits``; idempotent.

    ``which`` is "2025", "legacy" or "all". Re-running updates names and kinds in place (matched
    by map and official code) and never duplicates. Successions old→new are linked when both maps
    are present.
    """
    if which not in (*MAPS, "all"):
        raise ValueError(f"Bản đồ không hợp lệ: «{which}» (chọn 2025, legacy hoặc all).")
    readers = {"2025": sources.read_2025, "legacy": sources.read_legacy}
    maps = [readers[m]() for m in (MAPS if which == "all" else (which,))]
    report = LoadReport()
    with transaction.atomic():
        for official in maps:
            _write_map(official, report)
        recompute_paths()
        _write_successions(report)
        audit.log(
            actor=actor,
            action="units.load",
            changes={
                "maps": [m.version for m in maps],
                "created": report.created,
                "updated": report.updated,
                "successions": report.successions_created,
                "source": f"{sources.PACKAGE} {sources.package_version()}",
            },
        )
    return report


@transaction.atomic
def add_village(
    *,
    actor: Any,
    commune: AdminUnit,
    kind: str,
    code: str,
    name: str,
    valid_from: dt.date,
    request: Any = None,
) -> AdminUnit:
    """A commune adds one of its villages (thôn, bản, ấp, tổ dân phố, khu phố…)."""
    if commune.level != Level.COMMUNE:
        raise ValueError("Chỉ đơn vị cấp xã mới thêm được thôn, tổ dân phố.")
    if kind not in rules.VILLAGE_KIND_WORDS:
        raise ValueError(f"Loại thôn/tổ dân phố không hợp lệ: «{kind}».")
    # Issue 19: one code scheme (``<commune code>-<code>``, as imports store it), no duplicates.
    code = rules.village_full_code(commune.code, nfc(code))
    bare = code.removeprefix(f"{commune.code}-")
    if AdminUnit.objects.filter(
        parent=commune, map_version=MapVersion.LOCAL, code__in=[code, bare]
    ).exists():
        raise ValueError(f"{commune.name} đã có thôn/tổ dân phố mã «{bare}».")
    if len(code) > AdminUnit._meta.get_field("code").max_length:  # type: ignore[operator]
        raise ValueError(f"Mã thôn/tổ dân phố «{bare}» quá dài.")
    village = AdminUnit(
        code=code,
        name=nfc(name),
        kind=kind,
        parent=commune,
        map_version=MapVersion.LOCAL,
        valid_from=valid_from,
        source=f"Thêm bởi {commune.name}",
    )
    village.save()
    audit.log(
        actor=actor,
        action="units.add_village",
        target=village,
        changes={"code": village.code, "name": village.name, "kind": kind},
        request=request,
        unit=commune,
    )
    return village


def _check_village(village: AdminUnit) -> None:
    if not village.is_village or village.map_version != MapVersion.LOCAL:
        raise ValueError("Chỉ sửa hoặc đóng được thôn, tổ dân phố do xã thêm.")


@transaction.atomic
def update_village(
    *, actor: Any, village: AdminUnit, name: str, kind: str, request: Any = None
) -> AdminUnit:
    """Rename a village or change its kind (thôn → tổ dân phố…); the code stays."""
    _check_village(village)
    if kind not in rules.VILLAGE_KIND_WORDS:
        raise ValueError(f"Loại thôn/tổ dân phố không hợp lệ: «{kind}».")
    changes = {
        field: [old, new]
        for field, old, new in (("name", village.name, nfc(name)), ("kind", village.kind, kind))
        if old != new
    }
    if changes:
        village.name, village.kind = nfc(name), kind
        village.save(update_fields=["name", "kind"])
        audit.log(
            actor=actor,
            action="units.update_village",
            target=village,
            changes=changes,
            request=request,
            unit=village.parent,
        )
    return village


@transaction.atomic
def close_village(
    *, actor: Any, village: AdminUnit, valid_to: dt.date, request: Any = None
) -> AdminUnit:
    """A village ceases on ``valid_to`` (its last day in force): merged, split or dissolved.

    The record stays, so what older records say about the village keeps its meaning."""
    _check_village(village)
    problem = rules.village_close_problem(village.valid_from, valid_to)
    if problem:
        raise ValueError(problem)
    old = village.valid_to
    village.valid_to = valid_to
    village.save(update_fields=["valid_to"])
    audit.log(
        actor=actor,
        action="units.close_village",
        target=village,
        changes={"valid_to": [old.isoformat() if old else None, valid_to.isoformat()]},
        request=request,
        unit=village.parent,
    )
    return village
