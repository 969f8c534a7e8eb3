"""Plain rules about administrative units: which kind a listed unit is, and when a map is in force.

No Django here. The kinds are the string values of ``danchu.units.models.UnitKind``.

Design choices (documented in docs/units-and-people.md):
- The district-era map (63 provinces / 696 districts / 10,035 communes) is the state the
  ``vietnamadminunits`` package records just before the 2025 reform. Its units are given
  ``valid_from`` = :data:`LEGACY_VALID_FROM` (1 January 2020, a convenient start: the dataset
  does not say when each unit was created, and earlier mergers are not modelled) and
  ``valid_to`` = :data:`LEGACY_VALID_TO` (30 June 2025).
- The two-level map (34 provinces / 3,321 communes) is in force from :data:`MAP_2025_VALID_FROM`
  (1 July 2025, Resolutions 202/2025/QH15 and the Standing Committee's ward resolutions).
"""

from __future__ import annotations

import datetime as dt
import re

LEGACY_VALID_FROM = dt.date(2020, 1, 1)
LEGACY_VALID_TO = dt.date(2025, 6, 30)
MAP_2025_VALID_FROM = dt.date(2025, 7, 1)

# Village kinds a commune may add, with the word that starts their names.
VILLAGE_KIND_WORDS: dict[str, str] = {
    "thon": "Thôn",
    "ban": "Bản",
    "ap": "Ấp",
    "lang": "Làng",
    "buon": "Buôn",
    "phum": "Phum",
    "soc": "Sóc",
    "to_dan_pho": "Tổ dân phố",
    "khu_pho": "Khu phố",
    "khom": "Khóm",
}

_COMMUNE_TYPES = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}
_DISTRICT_TYPES = {"Huyện": "huyen", "Quận": "quan", "Thị xã": "thi_xa"}
_VILLAGE_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")


def province_kind(full_name: str) -> str:
    """ "Thành phố Hà Nội" is a centrally-run city; "Tỉnh Đồng Nai" a province."""
    return "thanh_pho_tw" if full_name.startswith("Thành phố") else "tinh"


def district_kind(type_name: str, province: str) -> str:
    """District-level kinds: huyện, quận, thị xã, and the two kinds of "Thành phố".

    A "Thành phố" under a centrally-run city (Thủ Đức in Hồ Chí Minh City) is a city within a
    city; under a province it is a provincial city.
    """
    if type_name == "Thành phố":
        return "thanh_pho_thuoc_tp" if province == "thanh_pho_tw" else "thanh_pho_thuoc_tinh"
    try:
        return _DISTRICT_TYPES[type_name]
    except KeyError:
        raise ValueError(f"Loại đơn vị cấp huyện không rõ: «{type_name}»") from None


def commune_kind(type_name: str) -> str:
    """Commune-level kinds: xã, phường, thị trấn, đặc khu."""
    try:
        return _COMMUNE_TYPES[type_name]
    except KeyError:
        raise ValueError(f"Loại đơn vị cấp xã không rõ: «{type_name}»") from None


def village_code_problem(code: str) -> str | None:
    """A village code is short and plain (letters, digits, dot, dash, underscore), ≤ 20 chars."""
    if not _VILLAGE_CODE.match(code):
        return "Mã thôn/tổ dân phố chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang (tối đa 20)."
    return None


def village_full_code(commune_code: str, code: str) -> str:
    """The one code scheme of villages (issue 19): ``<commune code>-<village code>``, e.g.
    ``23479-01``; a code already in that form is returned unchanged."""
    return code if code.startswith(f"{commune_code}-") else f"{commune_code}-{code}"


def village_close_problem(valid_from: dt.date, valid_to: dt.date) -> str | None:
    """A village's last day in force (``valid_to``) cannot come before its first day."""
    if valid_to < valid_from:
        return f"Thôn/tổ dân phố không thể ngừng trước ngày bắt đầu ({valid_from:%d/%m/%Y})."
    return None
