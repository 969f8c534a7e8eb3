"""``danchu vote count``: the standalone count from CSV/XLSX files (no database needed)."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from danchu.votes import counting, rules

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples" / "votes"

SUBJECTS = [
    ["stt", "ho_ten", "chuc_vu"],
    ["1", "Nguyễn Văn An", "Phó Chủ tịch UBND"],
    ["2", "Trần Thị Bình", "Chánh Văn phòng"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("vote", "count", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(run(*args, "--json"))


@pytest.fixture
def files(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(ballots: list[list[str]], subjects: list[list[str]] = SUBJECTS) -> tuple[str, str]:
        s = write_csv(tmp_path / "s.csv", subjects)
        b = write_csv(tmp_path / "b.csv", [["so_phieu", "1", "2", "ghi_them"], *ballots])
        return str(s), str(b)

    return make


def test_cv8_json_has_the_documented_shape(files) -> None:  # type: ignore[no-untyped-def]
    s, b = files([["1", "1", "3", ""], ["2", "2", "3", "1"], ["3", "13", "X", ""]])
    data = run_json("--subjects", s, "--ballots", b, "--issued", "4")
    assert set(data) == {
        "issued",
        "returned",
        "anomalies",
        "subjects",
        "denominator",
        "convened",
        "present",
        "board_decision",
    }
    assert data["denominator"] == "returned" and data["board_decision"] is None
    assert data["issued"] == 4 and data["returned"] == 3 and data["anomalies"] == []
    first, second = data["subjects"]
    assert first == {
        "stt": 1,
        "ho_ten": "Nguyễn Văn An",
        "chuc_vu": "Phó Chủ tịch UBND",
        "returned": 3,
        "valid": 2,
        "invalid": 1,
        "cao": 1,
        "tin_nhiem": 1,
        "thap": 0,
        "cao_pct": "33.33",
        "tin_nhiem_pct": "33.33",
        "thap_pct": "0.00",
        "outcome": "none",
    }
    assert (second["valid"], second["invalid"], second["thap"]) == (2, 1, 2)
    assert second["thap_pct"] == "66.67" and second["outcome"] == "two_thirds_low"


def test_cv9_over_half_low_in_json(files) -> None:  # type: ignore[no-untyped-def]
    ballots = [[str(i), "3" if i <= 6 else "1", "1", ""] for i in range(1, 11)]
    data = run_json(*_args(files(ballots), "10"))
    assert data["subjects"][0]["outcome"] == "over_half_low"  # 6/10 > 1/2 and < 2/3


def test_cv9_convened_denominator(files) -> None:  # type: ignore[no-untyped-def]
    ballots = [[str(i), "3" if i <= 7 else "1", "1", ""] for i in range(1, 11)]
    by_returned = run_json(*_args(files(ballots), "10"))
    by_convened = run_json(
        *_args(files(ballots), "10"),
        "--convened",
        "13",
        "--present",
        "10",
        "--denominator",
        "convened",
    )
    assert by_returned["subjects"][0]["outcome"] == "two_thirds_low"  # 7/10
    assert by_convened["subjects"][0]["outcome"] == "over_half_low"  # 7/13


def _args(pair: tuple[str, str], issued: str) -> list[str]:
    return ["--subjects", pair[0], "--ballots", pair[1], "--issued", issued]


def test_cv7_serials_not_issued_and_copies_are_listed_and_invalid(files) -> None:  # type: ignore[no-untyped-def]
    ballots = [["1", "1", "1", ""], ["2", "1", "1", ""], ["2", "1", "1", ""], ["9", "1", "1", ""]]
    data = run_json(*_args(files(ballots), "5"), "--issued-serials", "1-5")
    kinds = sorted(a["kind"] for a in data["anomalies"])
    assert kinds == ["serial_duplicate", "serial_not_issued"]
    assert data["subjects"][0]["valid"] == 1 and data["subjects"][0]["invalid"] == 3


def test_cv7_written_in_names_do_not_spoil_listed_lines(files) -> None:  # type: ignore[no-untyped-def]
    data = run_json(*_args(files([["1", "1", "2", "3"]]), "1"))
    assert [s["valid"] for s in data["subjects"]] == [1, 1]


def test_cv8_returned_over_issued_is_an_anomaly_that_needs_the_boards_decision(files) -> None:  # type: ignore[no-untyped-def]
    args = _args(files([["", "1", "1", ""], ["", "2", "2", ""]]), "1")
    out = StringIO()
    with pytest.raises(CommandError, match="--board-decision") as stopped:
        call_command("vote", "count", *args, "--json", stdout=out)
    assert stopped.value.returncode == 3
    assert json.loads(out.getvalue())["anomalies"][0]["kind"] == "returned_over_issued"
    data = run_json(*args, "--board-decision", "Một phiếu photo, đã loại")
    assert data["anomalies"][0]["kind"] == "returned_over_issued"
    assert data["board_decision"] == "Một phiếu photo, đã loại"


def test_cv3_failed_quorum_stops_before_counting(files) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="còn thiếu 1"):
        run(*_args(files([["1", "1", "1", ""]]), "1"), "--convened", "30", "--present", "19")


def test_cv3_failed_quorum_exits_non_zero_from_the_shell(files) -> None:  # type: ignore[no-untyped-def]
    s, b = files([["1", "1", "1", ""]])
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "danchu",
            "vote",
            "count",
            "--subjects",
            s,
            "--ballots",
            b,
            "--issued",
            "1",
            "--convened",
            "3",
            "--present",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode != 0
    assert "CV3" in done.stderr and "còn thiếu 1" in done.stderr


def test_cv8_readable_table_in_vietnamese(files) -> None:  # type: ignore[no-untyped-def]
    out = run(*_args(files([["1", "1", "3", ""]]), "1"))
    assert "Số phiếu phát ra: 1" in out and "Tín nhiệm thấp" in out and "Nguyễn Văn An" in out


def test_cv8_xlsx_counts_like_csv(tmp_path: Path) -> None:
    s = write_xlsx(
        tmp_path / "s.xlsx", [["STT", "Họ và tên", "Chức vụ"], [1, "A", "B"], [2, "C", "D"]]
    )
    b = write_xlsx(
        tmp_path / "b.xlsx",
        [["so_phieu", 1, 2, "ghi_them"], [1, 1, 13, None], [2, 3, None, 2], [3, "X", 2, None]],
    )
    data = run_json("--subjects", str(s), "--ballots", str(b), "--issued", "3")
    assert [(x["valid"], x["invalid"]) for x in data["subjects"]] == [(2, 1), (1, 2)]
    assert data["subjects"][0]["thap"] == 1


def test_cv8_example_files_in_docs_count() -> None:
    csv_data = run_json(
        "--subjects",
        str(EXAMPLES / "subjects.csv"),
        "--ballots",
        str(EXAMPLES / "ballots.csv"),
        "--issued",
        "30",
        "--issued-serials",
        "1-30",
    )
    xlsx_data = run_json(
        "--subjects",
        str(EXAMPLES / "subjects.xlsx"),
        "--ballots",
        str(EXAMPLES / "ballots.xlsx"),
        "--issued",
        "30",
        "--issued-serials",
        "1-30",
    )
    assert csv_data == xlsx_data
    assert csv_data["returned"] == 29


# Bad files -----------------------------------------------------------------------------------


def test_cv7_missing_subject_column_names_it(tmp_path: Path) -> None:
    s = write_csv(tmp_path / "s.csv", SUBJECTS)
    b = write_csv(tmp_path / "b.csv", [["so_phieu", "1", "ghi_them"], ["1", "1", ""]])
    with pytest.raises(CommandError, match=r"dòng 1: thiếu cột «2»"):
        run("--subjects", str(s), "--ballots", str(b), "--issued", "1")


def test_cv7_unknown_code_names_row_and_column(files) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError) as err:
        run(*_args(files([["1", "1", "1", ""], ["2", "1", "4", ""], ["3", "11", "1", ""]]), "3"))
    text = str(err.value)
    assert "dòng 3, cột C (người số 2): mã «4»" in text
    assert "dòng 4, cột B (người số 1): mã «11»" in text


def test_cv1_subject_listed_twice_is_refused(files) -> None:  # type: ignore[no-untyped-def]
    twice = [*SUBJECTS, ["3", "Nguyễn Văn An", "Phó Chủ tịch UBND"], ["2", "Lê C", "X"]]
    with pytest.raises(CommandError) as err:
        run(*_args(files([["1", "1", "1", ""]], twice), "1"))
    text = str(err.value)
    assert "dòng 4" in text and "hai lần" in text
    assert "dòng 5, cột A (stt): số thứ tự 2 đã có ở dòng 3" in text


def test_non_utf8_csv_is_refused_with_its_line(tmp_path: Path) -> None:
    s = write_csv(tmp_path / "s.csv", SUBJECTS)
    b = tmp_path / "b.csv"
    b.write_bytes(b"so_phieu,1,2\n1,1,1\n2,1,1 Tr\xe2n\n")  # Latin-1/CP1258 bytes
    with pytest.raises(CommandError, match=r"không phải UTF-8 \(dòng 3, cột C, byte"):
        run("--subjects", str(s), "--ballots", str(b), "--issued", "2")
    b.write_bytes(b"so_phieu,1,2\n\xe2,1,1\n")  # the very first cell of a line
    with pytest.raises(CommandError, match=r"không phải UTF-8 \(dòng 2, cột A, byte"):
        run("--subjects", str(s), "--ballots", str(b), "--issued", "2")


def test_unknown_column_is_not_guessed(files) -> None:  # type: ignore[no-untyped-def]
    s, _ = files([])
    b = Path(s).with_name("b2.csv")
    write_csv(b, [["so_phieu", "1", "2", "3"], ["1", "1", "1", "1"]])
    with pytest.raises(CommandError, match="cột D: cột «3»"):
        run("--subjects", s, "--ballots", str(b), "--issued", "1")


def test_bad_ghi_them_and_missing_files(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=r"dòng 2, cột D \(ghi_them\)"):
        run(*_args(files([["1", "1", "1", "hai"]]), "1"))
    with pytest.raises(CommandError, match="không tìm thấy"):
        run("--subjects", str(tmp_path / "nope.csv"), "--ballots", "x.csv", "--issued", "1")


def test_bad_serial_list_is_refused(files) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="--issued-serials"):
        run(*_args(files([["1", "1", "1", ""]]), "1"), "--issued-serials", "9-1")


# The fast counting loop says exactly what rules.tally says -----------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_cv8_fast_count_equals_the_rules(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    codes = ["1", "2", "3", "", "12", "13", "23", "123", "X", "31"]
    n_subj = 4
    subjects = [["stt", "ho_ten", "chuc_vu"]] + [
        [str(i), f"Người {i}", f"Chức vụ {i}"] for i in range(1, n_subj + 1)
    ]
    rows = [["so_phieu", *[str(i) for i in range(1, n_subj + 1)], "ghi_them"]]
    serial_pool = [str(i) for i in range(1, 60)] + ["", "77"]
    for _ in range(200):
        rows.append(
            [rng.choice(serial_pool), *rng.choices(codes, k=n_subj), str(rng.randint(0, 2))]
        )
    s = counting.read_subjects(write_csv(tmp_path / "s.csv", subjects))
    b = counting.read_ballots(write_csv(tmp_path / "b.csv", rows), s)
    issued = rules.parse_serial_list("1-50")
    fast = counting.count(s, b, issued=50, issued_serials=issued)
    flags, _ = rules.check_serials(b.serials, issued)
    slow = rules.tally(counting.ballots_for_rules(b, flags), n_subj, 50)
    for f_t, s_t in zip(fast.tallies, slow, strict=True):
        assert (f_t.returned, f_t.valid, f_t.invalid, f_t.counts) == (
            s_t.returned,
            s_t.valid,
            s_t.invalid,
            s_t.counts,
        )
        assert f_t.invalid_reasons == s_t.invalid_reasons
