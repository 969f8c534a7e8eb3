"""``danchu rating count`` (issue 12, "The standalone count"): the contract of the files, the
JSON and the errors, on the GR1/GR2/GR4 boundaries."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

EXAMPLES = Path(__file__).resolve().parents[3] / "docs/examples/classification"

CRITERIA = """ma,ten,diem_toi_da,chuc_danh
TT1,Kinh tế - xã hội,20,Chủ tịch UBND
TT2,Dân chủ ở cơ sở,20,Văn phòng - thống kê
"""
CLASSES = """xep_loai,diem_tu
tot,34
kha,26
trung_binh,18
yeu,0
tsvm,30
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, scores: str, *, criteria=CRITERIA, classes=CLASSES, targets=None):
    args = [
        "count",
        "--criteria",
        str(write(tmp_path, "c.csv", criteria)),
        "--classes",
        str(write(tmp_path, "k.csv", classes)),
        "--scores",
        str(write(tmp_path, "s.csv", scores)),
        "--json",
    ]
    if targets is not None:
        args += ["--targets", str(write(tmp_path, "t.csv", targets))]
    out = StringIO()
    call_command("rating", *args, stdout=out)
    return json.loads(out.getvalue())


def fails(tmp_path: Path, scores: str, **kwargs) -> str:
    with pytest.raises(CommandError) as info:
        run(tmp_path, scores, **kwargs)
    assert info.value.returncode == 1
    return str(info.value)


def by_code(data):
    return {c["ma_xa"]: c for c in data["communes"]}


def test_gr2_caps_on_the_boundaries_16_99_17_13_9_8_99(tmp_path):
    data = run(
        tmp_path,
        "ma_xa;ten_xa;TT1;TT2\nA;Xã A;16,99;17\nB;Xã B;13;12,99\nC;Xã C;9;8,99\nD;Xã D;17.00;0\n",
    )
    caps = {c["ma_xa"]: [t["muc_toi_da"] for t in c["tran_danh_gia"]] for c in data["communes"]}
    assert caps == {
        "A": ["tot", "xuat_sac"],
        "B": ["tot", "hoan_thanh_han_che"],
        "C": ["hoan_thanh_han_che", "khong_hoan_thanh"],
        "D": ["xuat_sac", "khong_hoan_thanh"],
    }
    a = by_code(data)["A"]
    assert a["tran_danh_gia"][0] == {
        "tieu_thuc": "TT1",
        "chuc_danh": "Chủ tịch UBND",
        "diem": "16.99",
        "muc_toi_da": "tot",
    }
    assert a["tong_diem"] == "33.99"


def test_gr1_total_exactly_at_a_class_threshold_reaches_it(tmp_path):
    data = run(
        tmp_path,
        "ma_xa,ten_xa,TT1,TT2\n"
        "A,Xã A,17,17\n"  # 34 = tot
        'B,Xã B,17,"16,99"\n'  # 33.99 = kha
        "C,Xã C,13,13\n"  # 26 = kha
        "D,Xã D,13,12.99\n"  # 25.99 = trung_binh
        "E,Xã E,9,9\n"  # 18 = trung_binh
        "F,Xã F,9,8.99\n",  # 17.99 = yeu
    )
    got = {c["ma_xa"]: (c["tong_diem"], c["xep_loai"]) for c in data["communes"]}
    assert got == {
        "A": ("34.00", "tot"),
        "B": ("33.99", "kha"),
        "C": ("26.00", "kha"),
        "D": ("25.99", "trung_binh"),
        "E": ("18.00", "trung_binh"),
        "F": ("17.99", "yeu"),
    }
    assert data["counts"] == {"tot": 1, "kha": 2, "trung_binh": 2, "yeu": 1, "tsvm": 2}


