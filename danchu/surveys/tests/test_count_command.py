"""``danchu survey count``: the standalone count (SV3, SV4, SV7 and the validity rule)."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from danchu.surveys import counting

HEADER = "ma_phieu,cong_chuc,chuc_danh,nhom,tin_nhiem\n"
EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "surveys" / "forms.csv"


def _write(tmp_path: Path, body: str, name: str = "forms.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _run_json(path: Path) -> dict:
    out = StringIO()
    call_command("survey", "count", "--forms", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def _rows(name: str, position: str, spec: list[tuple[str, str, int]], start: int = 0) -> str:
    lines = []
    n = start
    for group, mark, times in spec:
        for _ in range(times):
            n += 1
            lines.append(f"S{n:05d},{name},{position},{group},{mark}\n")
    return "".join(lines)


def test_sv7_count_json_fields_and_rate_over_collected(tmp_path: Path) -> None:
    body = HEADER + _rows(
        "Nguyễn Thị Hòa",
        "Tư pháp - Hộ tịch",
        [("CB", "1", 20), ("KCT", "1", 15), ("ND", "1", 30), ("ND", "0", 30), ("ND", "", 5)],
    )
    data = _run_json(_write(tmp_path, body))
    (cs,) = data["civil_servants"]
    assert cs == {
        "cong_chuc": "Nguyễn Thị Hòa",
        "chuc_danh": "Tư pháp - Hộ tịch",
        "collected": 100,
        "valid": 95,
        "invalid": 5,
        "tin_nhiem": 65,
        "rate_pct": "65.00",
        "low": False,
        "by_group": {"CB": 20, "KCT": 15, "ND": 65},
        "quota_problems": [],
    }


def test_sv7_count_low_when_below_half_of_collected_even_if_half_of_valid(
    tmp_path: Path,
) -> None:
    # 50 trust out of 100 valid but 101 collected: 50/101 < 50% → low
    body = HEADER + _rows(
        "A",
        "Tư pháp - Hộ tịch",
        [("CB", "1", 35), ("ND", "1", 15), ("ND", "0", 50), ("ND", "x", 1)],
    )
    (cs,) = _run_json(_write(tmp_path, body))["civil_servants"]
    assert cs["low"] is True and cs["rate_pct"] == "49.50" and cs["invalid"] == 1
    body = HEADER + _rows(
        "A", "Tư pháp - Hộ tịch", [("CB", "1", 35), ("ND", "1", 15), ("ND", "0", 50)]
    )
    (cs,) = _run_json(_write(tmp_path, body))["civil_servants"]
    assert cs["low"] is False and cs["rate_pct"] == "50.00"


def test_sv3_sv4_count_reports_broken_ranges_in_words(tmp_path: Path) -> None:
    body = HEADER + _rows("B", "Tài chính - Kế toán", [("CB", "1", 45), ("ND", "1", 110)])
    (cs,) = _run_json(_write(tmp_path, body))["civil_servants"]
    problems = cs["quota_problems"]
    assert len(problems) == 2
    assert problems[0].startswith("SV4") and "155" in problems[0]
    assert problems[1].startswith("SV3") and "30–40 hoặc 50–60" in problems[1]


def test_sv3_low_contact_position_accepts_fifty_five_officials(tmp_path: Path) -> None:
    body = HEADER + _rows("B", "Chỉ huy trưởng BCH Quân sự", [("KCT", "1", 55), ("ND", "0", 65)])
    (cs,) = _run_json(_write(tmp_path, body))["civil_servants"]
    assert cs["quota_problems"] == []
    body = HEADER + _rows("B", "Tư pháp - Hộ tịch", [("KCT", "1", 55), ("ND", "0", 65)])
    (cs,) = _run_json(_write(tmp_path, body))["civil_servants"]
    assert any("30–40" in p for p in cs["quota_problems"])


def test_sv7_count_validity_rule_anything_but_one_or_zero_is_invalid(tmp_path: Path) -> None:
    body = HEADER + "1,A,X,ND,1\n2,A,X,ND,0\n3,A,X,ND,\n4,A,X,ND,10\n5,A,X,ND,có\n"
    (cs,) = _run_json(_write(tmp_path, body))["civil_servants"]
    assert (cs["collected"], cs["valid"], cs["invalid"], cs["tin_nhiem"]) == (5, 2, 3, 1)


def test_count_bad_file_names_row_and_column_and_exits_non_zero(tmp_path: Path) -> None:
    body = HEADER + "1,A,X,ND,1\n1,A,X,ND,1\n2,,X,ND,1\n3,A,X,QQ,1\n,A,X,CB,1\n"
    path = _write(tmp_path, body)
    with pytest.raises(CommandError) as exc:
        call_command("survey", "count", "--forms", str(path))
    message = str(exc.value)
    assert exc.value.returncode == 2
    assert "Dòng 3, cột “ma_phieu”: Mã phiếu “1” trùng với dòng 2." in message
    assert "Dòng 4, cột “cong_chuc”" in message
    assert "Dòng 5, cột “nhom”: Nhóm “QQ” không hợp lệ" in message
    assert "Dòng 6, cột “ma_phieu”: Thiếu mã phiếu." in message


def test_count_missing_column_and_wrong_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, "ma_phieu,cong_chuc,chuc_danh,nhom\n1,A,X,ND\n")
    result = counting.count_file(path)
    assert [str(e) for e in result.errors] == [
        "Dòng 1, cột “tin_nhiem”: Thiếu cột “tin_nhiem” (Tín nhiệm)."
    ]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + b"1,Nguy\xd2n,X,ND,1\n")
    assert "UTF-8" in str(counting.count_file(latin).errors[0])
    legacy = _write(tmp_path, HEADER + "1,NguyÔn V¨n A,X,ND,1\n", "legacy.csv")
    assert "TCVN3/VNI" in str(counting.count_file(legacy).errors[0])
    other = _write(tmp_path, "x", "forms.txt")
    assert ".csv hoặc .xlsx" in str(counting.count_file(other).errors[0])


def test_count_missing_or_broken_file_is_named_without_a_row(tmp_path: Path) -> None:
    missing = counting.count_file(tmp_path / "khong-co.csv")
    assert [str(e) for e in missing.errors] == [
        "Không đọc được tệp “khong-co.csv”: No such file or directory."
    ]
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(CommandError) as exc:
        call_command("survey", "count", "--forms", str(broken))
    assert exc.value.returncode == 2
    assert "Dòng 0" not in str(exc.value) and "bị hỏng" in str(exc.value)


def test_count_vietnamese_headers_bom_and_nfc(tmp_path: Path) -> None:
    decomposed = "Nguyễn Thị Hòa".encode().decode()
    import unicodedata

    nfd = unicodedata.normalize("NFD", decomposed)
    body = (
        "\ufeffMã phiếu,Công chức,Chức danh,Nhóm,Tín nhiệm\n"
        + f"1,{nfd},X,nd,1\n2,{decomposed},X,ND,1\n"
    )
    (cs,) = _run_json(_write(tmp_path, body))["civil_servants"]
    assert cs["cong_chuc"] == unicodedata.normalize("NFC", decomposed)
    assert cs["collected"] == 2


def test_count_xlsx(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["ma_phieu", "cong_chuc", "chuc_danh", "nhom", "tin_nhiem"])
    ws.append([1, "A", "Văn phòng - Thống kê", "CB", 1])
    ws.append([2, "A", "Văn phòng - Thống kê", "ND", 0])
    ws.append([3, "A", "Văn phòng - Thống kê", "ND", None])
    path = tmp_path / "forms.xlsx"
    wb.save(path)
    (cs,) = _run_json(path)["civil_servants"]
    assert (cs["collected"], cs["valid"], cs["tin_nhiem"]) == (3, 2, 1)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert "xlsx" in str(counting.count_file(broken).errors[0])


def test_documented_example_file_counts_from_the_console_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "danchu", "survey", "count", "--forms", str(EXAMPLE), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    names = [c["cong_chuc"] for c in data["civil_servants"]]
    assert names == ["Nguyễn Thị Hòa", "Trần Văn Bình"]
    assert data["civil_servants"][1]["low"] is True
    bad = _write(tmp_path, "ma_phieu\n1\n")
    done = subprocess.run(
        [sys.executable, "-m", "danchu", "survey", "count", "--forms", str(bad)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Dòng 1" in done.stderr
