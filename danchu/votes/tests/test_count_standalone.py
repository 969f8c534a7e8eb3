"""Issue 16: ``danchu vote count`` and ``danchu survey count`` run without loading the project
(no app, no model), with the same output, messages and exit codes as through Django."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _files(tmp: Path) -> dict[str, Path]:
    subjects = tmp / "subjects.csv"
    subjects.write_text("stt,ho_ten,chuc_vu\n1,Nguyễn Văn An,Chủ tịch\n2,Lê Thị Bình,Phó\n")
    with (tmp / "ballots.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["so_phieu", "1", "2", "ghi_them"])
        for i in range(1, 41):
            w.writerow([i if i != 7 else 3, ["1", "2", "3", "", "13"][i % 5], "3", ""])
    (tmp / "bad.csv").write_bytes(b"so_phieu,1,2\n1,1,\xff\n")
    with (tmp / "forms.csv").open("w", encoding="utf-8") as f:
        f.write("ma_phieu,cong_chuc,chuc_danh,nhom,tin_nhiem\n")
        for i in range(1, 121):
            group = "CB" if i < 30 else "ND"
            f.write(f"P{i:04d},Trần Văn {i % 3},Văn phòng - Thống kê,{group},{i % 4 % 2}\n")
    (tmp / "forms_bad.csv").write_text(
        "ma_phieu,cong_chuc,chuc_danh,nhom,tin_nhiem\nP1,A,B,ND,1\nP1,A,B,XX,1\n"
    )
    return {p.stem: p for p in tmp.iterdir()}


CASES = [
    ["vote", "count", "--subjects", "{subjects}", "--ballots", "{ballots}", "--issued", "45"],
    [
        *("vote", "count", "--subjects", "{subjects}", "--ballots", "{ballots}"),
        *("--issued", "45", "--issued-serials", "1-45", "--present", "42", "--json"),
    ],
    ["vote", "count", "--subjects", "{subjects}", "--ballots", "{bad}", "--issued", "45"],
    ["vote", "count", "--issued", "3"],
    ["survey", "count", "--forms", "{forms}"],
    ["survey", "count", "--forms", "{forms}", "--json"],
    ["survey", "count", "--forms", "{forms_bad}"],
]


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "danchu", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "danchu.settings", **env},
        capture_output=True,
        timeout=120,
    )


def _without_importtime(stderr: bytes) -> bytes:
    return b"".join(
        line for line in stderr.splitlines(keepends=True) if not line.startswith(b"import time:")
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: " ".join(c[:2] + c[-1:]))
def test_issue16_count_commands_run_alone_with_the_same_output(case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = {k: str(v) for k, v in _files(tmp_path).items()}
    args = [a.format(**files) for a in case]
    alone = _run(args)
    project = _run(args, DANCHU_COUNT_WITH_PROJECT="1")
    assert alone.returncode == project.returncode
    assert alone.stdout == project.stdout
    assert _without_importtime(alone.stderr) == _without_importtime(project.stderr)
    # the long way loads every app's models (Django's ORM with them); the count alone none
    assert b"django.db.models.base" in project.stderr
    assert b"django.db.models.base" not in alone.stderr
    if case[0] == "vote":  # the vote count does not even import Django
        assert b"django.core.management" not in alone.stderr
