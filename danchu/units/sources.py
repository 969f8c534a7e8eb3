"""Read the official unit lists shipped by the ``vietnamadminunits`` package (MIT licence).

The package's sqlite file ``data/dataset.db`` holds ``admin_units`` (the map of 1 July 2025) and
``admin_units_legacy`` (the district-era map); ``data/converter_2025.json`` maps old units to new
ones. This module turns them into plain records; ``danchu.units.services`` writes them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from danchu.units import rules

PACKAGE = "vietnamadminunits"


@dataclass(frozen=True)
class UnitRecord:
    code: str
    name: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class OfficialMap:
    version: str  # "legacy" or "2025"
    units: list[UnitRecord]  # parents before children
    source: str


def _data_dir() -> Path:
    return Path(str(resources.files(PACKAGE).joinpath("data")))


def package_version() -> str:
    return metadata.version(PACKAGE)


def _source(table: str, when: str) -> str:
    return f"{PACKAGE} {package_version()} (MIT), {table}: {when}"


def _connect() -> sqlite3.Connection:
    path = _data_dir() / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def read_2025() -> OfficialMap:
    """34 provinces and 3,321 communes; communes report directly to the province."""
    with _connect() as db:
        rows = db.execute(
            "SELECT province, provinceCode, ward, wardType, wardCode FROM admin_units"
            " ORDER BY provinceCode, wardCode"
        ).fetchall()
    provinces: dict[str, UnitRecord] = {}
    communes: list[UnitRecord] = []
    for province, p_code, ward, ward_type, w_code in rows:
        if p_code not in provinces:
            provinces[p_code] = UnitRecord(p_code, province, rules.province_kind(province), None)
        communes.append(UnitRecord(w_code, ward, rules.commune_kind(ward_type), p_code))
    return OfficialMap(
        "2025",
        [*provinces.values(), *communes],
        _source("admin_units", "bản đồ hai cấp từ 01/07/2025"),
    )


def read_legacy() -> OfficialMap:
    """63 provinces, 696 districts and 10,035 communes (a few island districts have none)."""
    with _connect() as db:
        rows = db.execute(
            "SELECT province, provinceCode, district, districtType, districtCode,"
            " ward, wardType, wardCode FROM admin_units_legacy"
            " ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
    provinces: dict[str, UnitRecord] = {}
    districts: dict[str, UnitRecord] = {}
    communes: list[UnitRecord] = []
    for province, p_code, district, d_type, d_code, ward, w_type, w_code in rows:
        if p_code not in provinces:
            provinces[p_code] = UnitRecord(p_code, province, rules.province_kind(province), None)
        if d_code not in districts:
            kind = rules.district_kind(d_type, provinces[p_code].kind)
            districts[d_code] = UnitRecord(d_code, district, kind, p_code)
        if w_code:
            communes.append(UnitRecord(w_code, ward, rules.commune_kind(w_type), d_code))
    return OfficialMap(
        "legacy",
        [*provinces.values(), *districts.values(), *communes],
        _source("admin_units_legacy", "bản đồ 63 tỉnh trước 01/07/2025"),
    )


def read_successions() -> list[tuple[str, str, str]]:
    """(level, old code, new code) links of 1 July 2025: provinces and communes.

    Communes come from the converter's undivided wards (old wards wholly inside one new ward) and
    divided wards (an old ward split between several new ones: one link to each).
    """
    with _connect() as db:
        new_provinces = dict(
            db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units").fetchall()
        )
        old_provinces = dict(
            db.execute(
                "SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"
            ).fetchall()
        )
        new_wards = {
            (p, w): code
            for p, w, code in db.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units")
        }
        old_wards = {
            f"{p}_{d}_{w}": code
            for p, d, w, code in db.execute(
                "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy"
                " WHERE wardCode IS NOT NULL"
            )
        }
    converter = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    links: set[tuple[str, str, str]] = set()
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            if new_key in new_provinces and old_key in old_provinces:
                links.add(("province", old_provinces[old_key], new_provinces[new_key]))
    for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for w_key, old_keys in wards.items():
            new_code = new_wards.get((p_key, w_key))
            for old_key in old_keys:
                if new_code and old_key in old_wards:
                    links.add(("commune", old_wards[old_key], new_code))
    for p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for target in targets:
                new_code = new_wards.get((p_key, target["newWardKey"]))
                if new_code and old_key in old_wards:
                    links.add(("commune", old_wards[old_key], new_code))
    return sorted(links)
