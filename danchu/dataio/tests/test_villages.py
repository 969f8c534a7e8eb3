"""Village import for a commune, through the same import service."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.dataio import villages
from danchu.dataio.tests.files import csv_bytes, csv_upload, xlsx_upload
from danchu.testing.factories import client_for
from danchu.units.models import AdminUnit, Level, MapVersion, UnitKind

pytestmark = pytest.mark.django_db

HEAD = ["Mã", "Tên", "Loại", "Từ ngày"]


def test_villages_import_through_the_page(world):  # type: ignore[no-untyped-def]
    response = client_for(world.bob).post(
        reverse("dataio:village_import"),
        {
            "unit": world.commune_a.pk,
            "file": xlsx_upload(
                [
                    HEAD,
                    ["02", "Thôn Đông", "thon", "01/07/2025"],
                    ["03", "Tổ dân phố 5", "Tổ dân phố", ""],
                ]
            ),
        },
    )
    assert response.status_code == 200
    made = AdminUnit.objects.filter(parent=world.commune_a, map_version=MapVersion.LOCAL)
    assert set(made.values_list("code", "kind")) == {
        ("T0001-01", UnitKind.THON),
        ("T0001-02", UnitKind.THON),
        ("T0001-03", UnitKind.TO_DAN_PHO),
    }
    assert all(v.level == Level.VILLAGE for v in made)
    entry = AuditEntry.objects.get(action="dataio.villages.imported")
    assert entry.changes["villages"] == ["T0001-02", "T0001-03"]
    assert entry.actor_username == "bob"


def test_village_errors_are_reported_and_nothing_is_written(world):  # type: ignore[no-untyped-def]
    outcome = villages.import_villages(
        actor=world.bob,
        commune=world.commune_a,
        source=csv_upload(
            [
                HEAD,
                ["01", "Thôn Mới", "Thôn", ""],  # code of the existing Thôn 1
                ["02", "Thôn 1", "Thôn", ""],  # existing name
                ["02", "Thôn Hai", "Xóm", ""],  # duplicate code, unknown kind
                ["04", "thôn hai", "Bản", ""],  # same name as row 4, folded
            ]
        ),
    )
    errors = {(e.row, e.column) for e in outcome.result.errors}
    assert errors == {(2, "Mã"), (3, "Tên"), (4, "Mã"), (4, "Loại"), (5, "Tên")}
    assert AdminUnit.objects.filter(parent=world.commune_a).count() == 1
    assert not AuditEntry.objects.exists()


def test_villages_need_a_commune(world):  # type: ignore[no-untyped-def]
    outcome = villages.check_villages(
        actor=world.alice, commune=world.province, source=csv_upload([HEAD, ["1", "A", "Thôn", ""]])
    )
    assert [e.message for e in outcome.result.errors] == [
        "Tỉnh Thử không phải là xã, phường hay đặc khu."
    ]


def test_cli_villages(world, tmp_path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "thon.csv"
    path.write_bytes(csv_bytes([HEAD, ["9", "Bản Na", "Bản", ""]]))
    call_command("roster", "villages", str(path), "--unit", "T0001")
    assert AdminUnit.objects.filter(code="T0001-9", kind=UnitKind.BAN).exists()
    with pytest.raises(CommandError) as info:
        call_command("roster", "villages", str(path), "--unit", "T0001")
    assert info.value.returncode == 1
    assert "Dòng 2, cột «Mã»" in capsys.readouterr().err


def test_issue19_one_village_code_scheme_and_duplicates_refused(world):  # type: ignore[no-untyped-def]
    """A village typed on the page is stored "<commune>-<code>" like an imported one, and a
    village kept under a bare code from before ("05") is not created a second time."""
    import datetime as dt

    from danchu.units import services as unit_services

    added = unit_services.add_village(
        actor=None,
        commune=world.commune_a,
        kind=UnitKind.THON,
        code="06",
        name="Thôn 6",
        valid_from=dt.date(2025, 7, 1),
    )
    assert added.code == "T0001-06"
    legacy = AdminUnit.objects.create(
        code="05",
        name="Thôn 5",
        kind=UnitKind.THON,
        parent=world.commune_a,
        map_version=MapVersion.LOCAL,
        valid_from=dt.date(2025, 7, 1),
    )
    outcome = villages.import_villages(
        actor=world.bob,
        commune=world.commune_a,
        source=csv_upload([HEAD, ["05", "Thôn Năm", "Thôn", ""], ["06", "Thôn Sáu", "Thôn", ""]]),
    )
    assert {(e.row, e.column) for e in outcome.result.errors} == {(2, "Mã"), (3, "Mã")}
    with pytest.raises(ValueError, match="đã có thôn"):
        unit_services.add_village(
            actor=None,
            commune=world.commune_a,
            kind=UnitKind.THON,
            code="05",
            name="Thôn Năm",
            valid_from=dt.date(2025, 7, 1),
        )
    assert AdminUnit.objects.filter(parent=world.commune_a, name__startswith="Thôn 5").count() == 1
    assert legacy.pk
