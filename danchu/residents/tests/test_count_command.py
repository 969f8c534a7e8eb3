"""``danchu residents count`` (LD3, LD6, LD7, LD14): through call_command and a real process."""

from __future__ import annotations

import json
import os
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from danchu.dataio.exports import xlsx_bytes

ROOT = Path(__file__).resolve().parents[3]
DANCHU = ROOT / ".venv" / "bin" / "danchu"

KEYS = {
    "passed",
    "rule",
    "threshold",
    "households",
    "agree",
    "needed",
    "why",
    "next_step",
    "villages",
    "villages_passed",
    "villages_total",
}


def run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("residents", "count", *args, "--json", stdout=out, stderr=StringIO())
    data: dict[str, Any] = json.loads(out.getvalue())
    assert set(data) == KEYS | {"villages_needed"}
    for item in data["villages"]:
        assert set(item) == {"thon", "so_ho", "dong_y", "passed"}
    return data


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("residents", "count", *args, stdout=StringIO(), stderr=StringIO())
    assert caught.value.returncode == 2
    return str(caught.value)


def village(matter: str, form: str, n: int, agree: int, *extra: str) -> dict[str, Any]:
    return run(
        "--matter",
        matter,
        "--scope",
        "thon",
        "--form",
        form,
        "--households",
        str(n),
        "--agree",
        str(agree),
        *extra,
    )


def villages_file(tmp_path: Path, rows: list[tuple[Any, ...]], name: str = "v.csv") -> Path:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_bytes(xlsx_bytes("Thôn", ["thon", "so_ho", "dong_y"], rows))
    else:
        lines = ["thon,so_ho,dong_y"] + [",".join(str(c) for c in row) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# LD7, village scope ---------------------------------------------------------------------------
def test_ld7_count_two_thirds_exactly_passes() -> None:
    data = village("gop_cong_trinh", "hop", 200, 134)
    assert data["passed"] is True
    assert (data["rule"], data["threshold"], data["needed"]) == ("LD7", ">=2/3", 134)
    assert data["why"] == "Đạt: 134/200 hộ đồng ý, cần ít nhất 2/3 tổng số hộ (134 hộ) — LD7"
    assert data["villages"] == [] and data["villages_passed"] is None
    assert data["villages_total"] is None and data["next_step"] is None
    assert (data["households"], data["agree"]) == (200, 134)


def test_ld7_count_one_below_two_thirds_fails() -> None:
    data = village("quy", "phieu", 200, 133)
    assert data["passed"] is False and data["needed"] == 134
    assert data["why"].startswith("Không đạt: 133/200")
    assert village("quy", "phieu", 3, 2)["passed"] is True
    assert village("quy", "phieu", 3, 1)["passed"] is False


@pytest.mark.parametrize("matter", ["huong_uoc", "truong_thon", "thanh_vien_ban", "khac"])
def test_ld7_count_exactly_half_fails_one_more_passes(matter: str) -> None:
    half = village(matter, "phieu", 100, 50)
    assert (half["passed"], half["threshold"], half["needed"]) == (False, ">1/2", 51)
    assert village(matter, "phieu", 100, 51)["passed"] is True
    assert village(matter, "phieu", 101, 50)["passed"] is False
    assert village(matter, "phieu", 101, 51)["passed"] is True


def test_ld7_count_counts_all_households_not_present() -> None:
    data = village("khac", "hop", 200, 60, "--present", "60")
    assert data["passed"] is False and data["needed"] == 101


# LD6, online ----------------------------------------------------------------------------------
def test_ld6_count_online_consent_exactly_half_is_refused() -> None:
    message = refused(
        "--matter",
        "khac",
        "--scope",
        "thon",
        "--form",
        "truc_tuyen",
        "--households",
        "100",
        "--agree",
        "80",
        "--online-consent",
        "50",
    )
    assert "LD6" in message and "50/100" in message


def test_ld6_count_online_without_consent_is_refused() -> None:
    message = refused(
        "--matter",
        "khac",
        "--scope",
        "thon",
        "--form",
        "truc_tuyen",
        "--households",
        "100",
        "--agree",
        "80",
    )
    assert "LD6" in message and "--online-consent" in message


def test_ld6_count_online_consent_over_half_then_majority_of_all() -> None:
    data = village("khac", "truc_tuyen", 100, 51, "--online-consent", "51")
    assert (data["passed"], data["rule"], data["threshold"]) == (True, "LD6", ">1/2")
    data = village("khac", "truc_tuyen", 100, 50, "--online-consent", "51")
    assert (data["passed"], data["rule"]) == (False, "LD6")


# LD3 forms ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "matter", ["gop_cong_trinh", "quy", "huong_uoc", "truong_thon", "thanh_vien_ban"]
)
def test_ld3_count_online_refused_for_anything_but_other_matters(matter: str) -> None:
    message = refused(
        "--matter",
        matter,
        "--scope",
        "thon",
        "--form",
        "truc_tuyen",
        "--households",
        "100",
        "--agree",
        "80",
        "--online-consent",
        "90",
    )
    assert "LD3" in message and "trực tuyến" in message


