"""Roster import (issue 3 item 6): whole file checked first, row/column errors in Vietnamese,
all or nothing, accounts with an audited role grant; through the page and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from danchu.accounts.models import Role, RoleAssignment, User
from danchu.audit import services as audit
from danchu.audit.models import AuditEntry
from danchu.dataio import roster
from danchu.dataio.imports import open_bytes
from danchu.dataio.tests.files import csv_bytes, csv_upload, upload, xlsx_bytes, xlsx_upload
from danchu.jobs.models import Job
from danchu.jobs.testing import run_queued
from danchu.people.models import Assignment, Person
from danchu.testing.factories import PersonFactory, client_for

pytestmark = pytest.mark.django_db

HEAD = [c.header for c in roster.COLUMNS]
_BLANK = {c.key: "" for c in roster.COLUMNS}


def row(**values):  # type: ignore[no-untyped-def]
    data = {
        **_BLANK,
        "full_name": "Nguyễn Thị Hoà",
        "gender": "Nữ",
        "date_of_birth": "14/03/1985",
        "unit_code": "T0001",
    }
    data.update(values)
    return [data[c.key] for c in roster.COLUMNS]


CHAIR = row(
    national_id="001185000123",
    position_code="chu-tich-ubnd-xa",
    agency="UBND",
    start_date="01/07/2021",
    how_started="Bầu",
    username="hoa.nt",
    email="hoa.nt@example.vn",
    role="Chủ tịch",
)
VILLAGER = row(
    full_name="Trần Văn Đức", gender="Nam", date_of_birth="02/11/1979", unit_code="T0001-01"
)


def _check(world, rows, actor=None, name="ds.csv"):  # type: ignore[no-untyped-def]
    data = csv_bytes([HEAD, *rows]) if name.endswith(".csv") else xlsx_bytes([HEAD, *rows])
    return roster.check_roster(
        actor=actor or world.alice, unit=world.commune_a, source=open_bytes(data, name)
    )


def _errors(outcome):  # type: ignore[no-untyped-def]
    return {(e.row, e.column): e.message for e in outcome.result.errors}


def test_roster_import_through_the_page(world, chairman_post):  # type: ignore[no-untyped-def]
    client = client_for(world.alice)
    page = client.get(reverse("dataio:roster_import"))
    assert page.status_code == 200
    response = client.post(
        reverse("dataio:roster_import"),
        {"unit": world.commune_a.pk, "file": xlsx_upload([HEAD, CHAIR, VILLAGER])},
    )
    # Issue 16: the page hands the file to a background job and shows the job's page.
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert not Person.objects.exists()  # nothing yet: the worker has not run
    assert run_queued() == 1
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "Đã nhập 2 người, 1 chức vụ, 1 tài khoản vào Xã An Hòa." in response.content.decode()
    hoa = Person.objects.get(national_id="001185000123")
    assert hoa.full_name == "Nguyễn Thị Hoà" and hoa.home_unit == world.commune_a
    assert Person.objects.get(full_name="Trần Văn Đức").home_unit == world.village_a1
    post = Assignment.objects.get(person=hoa)
    assert (post.position, post.agency, post.start_date, post.how_started) == (
        chairman_post,
        world.ubnd_a,
        dt.date(2021, 7, 1),
        "elected",
    )
    user = User.objects.get(username="hoa.nt")
    assert user.person == hoa and not user.has_usable_password()
    assert RoleAssignment.objects.get(user=user).role == Role.CHAIRMAN
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "actor_username"))
    assert actions == [
        ("jobs.job.started", "alice"),
        ("accounts.role.granted", "alice"),
        ("dataio.roster.imported", "alice"),
        ("jobs.job.finished", "alice"),
    ]
    assert AuditEntry.objects.get(action="dataio.roster.imported").changes["people"] == 2
    assert audit.verify().ok


def test_given_initial_password_lets_the_account_log_in(world, chairman_post):  # type: ignore[no-untyped-def]
    rows = [row(username="an.nv", role="officer", password="Mua-xuan-2026!")]
    outcome = roster.import_roster(
        actor=world.alice, unit=world.commune_a, source=csv_upload([HEAD, *rows])
    )
    assert outcome.ok, outcome.result.errors
    assert User.objects.get(username="an.nv").check_password("Mua-xuan-2026!")


def test_page_shows_every_problem_and_writes_nothing(world, chairman_post):  # type: ignore[no-untyped-def]
    bad = row(full_name="Lê Văn Sai", unit_code="T0002")
    client = client_for(world.alice)
    response = client.post(
        reverse("dataio:roster_import"),
        {"unit": world.commune_a.pk, "file": csv_upload([HEAD, CHAIR, VILLAGER, bad])},
    )
    assert response.status_code == 302
    run_queued()
    html = client.get(response["Location"]).content.decode()
    assert "Không ghi gì: tệp có 1 lỗi." in html
    assert "Mã đơn vị «T0002» không có trong Xã An Hòa" in html
    assert 'id="job-errors"' in html
    assert Job.objects.get().errors == [
        {
            "row": 4,
            "column": "Mã đơn vị",
            "message": "Mã đơn vị «T0002» không có trong Xã An Hòa hoặc các đơn vị trực thuộc.",
        }
    ]
    assert Person.objects.count() == 0
    assert not User.objects.filter(username="hoa.nt").exists()
    assert not AuditEntry.objects.exclude(action__startswith="jobs.job.").exists()


def test_unknown_unit_code_is_reported(world):  # type: ignore[no-untyped-def]
    outcome = _check(world, [row(unit_code="X999")])
    assert _errors(outcome) == {
        (2, "Mã đơn vị"): "Mã đơn vị «X999» không có trong Xã An Hòa hoặc các đơn vị trực thuộc."
    }


def test_id1_duplicate_national_id_within_the_file(world):  # type: ignore[no-untyped-def]
    first = row(national_id="001185000123")
    second = row(full_name="Phạm Thị Hoà", national_id="001185000123")
    errors = _errors(_check(world, [first, second]))
    assert errors == {(3, "Số định danh cá nhân"): "Số định danh «001185000123» trùng với dòng 2."}


def test_id1_duplicate_national_id_against_the_database(world):  # type: ignore[no-untyped-def]
    PersonFactory(national_id="001185000123", home_unit=world.commune_b)
    errors = _errors(_check(world, [row(national_id="001185000123")]))
    assert errors == {
        (2, "Số định danh cá nhân"): "Số định danh «001185000123» đã có trong hệ thống."
    }


def test_id1_national_id_must_match_birth_year_and_gender(world):  # type: ignore[no-untyped-def]
    errors = _errors(_check(world, [row(national_id="001085000123")]))  # male digit, woman
    assert "giới tính" in errors[(2, "Số định danh cá nhân")]
    errors = _errors(_check(world, [row(national_id="001190000123")]))  # 1990, born 1985
    assert "(1990) không khớp với ngày sinh (1985)" in errors[(2, "Số định danh cá nhân")]


def test_id1_national_id_that_lost_its_leading_zero_in_excel(world):  # type: ignore[no-untyped-def]
    errors = _errors(_check(world, [row(national_id=1185000123)], name="ds.xlsx"))
    message = errors[(2, "Số định danh cá nhân")]
    assert "12 chữ số" in message and "Văn bản" in message


def test_assignment_ending_before_it_starts_is_reported(world, chairman_post):  # type: ignore[no-untyped-def]
    rows = [row(position_code="chu-tich-ubnd-xa", start_date="01/07/2021", end_date="30/06/2021")]
    assert _errors(_check(world, rows)) == {
        (2, "Đến ngày"): "Ngày kết thúc 30/06/2021 trước ngày bắt đầu 01/07/2021."
    }


def test_unknown_position_and_missing_start_are_reported(world):  # type: ignore[no-untyped-def]
    errors = _errors(_check(world, [row(position_code="khong-co")]))
    assert set(errors) == {(2, "Mã chức danh"), (2, "Từ ngày")}


def test_non_utf8_csv_is_refused(world):  # type: ignore[no-untyped-def]
    data = csv_bytes([HEAD, row()]).replace("Hoà".encode(), b"Ho\xe0")
    outcome = roster.check_roster(
        actor=world.alice, unit=world.commune_a, source=upload(data, "ds.csv")
    )
    assert [(e.row, e.column) for e in outcome.result.errors] == [(2, "")]
    assert "UTF-8" in outcome.result.errors[0].message


def test_legacy_encoded_name_is_refused(world):  # type: ignore[no-untyped-def]
    errors = _errors(_check(world, [row(full_name="NguyÔn ThÞ Hoµ")]))
    assert "TCVN3" in errors[(2, "Họ và tên")]


def test_accounts_taken_names_and_roles_out_of_reach(world):  # type: ignore[no-untyped-def]
    rows = [
        row(username="bob", role="officer"),
        row(full_name="B", username="x.y", role="Cán bộ", role_unit_code="T01"),
        row(full_name="C", username="z", role="system_admin"),
        row(full_name="D", role="officer"),
    ]
    errors = _errors(_check(world, rows))
    assert errors[(2, "Tên đăng nhập")] == "Tên đăng nhập «bob» đã có người dùng."
    assert "không có trong Xã An Hòa" in errors[(3, "Mã đơn vị của vai trò")]
    assert "không hợp lệ" in errors[(4, "Vai trò")]
    assert errors[(5, "Vai trò")] == "Cột này chỉ dùng khi có tên đăng nhập."


def test_officer_may_import_people_but_not_give_roles(world):  # type: ignore[no-untyped-def]
    assert _check(world, [VILLAGER], actor=world.bob).ok
    errors = _errors(_check(world, [row(username="n.a", role="officer")], actor=world.bob))
    assert errors == {(2, "Vai trò"): "Bạn không có quyền giao vai trò này tại Xã An Hòa."}


def test_same_file_twice_is_refused_the_second_time(world, chairman_post):  # type: ignore[no-untyped-def]
    first = roster.import_roster(
        actor=world.alice, unit=world.commune_a, source=csv_upload([HEAD, VILLAGER])
    )
    assert first.ok
    second = roster.import_roster(
        actor=world.alice, unit=world.commune_a, source=csv_upload([HEAD, VILLAGER])
    )
    assert not second.ok
    assert "có thể đã được nhập" in second.result.errors[0].message
    assert Person.objects.count() == 1


def test_template_example_file_imports_cleanly_on_the_demo_province(world, tmp_path):  # type: ignore[no-untyped-def]
    """Issue 19: the example rows name units of the demo province (Xã Đăk Rve 23479 and its
    village 23479-01), so `danchu roster import` of the downloaded template works on a real
    install, from the page's file and from `danchu roster template`."""
    from danchu.testing.demo import build_demo

    demo = build_demo()
    commune = demo.communes[0]
    client = client_for(world.root)
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("dataio:template", args=["roster"]), {"format": fmt})
        assert response.status_code == 200
        outcome = roster.check_roster(
            actor=None, unit=commune, source=open_bytes(response.content, f"mau.{fmt}")
        )
        assert outcome.ok, outcome.result.errors
        assert len(outcome.plans) == 2
    path = tmp_path / "mau.xlsx"
    call_command("roster", "template", str(path))
    call_command("roster", "import", str(path), "--unit", commune.code)
    assert User.objects.get(username="hoa.nt").must_change_password is False  # no password given


def test_cli_roster_import(world, chairman_post, tmp_path, capsys):  # type: ignore[no-untyped-def]
    good = tmp_path / "ds.xlsx"
    good.write_bytes(xlsx_bytes([HEAD, CHAIR]))
    call_command("roster", "import", str(good), "--unit", "T0001", "--as", "alice")
    assert "Đã nhập 1 người, 1 chức vụ, 1 tài khoản" in capsys.readouterr().out
    bad = tmp_path / "ds2.csv"
    bad.write_bytes(csv_bytes([HEAD, VILLAGER, row(full_name="X", unit_code="T0002")]))
    with pytest.raises(CommandError) as info:
        call_command("roster", "import", str(bad), "--unit", "T0001")
    assert info.value.returncode == 1
    assert "Dòng 3, cột «Mã đơn vị»: Mã đơn vị «T0002»" in capsys.readouterr().err
    assert Person.objects.count() == 1


def test_cli_refuses_an_actor_without_rights(world, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([HEAD, VILLAGER]))
    with pytest.raises(CommandError, match="không có quyền"):
        call_command("roster", "import", str(path), "--unit", "T0001", "--as", "carol")
