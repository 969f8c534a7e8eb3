"""Uploading a file of forms (the ``danchu survey count`` format) into a commune's survey: the
shared import service reads it whole, every problem names its row and column in Vietnamese, and
either every form is saved or none."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.urls import reverse

from danchu.audit.models import AuditEntry
from danchu.dataio.exports import xlsx_bytes
from danchu.dataio.imports import open_bytes
from danchu.surveys import counting, rules, selectors, services, upload
from danchu.surveys.models import Form, PaperEntry, Subject
from danchu.surveys.tests.conftest import Scene
from danchu.surveys.tests.helpers import SURVEY_ON
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db

HEADER = "ma_phieu,cong_chuc,chuc_danh,nhom,tin_nhiem"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def _van(scene: Scene) -> Subject:
    return Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")


def _import(scene: Scene, data: bytes, name: str = "phieu.csv") -> upload.FormsUpload:
    return services.import_forms(
        actor=scene.actors["thuky"],
        commune_survey=scene.cs,
        source=open_bytes(data, name),
        collected_on=SURVEY_ON,
    )


def _errors(outcome: upload.FormsUpload) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in outcome.result.sorted_errors()]


def _van_file() -> bytes:
    """40 officials (CB 25 + KCT 15) and 80 citizens for Phạm Thị Văn: 61 tín nhiệm, 55 không,
    4 invalid (2 empty, 1 "2", 1 "x")."""
    lines = []
    n = 0

    def add(group: str, trust: str, count: int) -> None:
        nonlocal n
        for _ in range(count):
            n += 1
            lines.append(f"VP-{n:04d},Phạm Thị Văn,Văn phòng - Thống kê,{group},{trust}")

    add("CB", "1", 20)
    add("CB", "0", 5)
    add("KCT", "1", 10)
    add("KCT", "0", 5)
    add("ND", "1", 31)
    add("ND", "0", 45)
    add("ND", "", 2)
    add("ND", "2", 1)
    add("ND", "x", 1)
    return _csv(*lines)


def test_sv7_uploaded_forms_count_exactly_as_the_standalone_count(scene: Scene) -> None:
    data = _van_file()
    outcome = _import(scene, data)
    assert outcome.ok, _errors(outcome)
    assert outcome.created == 120
    van = _van(scene)
    tally = selectors.tallies([van.pk])[van.pk]
    (counted,) = counting.count_stream(io.BytesIO(data)).subjects
    assert (tally.collected, tally.valid, tally.invalid, tally.trust) == (120, 116, 4, 61)
    assert (tally.collected, tally.valid, tally.trust) == (
        counted.tally.collected,
        counted.tally.valid,
        counted.tally.trust,
    )
    assert tally.by_group == counted.tally.by_group == {"CB": 25, "KCT": 15, "ND": 80}
    assert tally.trust_by_group == counted.tally.trust_by_group == {"CB": 20, "KCT": 10, "ND": 31}
    # SV7: 61 / 120 = 50.83 % (not low); the same reading as the count's.
    assert rules.percent_2dp(tally.trust, tally.collected) == "50.83"
    assert not tally.low
    overall = dict(
        Form.objects.filter(subject=van).values_list("serial", "overall").order_by("serial")
    )
    assert overall["VP-0119"] == "both" and overall["VP-0120"] == "both"
    assert overall["VP-0117"] == "blank"
    assert set(Form.objects.filter(subject=van).values_list("collected_on", flat=True)) == {
        SURVEY_ON
    }


def test_sv5_upload_records_items_and_the_form_version(scene: Scene) -> None:
    van = _van(scene)
    data = _csv(
        "A-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,0,A4 b2",
        "A-2,Phạm Thị Văn,Văn phòng - Thống kê,CB,1,",
        header=HEADER + ",muc",
    )
    outcome = _import(scene, data)
    assert outcome.ok, _errors(outcome)
    form = Form.objects.get(serial="A-1")
    assert form.flagged_items == ["a4", "b2"]
    assert form.template == services.form_template_for(scene.cs)
    assert selectors.item_counts(van) == {"a4": 1, "b2": 1}


def test_upload_is_all_or_nothing_with_every_row_and_column_named(scene: Scene) -> None:
    thap = scene.subject
    data = _csv(
        "OK-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,1",  # row 2: fine
        "OK-2,Nguyễn Văn Không,Văn phòng - Thống kê,ND,1",  # row 3: not in the list
        "OK-3,Phạm Thị Văn,Tư pháp - Hộ tịch,ND,1",  # row 4: wrong position
        "OK-4,Phạm Thị Văn,Văn phòng - Thống kê,QQ,1",  # row 5: unknown group
        "OK-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,0",  # row 6: serial repeated
        f"T{thap.pk}-0,Đinh Văn Thấp,Tư pháp - Hộ tịch,ND,0",  # row 7: already entered
        ",Phạm Thị Văn,Văn phòng - Thống kê,ND,1",  # row 8: no serial
    )
    outcome = _import(scene, data)
    assert not outcome.ok and outcome.created == 0
    assert _errors(outcome) == [
        (
            3,
            "Công chức",
            "Không có công chức «Nguyễn Văn Không» trong danh sách lấy ý kiến của Xã An Hòa "
            "đợt này.",
        ),
        (
            4,
            "Chức danh",
            "«Phạm Thị Văn» không được lấy ý kiến ở chức danh «Tư pháp - Hộ tịch» (danh sách "
            "có: Văn phòng - Thống kê).",
        ),
        (5, "Nhóm", "«QQ» không hợp lệ; chọn một trong: «CB», «KCT», «ND»."),
        (6, "Mã phiếu", "Mã phiếu «OK-1» trùng với dòng 2."),
        (7, "Mã phiếu", f"Mã phiếu «T{thap.pk}-0» đã được nhập vào đợt này."),
        (8, "Mã phiếu", "Ô này không được để trống."),
    ]
    assert not Form.objects.filter(serial__startswith="OK-").exists()
    assert Form.objects.filter(commune_survey=scene.cs).count() == 100  # the scene's own


def test_upload_reads_nfc_and_matches_names_without_tones_or_codes(scene: Scene) -> None:
    van = _van(scene)
    decomposed = unicodedata.normalize("NFD", "Phạm Thị Văn")
    data = _csv(
        f"N-1,{decomposed},Văn phòng - Thống kê,nd,1",  # NFD text, lower-case group
        "N-2,PHAM THI VAN,van phong - thong ke,CB,0",  # no tones, capitals
        f"N-3,S{van.pk},cs-van-phong-thong-ke,KCT,1",  # the code printed on forms, position code
        f"s{van.pk} - 7,Phạm Thị Văn,Văn phòng - Thống kê,ND,1",  # printed serial, loosely typed
    )
    outcome = _import(scene, data)
    assert outcome.ok, _errors(outcome)
    assert sorted(Form.objects.filter(subject=van).values_list("serial", "group")) == [
        ("N-1", "ND"),
        ("N-2", "CB"),
        ("N-3", "KCT"),
        (f"S{van.pk}-007", "ND"),
    ]


def test_upload_refuses_legacy_encodings_and_printed_serials_of_others(scene: Scene) -> None:
    van, thap = _van(scene), scene.subject
    data = _csv(
        "L-1,Ph¹m ThÞ V¨n,Văn phòng - Thống kê,ND,1",  # TCVN3 typed, read as Unicode
        f"S{thap.pk}-001,Phạm Thị Văn,Văn phòng - Thống kê,ND,1",  # printed for Thấp
        f"S{van.pk}-999,Phạm Thị Văn,Văn phòng - Thống kê,ND,1",  # beyond the printed forms
    )
    outcome = _import(scene, data)
    errors = _errors(outcome)
    assert [(row, column) for row, column, _ in errors] == [
        (2, "Công chức"),
        (3, "Mã phiếu"),
        (4, "Mã phiếu"),
    ]
    assert "bảng mã cũ TCVN3" in errors[0][2]
    assert errors[1][2] == (
        f"Mã phiếu «S{thap.pk}-001» in cho công chức khác (mã S{thap.pk}), không phải S{van.pk}."
    )
    assert errors[2][2] == (
        f"Mã phiếu «S{van.pk}-999»: số thứ tự 999 ngoài số phiếu đã in (1–{van.quota_total})."
    )
    assert not Form.objects.filter(subject=van).exists()


def test_upload_needs_the_tin_nhiem_column_but_not_its_cells(scene: Scene) -> None:
    missing = _csv(
        "M-1,Phạm Thị Văn,Văn phòng - Thống kê,ND", header="ma_phieu,cong_chuc,chuc_danh,nhom"
    )
    outcome = _import(scene, missing)
    assert _errors(outcome) == [(1, "Tín nhiệm", "Thiếu cột bắt buộc này ở dòng tiêu đề.")]
    empty = _csv("M-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,")
    assert _import(scene, empty).ok
    assert not Form.objects.get(serial="M-1").valid


def test_upload_of_the_same_file_twice_is_refused(scene: Scene) -> None:
    data = _csv("D-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,1")
    assert _import(scene, data).ok
    again = _import(scene, data)
    assert _errors(again) == [(2, "Mã phiếu", "Mã phiếu «D-1» đã được nhập vào đợt này.")]
    assert Form.objects.filter(serial="D-1").count() == 1


def test_upload_refuses_a_serial_being_typed_twice(scene: Scene) -> None:
    van = _van(scene)
    scene.cs.double_entry = True
    scene.cs.save(update_fields=["double_entry"])
    services.enter_paper_form(
        actor=scene.actors["thuky"],
        commune_survey=scene.cs,
        serial=f"S{van.pk}-5",
        data=services.FormData("ND", rules.Overall.TRUST),
        collected_on=SURVEY_ON,
    )
    assert PaperEntry.objects.filter(serial=f"S{van.pk}-005").exists()
    outcome = _import(scene, _csv(f"S{van.pk}-005,Phạm Thị Văn,Văn phòng - Thống kê,ND,1"))
    assert "đang được nhập bằng bàn phím" in _errors(outcome)[0][2]


def test_sv2_upload_refuses_forms_for_a_civil_servant_not_surveyed(scene: Scene) -> None:
    van = _van(scene)
    Subject.objects.filter(pk=van.pk).update(surveyed=False, reason="Chưa đủ 6 tháng")
    outcome = _import(scene, _csv("X-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,1"))
    assert _errors(outcome) == [
        (
            2,
            "Công chức",
            "«Phạm Thị Văn» không được lấy ý kiến trong đợt này (SV2): Chưa đủ 6 tháng",
        )
    ]


def test_sv8_upload_refused_after_the_commune_reported(scene: Scene) -> None:
    services.report_commune(actor=scene.actors["thuky"], commune_survey=scene.cs)
    outcome = _import(scene, _csv("R-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,1"))
    assert _errors(outcome) == [(0, "", "Xã đã báo cáo kết quả; không nhập thêm phiếu.")]
    assert not Form.objects.filter(serial="R-1").exists()


def test_upload_of_an_xlsx_file_and_the_audit_entry(scene: Scene) -> None:
    headers = ["Mã phiếu", "Công chức", "Chức danh", "Nhóm", "Tín nhiệm"]
    rows = [
        ["X-1", "Phạm Thị Văn", "Văn phòng - Thống kê", "ND", 1],
        ["X-2", "Phạm Thị Văn", "Văn phòng - Thống kê", "CB", 0],
        ["X-3", "Đinh Văn Thấp", "Tư pháp - Hộ tịch", "KCT", 1],
    ]
    data = xlsx_bytes("Phiếu", headers, rows)
    outcome = _import(scene, data, name="phieu.xlsx")
    assert outcome.ok, _errors(outcome)
    assert sorted(
        Form.objects.filter(serial__startswith="X-").values_list("serial", "overall")
    ) == [
        ("X-1", "1"),
        ("X-2", "0"),
        ("X-3", "1"),
    ]
    entry = AuditEntry.objects.filter(action="surveys.forms.imported").get()
    import hashlib

    assert entry.changes["file"] == "phieu.xlsx"
    assert entry.changes["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry.changes["forms"] == 3
    assert entry.changes["subjects"] == {f"S{_van(scene).pk}": 2, f"S{scene.subject.pk}": 1}


def test_upload_page_shows_errors_then_saves_and_returns_to_the_commune(scene: Scene) -> None:
    client = f.client_for(scene.actors["thuky"])
    url = reverse("surveys:upload", args=[scene.cs.pk])
    bad = _csv("P-1,Phạm Thị Văn,Văn phòng - Thống kê,QQ,1")
    response = client.post(url, {"file": open_bytes(bad, "phieu.csv")})
    assert response.status_code == 422
    page = response.content.decode()
    assert "«QQ» không hợp lệ" in page and 'id="upload-errors"' in page
    good = _csv("P-1,Phạm Thị Văn,Văn phòng - Thống kê,ND,1")
    response = client.post(url, {"file": open_bytes(good, "phieu.csv")})
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:commune", args=[scene.cs.pk])
    assert Form.objects.filter(serial="P-1").exists()
    wrong_type = client.post(url, {"file": open_bytes(good, "phieu.txt")})
    assert wrong_type.status_code == 200 and not Form.objects.filter(serial="P-2").exists()
    # bob (commune officer without the survey role) may not upload
    assert (
        f.client_for(scene.actors["bob"]).post(url, {"file": open_bytes(good, "a.csv")}).status_code
        == 403
    )


def test_upload_example_file_lists_this_communes_civil_servants(scene: Scene) -> None:
    client = f.client_for(scene.actors["thuky"])
    response = client.get(reverse("surveys:upload_template", args=[scene.cs.pk, "csv"]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Mã phiếu,Công chức,Chức danh,Nhóm,Tín nhiệm,Các mục"
    van = _van(scene)
    assert f"S{van.pk}-001,Phạm Thị Văn,Văn phòng - Thống kê,ND,1," in text
    # the example file itself uploads (one form per civil servant) and counts offline too
    assert _import(scene, response.content).ok
    assert counting.count_stream(io.BytesIO(response.content)).ok
