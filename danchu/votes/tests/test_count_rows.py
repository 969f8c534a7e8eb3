"""Issue 11, the standalone count: a row with too few or too many cells stops with its row
number; a semicolon-separated CSV (Excel on Vietnamese settings) is read as such."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danchu.votes import counting

SUBJECTS = "stt,ho_ten,chuc_vu\n" + "".join(f"{i},Người {i},Chức vụ {i}\n" for i in range(1, 6))
HEADER = "so_phieu,1,2,3,4,5\n"


def _files(tmp_path: Path, ballots: str, subjects: str = SUBJECTS) -> tuple[str, str]:
    s = tmp_path / "s.csv"
    b = tmp_path / "b.csv"
    s.write_text(subjects, encoding="utf-8")
    b.write_text(ballots, encoding="utf-8")
    return str(s), str(b)


def _count(s: str, b: str, *extra: str) -> dict:  # type: ignore[type-arg]
    out = StringIO()
    call_command(
        "vote",
        "count",
        "--subjects",
        s,
        "--ballots",
        b,
        "--json",
        "--issued",
        "2",
        *extra,
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_cv7_truncated_row_stops_with_its_row_number(tmp_path: Path) -> None:
    s, b = _files(tmp_path, HEADER + "1,1,2,3,1,2\n2,4,3,3\n")
    with pytest.raises(CommandError) as exc:
        _count(s, b)
    text = str(exc.value)
    assert "dòng 3" in text and "có 4 ô" in text and "6 ô" in text


def test_cv7_row_with_too_many_cells_stops(tmp_path: Path) -> None:
    s, b = _files(tmp_path, HEADER + "1,1,2,3,1,2\n2,1,2,3,1,2,\n")
    with pytest.raises(CommandError) as exc:
        _count(s, b)
    assert "dòng 3" in str(exc.value) and "có 7 ô" in str(exc.value)


def test_cv7_full_rows_still_count(tmp_path: Path) -> None:
    s, b = _files(tmp_path, HEADER + "1,1,2,3,1,2\n2,,,,,\n")
    data = _count(s, b)
    assert data["returned"] == 2
    assert data["subjects"][0]["cao"] == 1 and data["subjects"][0]["invalid"] == 1


def test_semicolon_csv_is_read(tmp_path: Path) -> None:
    subjects = SUBJECTS.replace(",", ";")
    ballots = (HEADER + "1,1,2,3,1,2\n2,3,3,3,3,13\n").replace(",", ";")
    s, b = _files(tmp_path, ballots, subjects)
    data = _count(s, b)
    assert data["returned"] == 2
    assert data["subjects"][2]["thap"] == 2 and data["subjects"][4]["invalid"] == 1


def test_semicolon_csv_with_commas_inside_quoted_names(tmp_path: Path) -> None:
    subjects = 'stt;ho_ten;chuc_vu\n1;Nguyễn Văn An;"Phó Chủ tịch, UBND"\n'
    s, b = _files(tmp_path, "so_phieu;1\n1;2\n", subjects)
    data = _count(s, b)
    assert data["subjects"][0]["chuc_vu"] == "Phó Chủ tịch, UBND"


def test_sniff_delimiter() -> None:
    assert counting.sniff_delimiter("a,b,c\n") == ","
    assert counting.sniff_delimiter("\n\na;b;c\n") == ";"
    assert counting.sniff_delimiter("a\tb\n") == "\t"
    assert counting.sniff_delimiter("stt\n") == ","
