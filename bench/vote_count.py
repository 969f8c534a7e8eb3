"""Time ``danchu vote count`` on 60,000 ballots × 5 subjects (target: under 2 s on 2 cores).

    .venv/bin/python bench/vote_count.py [--ballots 60000] [--subjects 5] [--xlsx] [--runs 3]

Generates the two files in a temporary directory, runs the command as a user would (a fresh
process, Django start-up included), checks that the JSON output adds up, and prints the timings.
This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DANCHU = [sys.executable, "-m", "danchu"]
CODES = ["1", "2", "3", "", "13", "X", "23", "123"]
WEIGHTS = [40, 35, 15, 3, 3, 2, 1, 1]


def generate(folder: Path, ballots: int, subjects: int, xlsx: bool) -> tuple[Path, Path, int]:
    rng = random.Random(96)
    subj = folder / "subjects.csv"
    with subj.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["stt", "ho_ten", "chuc_vu"])
        for i in range(1, subjects + 1):
            w.writerow([i, f"Nguyễn Văn Thử {i}", f"Trưởng phòng số {i}"])
    issued = ballots + 100
    serials = rng.sample(range(1, issued + 1), ballots)
    ball = folder / "ballots.csv"
    with ball.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["so_phieu", *[str(i) for i in range(1, subjects + 1)], "ghi_them"])
        for s in serials:
            cells = rng.choices(CODES, WEIGHTS, k=subjects)
            w.writerow([s, *cells, "1" if rng.random() < 0.001 else ""])
    if not xlsx:
        return subj, ball, issued
    from openpyxl import Workbook

    out = []
    for src in (subj, ball):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        with src.open(encoding="utf-8") as f:
            for row in csv.reader(f):
                ws.append(row)
        target = src.with_suffix(".xlsx")
        wb.save(target)
        out.append(target)
    return out[0], out[1], issued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=60_000)
    parser.add_argument("--subjects", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="time XLSX files instead of CSV")
    args = parser.parse_args()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="danchu.settings")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        subj, ball, issued = generate(folder, args.ballots, args.subjects, args.xlsx)
        print(
            f"generated {args.ballots} ballots × {args.subjects} subjects "
            f"({ball.stat().st_size / 1e6:.1f} MB {ball.suffix}) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        cmd = [
            *DANCHU,
            "vote",
            "count",
            "--subjects",
            str(subj),
            "--ballots",
            str(ball),
            "--issued",
            str(issued),
            "--issued-serials",
            f"1-{issued}",
            "--json",
        ]
        # Django start-up alone, to show what the count itself costs.
        t0 = time.perf_counter()
        subprocess.run(
            [*DANCHU, "help", "vote"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        startup = time.perf_counter() - t0
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            done = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        result = json.loads(done.stdout)
        for s in result["subjects"]:
            assert s["returned"] == args.ballots, s
            assert s["valid"] + s["invalid"] == s["returned"], s
            assert s["cao"] + s["tin_nhiem"] + s["thap"] == s["valid"], s
        print(
            f"danchu vote count: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
            f"over {args.runs} runs (Django start-up ≈ {startup:.2f} s); target < 2 s: "
            f"{'OK' if min(times) < 2 else 'MISSED'}"
        )
        print(
            f"returned {result['returned']}, issued {result['issued']}, "
            f"anomalies {len(result['anomalies'])}; totals check OK"
        )


if __name__ == "__main__":
    main()
