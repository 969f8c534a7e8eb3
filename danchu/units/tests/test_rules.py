"""Unit kinds and map dates: plain rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.units import rules
from danchu.units.models import KIND_LEVEL, VILLAGE_KINDS, Level, UnitKind


def test_province_kind_tells_city_from_province():
    assert rules.province_kind("Thành phố Hà Nội") == UnitKind.THANH_PHO_TW
    assert rules.province_kind("Tỉnh Đồng Nai") == UnitKind.TINH


@pytest.mark.parametrize(
    ("type_name", "province", "kind"),
    [
        ("Huyện", "tinh", UnitKind.HUYEN),
        ("Quận", "thanh_pho_tw", UnitKind.QUAN),
        ("Thị xã", "tinh", UnitKind.THI_XA),
        ("Thành phố", "tinh", UnitKind.THANH_PHO_THUOC_TINH),
        ("Thành phố", "thanh_pho_tw", UnitKind.THANH_PHO_THUOC_TP),
    ],
)
def test_district_kind(type_name, province, kind):
    assert rules.district_kind(type_name, province) == kind
    assert KIND_LEVEL[kind] == Level.DISTRICT


@pytest.mark.parametrize(
    ("type_name", "kind"),
    [
        ("Xã", UnitKind.XA),
        ("Phường", UnitKind.PHUONG),
        ("Thị trấn", UnitKind.THI_TRAN),
        ("Đặc khu", UnitKind.DAC_KHU),
    ],
)
def test_commune_kind(type_name, kind):
    assert rules.commune_kind(type_name) == kind
    assert KIND_LEVEL[kind] == Level.COMMUNE


def test_unknown_type_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="không rõ"):
        rules.commune_kind("Làng")


def test_maps_meet_without_gap_or_overlap():
    assert rules.LEGACY_VALID_TO + dt.timedelta(days=1) == rules.MAP_2025_VALID_FROM
    assert dt.date(2025, 7, 1) == rules.MAP_2025_VALID_FROM


def test_village_kind_words_cover_every_village_kind():
    assert set(rules.VILLAGE_KIND_WORDS) == {str(k) for k in VILLAGE_KINDS}


@pytest.mark.parametrize("code", ["01", "TDP3", "A-2", "khu.1"])
def test_village_code_accepts_plain_codes(code):
    assert rules.village_code_problem(code) is None


@pytest.mark.parametrize("code", ["", "thôn 1", "a b", "x" * 21, "-1"])
def test_village_code_refuses_other_codes(code):
    assert rules.village_code_problem(code)
