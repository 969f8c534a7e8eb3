"""Loading the official maps from vietnamadminunits (one load per test: it is the slow part)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danchu.units import selectors, services
from danchu.units.models import AdminUnit, Level, MapVersion, UnitKind, UnitSuccession

pytestmark = pytest.mark.django_db


def stats_json(on: str) -> dict:
    out = StringIO()
    call_command("units", "stats", "--json", "--on", on, stdout=out)
    return json.loads(out.getvalue())


def test_units_load_all_counts_paths_successions_and_reload_is_idempotent():
    out = StringIO()
    call_command("units", "load", stdout=out)
    assert "Bản đồ 2025: thêm 3355" in out.getvalue()

    new = stats_json("2025-07-01")
    assert new["by_level"] == {"province": 34, "district": 0, "commune": 3321, "village": 0}
    assert new["by_kind"]["xa"] == 2621
    assert new["by_kind"]["phuong"] == 687
    assert new["by_kind"]["dac_khu"] == 13
    assert new["by_kind"]["thanh_pho_tw"] == 6
    old = stats_json("2024-01-01")
    assert old["by_level"] == {"province": 63, "district": 696, "commune": 10035, "village": 0}
    assert old["by_kind"]["thi_tran"] == 616
    assert old["by_kind"]["thanh_pho_thuoc_tp"] == 2  # Thủ Đức, Thủy Nguyên
    assert stats_json("2019-12-31")["by_level"]["province"] == 0
    assert stats_json("2025-06-30")["by_level"]["district"] == 696

    # Materialised paths are set although bulk_create bypasses save().
    assert not AdminUnit.objects.filter(path="").exists()
    ward = AdminUnit.objects.get(map_version=MapVersion.LEGACY, code="23479")
    assert ward.kind == UnitKind.THI_TRAN
    assert ward.path == f"{ward.parent.parent.pk}/{ward.parent.pk}/{ward.pk}/"
    assert ward.parent.name == "Huyện Kon Rẫy"
    assert ward.valid_to == dt.date(2025, 6, 30)
    assert "vietnamadminunits" in ward.source
    province = AdminUnit.objects.get(map_version=MapVersion.Y2025, code="51")
    assert province.name == "Tỉnh Quảng Ngãi"
    assert selectors.communes_of(province, dt.date(2025, 7, 1)).filter(code="23479").exists()

    # Successions: Kon Tum became part of Quảng Ngãi; Thị trấn Đăk Rve part of Xã Đăk Rve.
    kon_tum = AdminUnit.objects.get(map_version=MapVersion.LEGACY, code="62")
    assert [s.successor for s in kon_tum.successions.all()] == [province]
    assert ward.successions.filter(successor__name="Xã Đăk Rve").exists()
    old_communes = AdminUnit.objects.filter(map_version=MapVersion.LEGACY, level=Level.COMMUNE)
    linked = UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE)
    assert linked.values("predecessor").distinct().count() == old_communes.count()

    counts = (AdminUnit.objects.count(), UnitSuccession.objects.count())
    ward.name = "Tên bị sửa nhầm"
    ward.save()
    report = services.load_official_units(which="all")
    assert report.created == {"2025": 0, "legacy": 0}
    assert report.updated == {"2025": 0, "legacy": 1}
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count()) == counts
    ward.refresh_from_db()
    assert ward.name == "Thị trấn Đăk Rve"


def test_units_load_one_map_only():
    services.load_official_units(which="2025")
    assert stats_json("2025-07-01")["by_level"]["commune"] == 3321
    assert stats_json("2024-01-01")["by_level"]["commune"] == 0
    assert not UnitSuccession.objects.exists()


def test_units_load_refuses_unknown_map():
    with pytest.raises(ValueError, match="không hợp lệ"):
        services.load_official_units(which="1975")


def test_units_stats_refuses_bad_date_in_vietnamese():
    with pytest.raises(CommandError, match="--on"):
        call_command("units", "stats", "--on", "01/07/2025")


def test_units_stats_counts_villages_added_by_communes(world):
    data = stats_json("2026-01-01")
    assert data["by_level"]["village"] == 1
    assert data["by_kind"]["thon"] == 1
    human = StringIO()
    call_command("units", "stats", "--on", "2026-01-01", stdout=human)
    assert "Cấp xã: 2" in human.getvalue()
