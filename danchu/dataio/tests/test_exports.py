"""XLSX exports with Vietnamese headers; the people export is scoped like the people list."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danchu.dataio.exports import xlsx_bytes
from danchu.testing.factories import AssignmentFactory, PersonFactory, client_for

pytestmark = pytest.mark.django_db


def _sheet(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_people_export_has_vietnamese_headers_and_only_visible_people(world):  # type: ignore[no-untyped-def]
    a = PersonFactory(full_name="Nguyễn Thị Hoà", home_unit=world.commune_a, gender="F")
    AssignmentFactory(person=a, agency=world.ubnd_a, position__name="Chủ tịch UBND xã")
    PersonFactory(full_name="Lê Văn Làng", home_unit=world.village_a1)
    PersonFactory(full_name="Trần Văn Bình", home_unit=world.commune_b)
    response = client_for(world.bob).get(reverse("dataio:people_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    ws = _sheet(response.content)
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Đơn vị",
        "Mã đơn vị",
        "Chức vụ hiện tại",
    )
    names = [r[0] for r in rows[1:]]
    assert names == ["Nguyễn Thị Hoà", "Lê Văn Làng"]  # ID2 order: Hoà before Làng
    assert rows[1][1] == "Nữ"
    assert rows[1][5] == "Chủ tịch UBND xã — " + world.ubnd_a.name
    assert ws.title == "Danh sách người"


def test_people_export_follows_the_search(world):  # type: ignore[no-untyped-def]
    PersonFactory(full_name="Nguyễn Thị Hoà", home_unit=world.commune_a)
    PersonFactory(full_name="Lê Văn Làng", home_unit=world.commune_a)
    response = client_for(world.alice).get(reverse("dataio:people_export"), {"q": "hoa"})
    names = [r[0] for r in list(_sheet(response.content).iter_rows(values_only=True))[1:]]
    assert names == ["Nguyễn Thị Hoà"]


def test_xlsx_cells_keep_dates_and_never_become_formulas():  # type: ignore[no-untyped-def]
    data = xlsx_bytes("Thử", ["Tên", "Ngày", "Số"], [['=HYPERLINK("x")', dt.date(2026, 1, 5), 3]])
    ws = _sheet(data)
    name, day, number = ws[2]
    assert name.value == '=HYPERLINK("x")' and name.data_type == "s"
    assert day.value == dt.datetime(2026, 1, 5) and day.number_format == "DD/MM/YYYY"
    assert number.value == 3
    assert ws["A1"].font.bold


def test_sheet_title_is_made_valid():  # type: ignore[no-untyped-def]
    ws = _sheet(xlsx_bytes("Báo cáo: kết quả/2026 [bản in] rất dài quá mức cho phép", ["A"], []))
    assert len(ws.title) <= 31 and ":" not in ws.title and "/" not in ws.title


def test_id2_exported_text_is_nfc_whatever_form_it_was_stored_in():  # type: ignore[no-untyped-def]
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    ws = _sheet(xlsx_bytes(unicodedata.normalize("NFD", "Danh sách"), [nfd], [[nfd]]))
    assert ws["A1"].value == ws["A2"].value == "Nguyễn Thị Thủy"
    assert unicodedata.is_normalized("NFC", ws["A2"].value)
    assert ws.title == "Danh sách"


def test_people_export_in_the_background_gives_the_same_file_on_the_job_page(
    world, settings, tmp_path
):  # type: ignore[no-untyped-def]
    """Issue 16: a large export is made by a background job; its page links the file, which
    only the job's owner (and administrators) may download."""
    from danchu.jobs.models import Job
    from danchu.jobs.testing import run_queued

    settings.MEDIA_ROOT = str(tmp_path)
    PersonFactory(full_name="Nguyễn Thị Hoà", home_unit=world.commune_a)
    PersonFactory(full_name="Lê Văn Làng", home_unit=world.commune_a)
    PersonFactory(full_name="Trần Văn Bình", home_unit=world.commune_b)
    client = client_for(world.bob)
    response = client.post(reverse("dataio:people_export_job"), {"q": ""})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert client.get(reverse("dataio:people_export_job")).status_code == 405
    run_queued()
    job.refresh_from_db()
    assert job.status == "done" and job.message == "Đã xuất 2 người ra tệp Excel."
    page = client.get(response["Location"]).content.decode()
    assert job.result_file.url in page
    download = client.get(job.result_file.url)
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    rows = list(_sheet(data).iter_rows(values_only=True))
    direct = list(
        _sheet(client.get(reverse("dataio:people_export")).content).iter_rows(values_only=True)
    )
    assert rows == direct and rows[0][0] == "Họ và tên" and len(rows) == 3
    assert client_for(world.alice).get(job.result_file.url).status_code == 404
    assert client_for(world.dave).post(reverse("dataio:people_export_job")).status_code == 403