# LD14 -----------------------------------------------------------------------------------------
def test_ld14_count_charter_meeting_half_present_goes_to_household_ballot() -> None:
    data = village("huong_uoc", "hop", 100, 50, "--present", "50")
    assert data["passed"] is False
    assert (data["rule"], data["next_step"], data["threshold"]) == (
        "LD14",
        "household_ballot",
        ">1/2",
    )
    assert "phát phiếu" in data["why"]


def test_ld14_count_charter_meeting_more_than_half_present_is_counted() -> None:
    data = village("huong_uoc", "hop", 100, 51, "--present", "51")
    assert (data["passed"], data["rule"], data["next_step"]) == (True, "LD7", None)


def test_ld14_count_charter_meeting_without_present_is_refused() -> None:
    message = refused(
        "--matter",
        "huong_uoc",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "100",
        "--agree",
        "60",
    )
    assert "LD14" in message and "--present" in message


def test_ld14_count_thin_charter_meeting_needs_no_agree() -> None:
    data = run(
        "--matter",
        "huong_uoc",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "100",
        "--present",
        "30",
    )
    assert data["next_step"] == "household_ballot" and data["agree"] is None


# numbers that do not add up -------------------------------------------------------------------
def test_ld7_count_refuses_numbers_that_do_not_add_up_all_at_once() -> None:
    message = refused(
        "--matter",
        "khac",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "100",
        "--agree",
        "120",
        "--present",
        "110",
    )
    assert "(3 lỗi)" in message
    assert "Số hộ đồng ý (120) lớn hơn tổng số hộ (100)" in message
    assert "Số hộ dự họp (110) lớn hơn tổng số hộ (100)" in message
    assert "lớn hơn số hộ dự họp" in message


def test_ld7_count_refuses_negative_numbers_and_zero_households() -> None:
    message = refused(
        "--matter",
        "khac",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "-5",
        "--agree",
        "-1",
    )
    assert message.count("số âm") == 2
    assert "lớn hơn 0" in refused(
        "--matter", "khac", "--scope", "thon", "--form", "hop", "--households", "0", "--agree", "0"
    )


def test_ld7_count_agree_above_present_refused() -> None:
    message = refused(
        "--matter",
        "quy",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "100",
        "--agree",
        "70",
        "--present",
        "69",
    )
    assert "LD4" in message


# LD7, commune scope ---------------------------------------------------------------------------
def test_ld7_count_commune_two_of_three_villages_exactly_passes(tmp_path: Path) -> None:
    path = villages_file(
        tmp_path, [("Thôn Nà Sài", 90, 60), ("Thôn Bản Mạ", 60, 40), ("Thôn Khuổi", 30, 1)]
    )
    data = run(
        "--matter",
        "gop_cong_trinh",
        "--scope",
        "xa",
        "--form",
        "hop",
        "--households",
        "180",
        "--villages",
        str(path),
    )
    assert data["passed"] is True
    assert (data["villages_passed"], data["villages_total"], data["villages_needed"]) == (2, 3, 2)
    assert (data["households"], data["agree"]) == (180, 101)
    assert data["needed"] == 20 + 40
    assert data["threshold"] == ">=2/3" and data["rule"] == "LD7"
    assert data["villages"][0] == {
        "thon": "Thôn Nà Sài",
        "so_ho": 90,
        "dong_y": 60,
        "passed": True,
    }
    assert [v["passed"] for v in data["villages"]] == [True, True, False]


def test_ld7_count_commune_below_two_thirds_of_villages_fails_xlsx(tmp_path: Path) -> None:
    rows = [(f"Thôn {i}", 30, 20) for i in range(3)] + [("Thôn 8", 30, 19), ("Thôn 9", 30, 0)]
    path = villages_file(tmp_path, rows, "v.xlsx")
    data = run(
        "--matter",
        "quy",
        "--scope",
        "xa",
        "--form",
        "phieu",
        "--households",
        "150",
        "--villages",
        str(path),
    )
    assert (data["passed"], data["villages_passed"], data["villages_total"]) == (False, 3, 5)
    assert data["villages_needed"] == 4


