"""The units below a unit, as XLSX ("Xuất Excel"), for those who may see the unit."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danchu.testing.factories import UnitFactory, client_for
from danchu.units.models import MapVersion, UnitKind
from danchu.web.responses import XLSX

pytestmark = pytest.mark.django_db


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("alice", "province", 200),
        ("alice", "commune_b", 200),
        ("bob", "commune_a", 200),
        ("bob", "province", 403),
        ("bob", "commune_b", 403),
        ("carol", "commune_a", 403),
        ("dave", "commune_a", 403),
        ("root", "province", 200),
    ],
)
def test_export_access_matrix(world, who, unit, expected):
    client = client_for(getattr(world, who))
    url = reverse("units:export", args=[getattr(world, unit).pk])
    assert client.get(url).status_code == expected


def test_export_lists_the_whole_subtree_in_force_today(world):
    UnitFactory(
        code="T0001-09",
        name="Thôn Đã Nhập",
        kind=UnitKind.THON,
        parent=world.commune_a,
        map_version=MapVersion.LOCAL,
        valid_to=dt.date(2025, 12, 31),
    )
    response = client_for(world.alice).get(reverse("units:export", args=[world.province.pk]))
    assert "don-vi-T01.xlsx" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == [
        "Mã",
        "Tên",
        "Loại",
        "Cấp",
        "Đơn vị cấp trên",
        "Mã đơn vị cấp trên",
        "Hiệu lực từ",
        "Hiệu lực đến",
    ]
    body = [r[:6] for r in rows[1:]]
    assert body == [
        ["T0001", "Xã An Hòa", "Xã", "Cấp xã", "Tỉnh Thử", "T01"],
        ["T0002", "Xã Bình Minh", "Xã", "Cấp xã", "Tỉnh Thử", "T01"],
        ["T0001-01", "Thôn 1", "Thôn", "Thôn, tổ dân phố", "Xã An Hòa", "T0001"],
    ]
    assert rows[1][6] == dt.datetime(2025, 7, 1)


def test_export_button_on_the_unit_page(world):
    page = client_for(world.bob).get(reverse("units:detail", args=[world.commune_a.pk]))
    html = page.content.decode()
    assert reverse("units:export", args=[world.commune_a.pk]) in html
    assert "Xuất Excel" in html