def test_gr1_tsvm_is_a_recognition_apart_from_the_class(tmp_path):
    classes = "xep_loai,diem_tu\ntot,36\nkha,26\ntrung_binh,18\nyeu,0\ntsvm,30\n"
    data = run(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,15,15\nB,Xã B,15,14.99\n", classes=classes)
    a, b = by_code(data)["A"], by_code(data)["B"]
    assert (a["xep_loai"], a["tsvm"]) == ("kha", True)
    assert (b["xep_loai"], b["tsvm"]) == ("kha", False)
    assert data["counts"]["tsvm"] == 1 and data["counts"]["kha"] == 2


def test_gr1_no_tsvm_row_means_no_recognition(tmp_path):
    classes = "xep_loai,diem_tu\ntot,30\nkha,20\n"
    data = run(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,20,20\nB,Xã B,5,5\n", classes=classes)
    assert [c["tsvm"] for c in data["communes"]] == [False, False]
    # below every threshold: the lowest class (design choice)
    assert by_code(data)["B"]["xep_loai"] == "yeu"


@pytest.mark.parametrize(
    ("comparison", "number", "met"),
    [
        (">=", 2, True),
        (">=", 3, False),
        (">", 1, True),
        (">", 2, False),
        ("<=", 2, True),
        ("<=", 1, False),
        ("<", 3, True),
        ("<", 2, False),
        ("=", 2, True),
        ("=", 0, False),
    ],
)
def test_gr1_targets_with_each_comparison(tmp_path, comparison, number, met):
    data = run(
        tmp_path,
        "ma_xa,ten_xa,TT1,TT2\nA,Xã A,20,20\nB,Xã B,17,17\nC,Xã C,1,1\n",
        targets=f"chi_tieu,so_sanh,so_luong\ntot,{comparison},{number}\n",
    )
    assert data["targets"] == [
        {"chi_tieu": "tot", "so_sanh": comparison, "so_luong": number, "thuc_te": 2, "dat": met}
    ]


def test_gr1_targets_of_the_seed_count_tsvm_apart(tmp_path):
    data = run(
        tmp_path,
        "ma_xa,ten_xa,TT1,TT2\nA,Xã A,20,20\nB,Xã B,14,14\n",
        targets="chi_tieu;so_sanh;so_luong\ntsvm;>=;1\ntot;>=;1\nkha;>;0\ntrung_binh;<;1\nyeu;=;0\n",
    )
    assert [(t["chi_tieu"], t["thuc_te"], t["dat"]) for t in data["targets"]] == [
        ("tsvm", 1, True),
        ("tot", 1, True),
        ("kha", 1, True),
        ("trung_binh", 0, True),
        ("yeu", 0, True),
    ]
    assert run(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\n")["targets"] == []


def test_gr4_consequences_from_last_years_and_the_class(tmp_path):
    data = run(
        tmp_path,
        "ma_xa,ten_xa,TT1,TT2,nam_truoc,hai_nam_truoc\n"
        "A,Xã A,20,20,phe_binh,\n"
        "B,Xã B,20,20,nhac_nho,phe_binh\n"
        "C,Xã C,20,20,phe_binh,phe_binh\n"
        "D,Xã D,10,10,,\n"
        "E,Xã E,1,1,,phe_binh\n"
        "F,Xã F,20,20,Phê bình,Nhắc nhở\n",
    )
    got = {c["ma_xa"]: c["hau_qua"] for c in data["communes"]}
    assert got == {
        "A": ["dieu_dong_chu_tich_ubnd"],
        "B": ["kiem_diem_lanh_dao_ubnd"],
        "C": ["dieu_dong_chu_tich_ubnd", "kiem_diem_chu_tich_hdnd_ubnd"],
        "D": ["khong_khen_thuong"],
        "E": ["khong_khen_thuong"],
        "F": ["dieu_dong_chu_tich_ubnd"],
    }


def test_gr1_count_json_shape_is_the_contract(tmp_path):
    data = run(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,20,20\n")
    assert set(data) == {"communes", "counts", "targets"}
    (commune,) = data["communes"]
    assert set(commune) == {
        "ma_xa",
        "ten_xa",
        "tong_diem",
        "xep_loai",
        "tsvm",
        "tran_danh_gia",
        "hau_qua",
    }
    assert commune["tong_diem"] == "40.00" and commune["tsvm"] is True
    assert set(data["counts"]) == {"tot", "kha", "trung_binh", "yeu", "tsvm"}


def test_gr1_count_text_is_nfc_and_codes_match_in_any_case(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Xã Mường Phăng")
    data = run(tmp_path, f"MA_XA,Ten_xa,tt1,TT2\nA,{decomposed},1,1\n")
    assert data["communes"][0]["ten_xa"] == "Xã Mường Phăng"
    assert data["communes"][0]["ten_xa"] != decomposed


def test_gr1_count_examples_in_the_docs_run_as_csv_and_xlsx():
    for ext in ("csv", "xlsx"):
        out = StringIO()
        call_command(
            "rating",
            "count",
            "--criteria",
            str(EXAMPLES / f"criteria.{ext}"),
            "--classes",
            str(EXAMPLES / f"classes.{ext}"),
            "--scores",
            str(EXAMPLES / f"scores.{ext}"),
            "--targets",
            str(EXAMPLES / f"targets.{ext}"),
            "--json",
            stdout=out,
        )
        data = json.loads(out.getvalue())
        assert [c["xep_loai"] for c in data["communes"]] == [
            "tot",
            "tot",
            "kha",
            "kha",
            "trung_binh",
        ], ext
        assert data["communes"][2]["tran_danh_gia"][0]["muc_toi_da"] == "tot"  # 16,99


def test_gr1_count_xlsx_with_numeric_cells(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["ma_xa", "ten_xa", "TT1", "TT2"])
    ws.append(["A", "Xã A", 16.99, 17])
    wb.save(tmp_path / "s.xlsx")
    out = StringIO()
    call_command(
        "rating",
        "count",
        "--criteria",
        str(write(tmp_path, "c.csv", CRITERIA)),
        "--classes",
        str(write(tmp_path, "k.csv", CLASSES)),
        "--scores",
        str(tmp_path / "s.xlsx"),
        "--json",
        stdout=out,
    )
    (commune,) = json.loads(out.getvalue())["communes"]
    assert commune["tong_diem"] == "33.99"
    assert [t["diem"] for t in commune["tran_danh_gia"]] == ["16.99", "17.00"]


def test_gr1_count_without_json_a_vietnamese_table(tmp_path):
    out = StringIO()
    call_command(
        "rating",
        "count",
        "--criteria",
        str(write(tmp_path, "c.csv", CRITERIA)),
        "--classes",
        str(write(tmp_path, "k.csv", CLASSES)),
        "--scores",
        str(write(tmp_path, "s.csv", "ma_xa,ten_xa,TT1,TT2\nA,Xã A,16.99,17\n")),
        "--targets",
        str(write(tmp_path, "t.csv", "chi_tieu,so_sanh,so_luong\nyeu,=,0\n")),
        stdout=out,
    )
    text = out.getvalue()
    assert "Xã A" in text and "33,99" in text and "Khá" in text
    assert "Hoàn thành tốt nhiệm vụ" in text and "Đạt" in text
    assert not text.lstrip().startswith("{")


# ---- bad files: row, column, non-zero exit ------------------------------------------------


def test_gr1_count_error_criterion_column_missing(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1\nA,Xã A,1\n")
    assert "s.csv" in message and "Dòng 1" in message and "«TT2»" in message


def test_gr1_count_error_criterion_column_unknown(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1,TT2,TT9\nA,Xã A,1,1,1\n")
    assert "Dòng 1" in message and "«TT9»" in message


def test_gr1_count_error_points_negative(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\nB,Xã B,-0.5,1\n")
    assert "Dòng 3, cột «TT1»" in message and "âm" in message


def test_gr1_count_error_points_above_the_maximum(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,20.01\n")
    assert "Dòng 2, cột «TT2»" in message and "vượt điểm tối đa 20,00" in message


def test_gr1_count_error_points_not_a_number_or_empty(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,mười,\n")
    assert "Dòng 2, cột «TT1»" in message and "Dòng 2, cột «TT2»" in message


def test_gr1_count_error_commune_twice(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\nB,Xã B,1,1\na,Xã A,2,2\n")
    assert "Dòng 4, cột «ma_xa»" in message and "dòng 2" in message


def test_gr1_count_error_unknown_class_code(tmp_path):
    message = fails(
        tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\n", classes="xep_loai,diem_tu\nxuat_sac,90\n"
    )
    assert "k.csv" in message and "Dòng 2, cột «xep_loai»" in message


def test_gr1_count_error_class_twice_or_out_of_order(tmp_path):
    message = fails(
        tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\n", classes="xep_loai,diem_tu\ntot,9\ntot,8\n"
    )
    assert "Dòng 3, cột «xep_loai»" in message
    message = fails(
        tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\n", classes="xep_loai,diem_tu\ntot,9\nkha,9\n"
    )
    assert "Dòng 3, cột «diem_tu»" in message


def test_gr1_count_error_unknown_evaluation_code(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1,TT2,nam_truoc\nA,Xã A,1,1,khen_thuong\n")
    assert "Dòng 2, cột «nam_truoc»" in message


def test_gr1_count_error_target_with_unknown_comparison(tmp_path):
    message = fails(
        tmp_path,
        "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\n",
        targets="chi_tieu,so_sanh,so_luong\ntot,>=,1\nkha,!=,3\n",
    )
    assert "t.csv" in message and "Dòng 3, cột «so_sanh»" in message


def test_gr1_count_error_target_unknown_subject_or_bad_number(tmp_path):
    message = fails(
        tmp_path,
        "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\n",
        targets="chi_tieu,so_sanh,so_luong\nxuat_sac,>=,1\ntot,>=,-1\n",
    )
    assert "Dòng 2, cột «chi_tieu»" in message and "Dòng 3, cột «so_luong»" in message


def test_gr1_count_error_criteria_file_column_missing_and_code_twice(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1\nA,Xã A,1\n", criteria="ma,ten\nTT1,A\n")
    assert "c.csv" in message and "Dòng 1, cột «diem_toi_da»" in message
    message = fails(
        tmp_path,
        "ma_xa,ten_xa,TT1\nA,Xã A,1\n",
        criteria="ma,ten,diem_toi_da,chuc_danh\nTT1,A,20,X\ntt1,B,20,Y\nTT3,C,0,Z\n",
    )
    assert "Dòng 3, cột «ma»" in message and "Dòng 4, cột «diem_toi_da»" in message


def test_gr1_count_error_missing_file_and_wrong_extension(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command(
            "rating",
            "count",
            "--criteria",
            str(tmp_path / "none.csv"),
            "--classes",
            str(write(tmp_path, "k.csv", CLASSES)),
            "--scores",
            str(write(tmp_path, "s.csv", "ma_xa,ten_xa\n")),
        )
    message = fails(tmp_path, "x", criteria=CRITERIA)  # scores fine name; now a .txt criteria
    assert "Dòng" in message or "Tệp" in message
    path = write(tmp_path, "c.txt", CRITERIA)
    with pytest.raises(CommandError, match="xlsx"):
        call_command(
            "rating",
            "count",
            "--criteria",
            str(path),
            "--classes",
            str(write(tmp_path, "k.csv", CLASSES)),
            "--scores",
            str(write(tmp_path, "s.csv", "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,1\n")),
        )


def test_gr1_count_bad_files_exit_non_zero_from_the_shell(tmp_path):
    args = [
        sys.executable,
        "-m",
        "danchu",
        "rating",
        "count",
        "--criteria",
        str(write(tmp_path, "c.csv", CRITERIA)),
        "--classes",
        str(write(tmp_path, "k.csv", CLASSES)),
        "--scores",
        str(write(tmp_path, "s.csv", "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,25\n")),
    ]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Dòng 2, cột «TT2»" in done.stderr
    ok = subprocess.run(
        [*args[:-1], str(write(tmp_path, "s.csv", "ma_xa,ten_xa,TT1,TT2\nA,Xã A,1,2\n")), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["communes"][0]["tong_diem"] == "3.00"


def test_gr1_count_error_unquoted_decimal_comma_in_a_comma_file_is_not_read_silently(tmp_path):
    message = fails(tmp_path, "ma_xa,ten_xa,TT1,TT2\nA,Xã A,16,5,17\n")
    assert "Dòng 2" in message and "ngoặc kép" in message
