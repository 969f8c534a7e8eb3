"""The shared import service: whole-file validation, row/column errors in Vietnamese, NFC,
legacy encodings refused. No database needed."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from danchu.dataio.imports import Column, choice, date, integer, read_rows
from danchu.dataio.tests.files import csv_bytes, upload, xlsx_bytes, xlsx_upload

COLUMNS = [
    Column("name", "Họ và tên", ("ho ten",)),
    Column("born", "Ngày sinh", required=False, parse=date),
    Column("sex", "Giới tính", parse=choice({"Nam": "M", "Nữ": "F"})),
    Column("count", "Số lượng", required=False, parse=integer),
]
HEAD = ["Họ và tên", "Ngày sinh", "Giới tính", "Số lượng"]


def _csv(rows, name="a.csv"):  # type: ignore[no-untyped-def]
    return upload(csv_bytes(rows), name)


def test_reads_csv_rows_with_row_numbers():  # type: ignore[no-untyped-def]
    result = read_rows(
        _csv(
            [
                HEAD,
                ["Lê Văn Tám", "05/01/1990", "Nam", "3"],
                ["", "", "", ""],
                ["Hà Thu", "", "nu", ""],
            ]
        ),
        COLUMNS,
    )
    assert result.ok, result.errors
    assert result.line_numbers == [2, 4]
    assert result.rows[0] == {
        "name": "Lê Văn Tám",
        "born": dt.date(1990, 1, 5),
        "sex": "M",
        "count": 3,
    }
    assert result.rows[1]["sex"] == "F"  # "nu" matches "Nữ" without tones
    assert result.rows[1]["born"] is None


def test_reads_xlsx_with_date_cells_and_numbers():  # type: ignore[no-untyped-def]
    result = read_rows(
        xlsx_upload([HEAD, ["Lê Văn Tám", dt.datetime(1990, 1, 5), "Nam", 7]]), COLUMNS
    )
    assert result.ok, result.errors
    assert result.rows[0]["born"] == dt.date(1990, 1, 5)
    assert result.rows[0]["count"] == 7


def test_headers_match_aliases_without_tones_or_case():  # type: ignore[no-untyped-def]
    result = read_rows(_csv([["HO TEN", "gioi tinh"], ["An", "Nam"]]), COLUMNS)
    assert result.ok
    assert result.rows[0]["name"] == "An"


def test_semicolon_separated_csv_is_read():  # type: ignore[no-untyped-def]
    result = read_rows(upload(csv_bytes([HEAD, ["An", "", "Nam", ""]], ";"), "a.csv"), COLUMNS)
    assert result.ok and result.rows[0]["name"] == "An"


def test_missing_required_column_is_reported_on_the_header_row():  # type: ignore[no-untyped-def]
    result = read_rows(_csv([["Họ và tên"], ["An"]]), COLUMNS)
    assert [(e.row, e.column) for e in result.errors] == [(1, "Giới tính")]
    assert "Thiếu cột" in result.errors[0].message
    assert result.rows == []


def test_every_bad_cell_is_reported_with_row_and_column():  # type: ignore[no-untyped-def]
    result = read_rows(
        _csv(
            [
                HEAD,
                ["", "31/02/1990", "Nam", "x"],
                ["Bình", "hôm qua", "khác", ""],
            ]
        ),
        COLUMNS,
    )
    found = {(e.row, e.column): e.message for e in result.errors}
    assert set(found) == {
        (2, "Họ và tên"),
        (2, "Ngày sinh"),
        (2, "Số lượng"),
        (3, "Ngày sinh"),
        (3, "Giới tính"),
    }
    assert found[(2, "Họ và tên")] == "Ô này không được để trống."
    assert "không có thật" in found[(2, "Ngày sinh")]
    assert "ngày/tháng/năm" in found[(3, "Ngày sinh")]
    assert "«Nam», «Nữ»" in found[(3, "Giới tính")]
    assert str(result.sorted_errors()[0]) == "Dòng 2, cột «Họ và tên»: Ô này không được để trống."


def test_id2_text_is_normalised_to_nfc():  # type: ignore[no-untyped-def]
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị Hoà ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    result = read_rows(_csv([HEAD, [decomposed, "", "Nữ", ""]]), COLUMNS)
    assert result.rows[0]["name"] == "Nguyễn Thị Hoà"
    assert unicodedata.is_normalized("NFC", result.rows[0]["name"])


@pytest.mark.parametrize(
    ("legacy", "encoding"),
    [("NguyÔn V¨n A", "TCVN3"), ("Nguyeãn Vaên A", "VNI"), ("Nguyá»…n VÄƒn A", "UTF-8")],
)
def test_legacy_encoded_text_is_refused_with_row_and_column(legacy, encoding):  # type: ignore[no-untyped-def]
    result = read_rows(_csv([HEAD, ["Lê An", "", "Nam", ""], [legacy, "", "Nam", ""]]), COLUMNS)
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column) == (3, "Họ và tên")
    assert encoding in error.message and "Unicode" in error.message


def _cp1258(text: str) -> bytes:
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def test_non_utf8_csv_is_refused_naming_the_line():  # type: ignore[no-untyped-def]
    # What Excel's plain "CSV" gives on a Vietnamese Windows: Windows-1258, decomposed tones.
    data = _cp1258("Họ và tên,Giới tính\nAn,Nam\nĐặng Thị Bé,Nữ\n")
    result = read_rows(upload(data, "a.csv"), COLUMNS)
    assert len(result.errors) == 1
    assert result.errors[0].row == 1  # the header's "ọ" is already not UTF-8
    assert "UTF-8" in result.errors[0].message


def test_non_utf8_byte_on_a_later_line_names_that_line():  # type: ignore[no-untyped-def]
    data = b"Ho ten,Gioi tinh\nAn,Nam\nB\xe9,Nam\n"
    result = read_rows(upload(data, "a.csv"), COLUMNS)
    assert [e.row for e in result.errors] == [3]


def test_utf8_bom_is_accepted():  # type: ignore[no-untyped-def]
    data = "\ufeffHọ và tên,Giới tính\nAn,Nam\n".encode()
    assert read_rows(upload(data, "a.csv"), COLUMNS).ok


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xls", b"\xd0\xcf\x11\xe0", ".xls cũ"),
        ("a.txt", b"x", "Chỉ nhận"),
        ("a.xlsx", b"not a zip", "Không đọc được tệp Excel"),
        ("a.csv", b"", "Tệp rỗng"),
        ("a.csv", "Họ và tên,Giới tính\n".encode(), "không có dòng dữ liệu"),
    ],
)
def test_bad_files_get_one_clear_message(name, data, message):  # type: ignore[no-untyped-def]
    result = read_rows(upload(data, name), COLUMNS)
    assert len(result.errors) == 1
    assert message in result.errors[0].message


def test_reads_a_path_as_well_as_an_upload(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx_bytes([HEAD, ["An", "", "Nam", ""]]))
    assert read_rows(path, COLUMNS).rows[0]["name"] == "An"


def test_duplicate_header_is_an_error():  # type: ignore[no-untyped-def]
    result = read_rows(_csv([["Họ và tên", "Ho ten", "Giới tính"], ["A", "B", "Nam"]]), COLUMNS)
    assert [(e.row, e.column) for e in result.errors] == [(1, "Họ và tên")]


def _xlsx_with_formatted_blank_rows(data_rows: int, blank_rows: int) -> bytes:
    """A template as clerks make them: borders drawn far below the last filled row."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    for i in range(data_rows):
        ws.append([f"Người {i + 1}", "", "Nam", ""])
    edge = Border(bottom=Side(style="thin"))
    for r in range(data_rows + 2, data_rows + 2 + blank_rows):
        ws.cell(row=r, column=1).border = edge
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_formatted_empty_rows_do_not_count_towards_the_row_limit():  # type: ignore[no-untyped-def]
    from danchu.dataio.imports import MAX_ROWS

    data = _xlsx_with_formatted_blank_rows(2, MAX_ROWS + 5000)
    result = read_rows(upload(data, "mau.xlsx"), COLUMNS)
    assert result.ok, result.errors
    assert result.line_numbers == [2, 3]


def test_more_filled_rows_than_the_limit_are_refused():  # type: ignore[no-untyped-def]
    from danchu.dataio.imports import MAX_ROWS

    rows = [HEAD] + [[f"Người {i}", "", "Nam", ""] for i in range(MAX_ROWS + 1)]
    for result in (
        read_rows(upload(xlsx_bytes(rows), "a.xlsx"), COLUMNS),
        read_rows(_csv(rows), COLUMNS),
    ):
        assert [str(e) for e in result.errors] == [f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS})."]
        assert result.rows == []
    exactly = rows[:-1]
    assert read_rows(_csv(exactly), COLUMNS).ok
    assert read_rows(upload(xlsx_bytes(exactly), "b.xlsx"), COLUMNS).ok
