"""Village import for one commune: code, name, kind (thôn, bản, ấp, tổ dân phố…).

Village codes are the commune's own numbering; they are stored as ``<commune code>-<code>``
(e.g. ``T0001-01``) so that two communes may both have a village "01".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.audit import services as audit
from danchu.core import clock
from danchu.core.text import fold
from danchu.dataio.imports import Column, ImportResult, choice, date, read_rows
from danchu.units.models import AdminUnit, Level, MapVersion, UnitKind
from danchu.units.rules import village_full_code

VILLAGE_KIND_NAMES = {
    "Thôn": UnitKind.THON,
    "Bản": UnitKind.BAN,
    "Ấp": UnitKind.AP,
    "Làng": UnitKind.LANG,
    "Buôn": UnitKind.BUON,
    "Phum": UnitKind.PHUM,
    "Sóc": UnitKind.SOC,
    "Tổ dân phố": UnitKind.TO_DAN_PHO,
    "Khu phố": UnitKind.KHU_PHO,
    "Khóm": UnitKind.KHOM,
}


def village_code(value: Any) -> str:
    text = str(value).strip()
    if not text or len(text) > 8 or not all(ch.isalnum() or ch in "-_." for ch in text):
        raise ValueError(f"Mã «{text}» chỉ gồm chữ, số, dấu - _ . và tối đa 8 ký tự.")
    return text.upper()


COLUMNS = [
    Column("code", "Mã", ("ma", "ma thon"), parse=village_code),
    Column("name", "Tên", ("ten", "ten thon")),
    Column("kind", "Loại", ("loai",), parse=choice(VILLAGE_KIND_NAMES)),
    Column("valid_from", "Từ ngày", ("tu ngay",), required=False, parse=date),
]
HEADER = {c.key: c.header for c in COLUMNS}
EXAMPLE_ROWS: list[list[Any]] = [
    ["01", "Thôn Đông", "Thôn", dt.date(2025, 7, 1)],
    ["02", "Tổ dân phố Hoà Bình", "Tổ dân phố", ""],
]


@dataclass
class VillageOutcome:
    result: ImportResult
    created: int = 0

    @property
    def ok(self) -> bool:
        return self.result.ok


def full_code(commune: AdminUnit, code: str) -> str:
    return village_full_code(commune.code, code)


def check_villages(*, actor: Any, commune: AdminUnit, source: Any) -> VillageOutcome:
    if actor is not None and not access.has_capability(actor, Cap.MANAGE_UNIT, commune):
        raise PermissionDenied
    result = read_rows(source, COLUMNS)
    if commune.level != Level.COMMUNE:
        result.add(0, "", f"{commune.name} không phải là xã, phường hay đặc khu.")
        return VillageOutcome(result)
    today = clock.today()
    existing = list(commune.children.in_force(today))
    existing_names = {fold(v.name): v for v in existing}
    codes = [full_code(commune, r["code"]) for r in result.rows if r.get("code")]
    taken = set(
        AdminUnit.objects.filter(map_version=MapVersion.LOCAL, code__in=codes).values_list(
            "code", flat=True
        )
    )
    # Villages entered before the one code scheme may carry the bare code ("01"): the same.
    taken |= {
        full_code(commune, c)
        for c in AdminUnit.objects.filter(parent=commune, map_version=MapVersion.LOCAL).values_list(
            "code", flat=True
        )
    }
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for line, row in result.numbered():
        if row.get("code"):
            code = full_code(commune, row["code"])
            if code in seen_codes:
                result.add(
                    line, HEADER["code"], f"Mã «{row['code']}» trùng với dòng {seen_codes[code]}."
                )
            else:
                seen_codes[code] = line
            if code in taken:
                result.add(line, HEADER["code"], f"Mã «{row['code']}» đã có trong {commune.name}.")
        if row.get("name"):
            key = fold(row["name"])
            if key in seen_names:
                result.add(line, HEADER["name"], f"Tên trùng với dòng {seen_names[key]}.")
            else:
                seen_names[key] = line
            if key in existing_names:
                result.add(line, HEADER["name"], f"«{row['name']}» đã có trong {commune.name}.")
        if row.get("valid_from") and row["valid_from"] < commune.valid_from:
            result.add(
                line,
                HEADER["valid_from"],
                f"Ngày bắt đầu trước ngày {commune.name} được thành lập "
                f"({commune.valid_from:%d/%m/%Y}).",
            )
    return VillageOutcome(result)


def import_villages(
    *, actor: Any, commune: AdminUnit, source: Any, request: HttpRequest | None = None
) -> VillageOutcome:
    outcome = check_villages(actor=actor, commune=commune, source=source)
    if not outcome.ok:
        return outcome
    today = clock.today()
    with transaction.atomic():
        made = []
        for row in outcome.result.rows:
            village = AdminUnit(
                code=full_code(commune, row["code"]),
                name=row["name"],
                kind=row["kind"],
                parent=commune,
                map_version=MapVersion.LOCAL,
                valid_from=row.get("valid_from") or max(today, commune.valid_from),
                source="Nhập từ tệp",
            )
            village.save()
            made.append(village.code)
        outcome.created = len(made)
        audit.log(
            actor=actor,
            action="dataio.villages.imported",
            target=commune,
            changes={
                "file": str(getattr(source, "name", source)).rsplit("/", 1)[-1],
                "villages": made,
            },
            request=request,
            unit=commune,
        )
    return outcome
