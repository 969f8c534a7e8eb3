"""``danchu vote count`` and ``danchu survey count`` beside a plain-Python reference (issue 16).

    .venv/bin/python bench/count_commands.py [--size small|full] [--runs 3]

Generates the files (``--size full``: 60,000 ballots × 5 subjects and 1,000,000 forms, the
issue's sizes; the default ``small`` is a tenth of each, to keep runs short), then times, each
in a fresh process (start-up included, best of ``--runs``):

- ``danchu vote count … --json`` against a reference that reads the same CSV with ``csv`` and
  tallies each subject's column with ``collections.Counter`` (no checks, no rules);
- ``danchu survey count … --json`` against ``csv`` + ``Counter`` over (civil servant, group,
  answer).

Targets (issue 16): each command within 2× its reference. It prints both figures, the ratio and
whether the target is met, and checks that the command's totals agree with the reference's.
The machine may be shared: by default it compares CPU seconds of each child process (start-up
included), which the neighbours disturb less than wall time (``--wall`` for wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import survey_count  # noqa: E402
import vote_count  # noqa: E402

SIZES = {"small": (6_000, 100_000), "full": (60_000, 1_000_000)}

VOTE_REFERENCE = """
import csv, sys
from collections import Counter
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = csv.reader(f)
    header = next(rows)
    columns = [i for i, h in enumerate(header) if h.isdigit()]
    counts = [Counter() for _ in columns]
    returned = 0
    for row in rows:
        returned += 1
        for c, i in zip(counts, columns):
            c[row[i]] += 1
print(returned, [sum(c.values()) for c in counts])
"""

SURVEY_REFERENCE = """
import csv, sys
from collections import Counter
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    counts = Counter((r[1], r[3], r[4]) for r in rows)
print(sum(counts.values()))
"""


CPU = {"cpu": True}
"""Compare CPU seconds (user + system of the child) rather than wall time: on a shared machine
the wall time mostly measures the neighbours. ``--wall`` compares wall time instead."""


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[float, str]:
    """The best of ``runs`` fresh processes (CPU seconds, or wall with ``--wall``)."""
    times, out = [], ""
    for _ in range(runs):
        c0, t0 = _child_cpu(), time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        wall, cpu = time.perf_counter() - t0, _child_cpu() - c0
        times.append(cpu if CPU["cpu"] else wall)
        if done.returncode not in (0, 3):
            raise SystemExit(f"{' '.join(cmd[:5])}…: exit {done.returncode}\n{done.stderr}")
        out = done.stdout
    return min(times), out


def line(what: str, command: float, reference: float) -> None:
    ratio = command / reference
    unit = "s CPU" if CPU["cpu"] else "s"
    print(
        f"{what}: {command:.3f} {unit}; reference {reference:.3f} {unit}; {ratio:.2f}× "
        f"(target ≤ 2×: {'OK' if ratio <= 2 else 'MISSED'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wall", action="store_true", help="compare wall time, not CPU time")
    args = parser.parse_args()
    CPU["cpu"] = not args.wall
    ballots, forms = SIZES[args.size]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danchu.settings"}
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="speed_counts_") as tmp:
        folder = Path(tmp)
        subj, ball, issued = vote_count.generate(folder, ballots, 5, False)
        form_file = folder / "forms.csv"
        survey_count.generate(form_file, forms)
        print(
            f"files: {ballots:,} ballots × 5 subjects ({ball.stat().st_size / 1e6:.1f} MB), "
            f"{forms:,} forms ({form_file.stat().st_size / 1e6:.1f} MB); best of {args.runs}"
        )
        vote_cmd = [
            *(py, "-m", "danchu", "vote", "count"),
            *("--subjects", str(subj), "--ballots", str(ball), "--issued", str(issued)),
            *("--issued-serials", f"1-{issued}", "--json"),
        ]
        ref_t, ref_out = best([py, "-c", VOTE_REFERENCE, str(ball)], args.runs, env)
        cmd_t, cmd_out = best(vote_cmd, args.runs, env)
        result = json.loads(cmd_out)
        assert result["returned"] == ballots == int(ref_out.split()[0]), (result, ref_out)
        line(f"danchu vote count, {ballots:,} ballots", cmd_t, ref_t)
        try:
            old_t, _ = best(vote_cmd, 1, {**env, "DANCHU_COUNT_WITH_PROJECT": "1"})
            print(f"  (the same through the whole project, django.setup() included: {old_t:.3f})")
        except SystemExit as exc:  # the project does not load (e.g. a half-made change)
            print(f"  (through the whole project: not measured — {str(exc).splitlines()[0]})")
        survey_cmd = [py, "-m", "danchu", "survey", "count", "--forms", str(form_file), "--json"]
        ref_t, ref_out = best([py, "-c", SURVEY_REFERENCE, str(form_file)], args.runs, env)
        cmd_t, cmd_out = best(survey_cmd, args.runs, env)
        assert int(ref_out) == forms, ref_out
        line(f"danchu survey count, {forms:,} forms", cmd_t, ref_t)


if __name__ == "__main__":
    main()