def test_ld7_count_commune_file_every_problem_with_its_row(tmp_path: Path) -> None:
    path = villages_file(
        tmp_path,
        [
            ("Thôn 1", 90, 60),
            ("thôn 1", 30, 10),
            ("Thôn 3", "x", 5),
            ("Thôn 4", -3, 1),
            ("Thôn 5", 20, 21),
            ("Thôn 6", 10, 2.5),
        ],
    )
    message = refused(
        "--matter",
        "quy",
        "--scope",
        "xa",
        "--form",
        "phieu",
        "--households",
        "100",
        "--villages",
        str(path),
    )
    assert "Dòng 3, cột «thon»" in message and "đã có ở dòng 2" in message
    assert "Dòng 4, cột «so_ho»" in message and "không phải là số nguyên" in message
    assert "Dòng 5, cột «so_ho»" in message and "số âm" in message
    assert "Dòng 6, cột «dong_y»" in message
    assert "Dòng 7, cột «dong_y»" in message


def test_ld7_count_commune_file_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text("thon,so_ho\nThôn 1,30\n", encoding="utf-8")
    message = refused(
        "--matter",
        "quy",
        "--scope",
        "xa",
        "--form",
        "phieu",
        "--households",
        "30",
        "--villages",
        str(path),
    )
    assert "dong_y" in message and "Thiếu cột" in message


def test_ld7_count_commune_contributions_need_the_villages_file() -> None:
    message = refused(
        "--matter",
        "gop_cong_trinh",
        "--scope",
        "xa",
        "--form",
        "hop",
        "--households",
        "300",
        "--agree",
        "250",
    )
    assert "--villages" in message and "LD7" in message


def test_ld7_count_commune_other_matter_without_file_counts_households() -> None:
    data = run(
        "--matter",
        "khac",
        "--scope",
        "xa",
        "--form",
        "phieu",
        "--households",
        "300",
        "--agree",
        "151",
    )
    assert data["passed"] is True and data["villages"] == [] and data["villages_total"] is None


def test_ld7_count_readable_text_without_json() -> None:
    out = StringIO()
    call_command(
        "residents",
        "count",
        "--matter",
        "gop_cong_trinh",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "200",
        "--agree",
        "133",
        stdout=out,
    )
    text = out.getvalue()
    assert "KHÔNG ĐẠT" in text and "LD7" in text and "134" in text


# a real process: exit codes, stderr, no database ---------------------------------------------
def shell(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DANCHU), "residents", "count", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
        cwd=ROOT,
    )


@pytest.mark.skipif(not DANCHU.exists(), reason="the project's virtualenv is needed")
def test_ld7_count_in_a_real_process_on_the_boundaries(tmp_path: Path) -> None:
    ok = shell(
        "--matter",
        "gop_cong_trinh",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "300",
        "--agree",
        "200",
        "--json",
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["passed"] is True
    below = shell(
        "--matter",
        "gop_cong_trinh",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "300",
        "--agree",
        "199",
        "--json",
    )
    assert below.returncode == 0 and json.loads(below.stdout)["passed"] is False
    half = shell(
        "--matter",
        "khac",
        "--scope",
        "thon",
        "--form",
        "phieu",
        "--households",
        "300",
        "--agree",
        "150",
        "--json",
    )
    assert half.returncode == 0 and json.loads(half.stdout)["passed"] is False
    consent = shell(
        "--matter",
        "khac",
        "--scope",
        "thon",
        "--form",
        "truc_tuyen",
        "--households",
        "300",
        "--agree",
        "200",
        "--online-consent",
        "150",
    )
    assert consent.returncode == 2
    assert "LD6" in consent.stderr and "Traceback" not in consent.stderr
    online = shell(
        "--matter",
        "quy",
        "--scope",
        "thon",
        "--form",
        "truc_tuyen",
        "--households",
        "300",
        "--agree",
        "200",
        "--online-consent",
        "200",
    )
    assert online.returncode == 2 and "LD3" in online.stderr
    charter = shell(
        "--matter",
        "huong_uoc",
        "--scope",
        "thon",
        "--form",
        "hop",
        "--households",
        "300",
        "--present",
        "150",
        "--agree",
        "150",
        "--json",
    )
    assert charter.returncode == 0
    assert json.loads(charter.stdout)["next_step"] == "household_ballot"
    path = villages_file(tmp_path, [("Thôn 1", 30, 20), ("Thôn 1", 30, 20)])
    twice = shell(
        "--matter",
        "quy",
        "--scope",
        "xa",
        "--form",
        "phieu",
        "--households",
        "60",
        "--villages",
        str(path),
    )
    assert twice.returncode == 2 and "Thôn 1" in twice.stderr and "Traceback" not in twice.stderr
    usage = shell("--matter", "nope", "--scope", "thon", "--form", "hop", "--households", "3")
    assert usage.returncode == 2


def test_ld7_count_runs_without_a_database() -> None:
    from danchu.residents.management.commands.residents import Command

    assert Command.requires_system_checks == []
    assert Command.requires_migrations_checks is False
