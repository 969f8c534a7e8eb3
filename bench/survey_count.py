"""Time ``danchu survey count`` on a generated file of 1,000,000 forms (target: under 10 s).

    .venv/bin/python bench/survey_count.py [--forms 1000000] [--keep]

Generates a CSV (≈ 6,700 civil servants × 150 forms, groups CB/KCT/ND, a few invalid forms),
runs the real command in a subprocess (start-up included) and prints the wall time.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSITIONS = [
    "Chỉ huy trưởng Ban Chỉ huy Quân sự",
    "Văn phòng - Thống kê",
    "Địa chính - Nông nghiệp - Xây dựng và Môi trường",
    "Tài chính - Kế toán",
    "Tư pháp - Hộ tịch",
    "Văn hóa - Xã hội",
]


def generate(path: Path, forms: int, seed: int = 6) -> None:
    rng = random.Random(seed)
    per_subject = 150
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("ma_phieu,cong_chuc,chuc_danh,nhom,tin_nhiem\n")
        serial = 0
        subject = 0
        while serial < forms:
            subject += 1
            name = f"Nguyễn Văn Thử {subject:05d}"
            position = POSITIONS[subject % len(POSITIONS)]
            lines = []
            for k in range(min(per_subject, forms - serial)):
                serial += 1
                group = "CB" if k < 20 else "KCT" if k < 35 else "ND"
                roll = rng.random()
                mark = "1" if roll < 0.8 else "0" if roll < 0.97 else ("" if roll < 0.99 else "2")
                lines.append(f"P{serial:07d},{name},{position},{group},{mark}\n")
            out.write("".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="surveys_bench_"))
    path = tmp / "forms.csv"
    t0 = time.perf_counter()
    generate(path, args.forms)
    print(
        f"generated {args.forms:,} forms ({path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    danchu = [sys.executable, "-m", "danchu", "survey", "count", "--forms", str(path), "--json"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danchu.settings"}
    t0 = time.perf_counter()
    done = subprocess.run(danchu, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        print(done.stderr)
        raise SystemExit(done.returncode)
    print(
        f"danchu survey count: {args.forms:,} forms in {elapsed:.2f} s "
        f"({'OK' if elapsed < 10 else 'SLOWER THAN'} 10 s target); "
        f"output {len(done.stdout) / 1e6:.1f} MB"
    )
    if args.keep:
        print(f"kept {path}")
    else:
        path.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
