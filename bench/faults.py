"""Faults (issue 16, part 6): what voters and operators see when a piece of the stack fails in the
middle of the work, and whether anything was lost, doubled or half-written.

    .venv/bin/python bench/faults.py [--scenario evote-kill|job-kill|pg-restart|disk-full|all]
        [--voters 300] [--window 8] [--rows 4000]

Scenarios (each in its own process, bounded in time, cleaning up after itself):
- ``evote-kill``: gunicorn on PostgreSQL, voters submit e-ballots (``bench/evoting_load.py``'s
  round and voters) while a gunicorn worker is killed with SIGKILL three times;
- ``pg-restart``: the same, while PostgreSQL itself is restarted (``pg_ctl restart -m immediate``:
  a crash and its recovery) in the middle of the vote;
- ``disk-full``: gunicorn on SQLite whose folder is a tmpfs mounted just larger than the
  prepared database (root is needed: ``mount -t tmpfs``); the disk fills during the vote, the
  operator then makes room (``mount -o remount``) and the voters retry;
- ``job-kill``: a roster import of N rows runs in ``danchu db_worker``, killed with SIGKILL in
  the middle; ``danchu jobs run-worker`` is started again and finishes it.

A voter whose answer is not an acknowledgement (a dropped connection, a 5xx) retries with the
same code and the same ballot, as a person would, for up to 30 s; at the end ten acknowledged
voters send their ballot again (an answer lost on the way back, made on purpose) and must be told
"Phiếu của bạn đã được ghi nhận". For each voter the sequence of
answers is kept ("0→299": the connection dropped, the retry said "Phiếu của bạn đã được ghi
nhận"). Then the vote is closed, the box opened, and it checks: stored ballots = used codes (no
half-written ballot: no code used without its ballot nor the reverse), = voters acknowledged
(nothing lost, nothing doubled), the per-subject totals of what the acknowledged voters sent =
those of the box, and no voter ended without an acknowledgement or with "code already used" for
a ballot that counted (every voter who retried was told the truth). For the import: nothing
written while the worker was dead, every row once after the restart.

PostgreSQL scenarios run on a private cluster made with Debian's ``initdb``/``pg_ctl``
(``/usr/lib/postgresql/*/bin``) on a free port in a temporary folder (as the ``postgres`` user
when run as root), never the shared server. It prints a table of scenario × outcome; exit status
1 when a scenario failed its checks. This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import glob
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCENARIOS = ("evote-kill", "job-kill", "pg-restart", "disk-full")
SCENARIO_DEADLINE_S = 600
RETRY_FOR_S = 30.0
ACK = (200, 299)
"""First acknowledgement (200) and "Phiếu của bạn đã được ghi nhận" for a resubmission (299)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its binaries as the ``postgres`` user then."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"Debian's PostgreSQL binaries are needed ({name})")
    return found[-1]


class Cluster:
    """A private PostgreSQL cluster on a spare port, in a temporary folder."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="danchu-load-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            as_postgres([pg_bin("pg_ctl"), "-D", self.data, "-w", "-t", "60", *args]),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        subprocess.run(
            as_postgres(
                [pg_bin("initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync"]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
        )
        self._ctl("-l", os.path.join(self.dir, "log"), "-o", options, "start")

    def restart(self) -> None:
        self._ctl("-m", "immediate", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._ctl("-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def create(self, name: str, template: str = "") -> str:
        import psycopg

        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as conn:
            extra = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{extra}')
        return f"{self.url}/{name}"


# ---------------------------------------------------------------------------------------------
# Child process: one scenario, Django set up on the scenario's database
# ---------------------------------------------------------------------------------------------


def start_gunicorn(port: int, log: Path, workers: int = 3) -> subprocess.Popen[bytes]:
    out = open(log, "a")  # noqa: SIM115 - the server's log, closed with the process
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "danchu.wsgi:application",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    raise RuntimeError("gunicorn did not start")


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def workers_of(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def prepare(voters: int) -> tuple[int, list[str]]:
    """``bench/evoting_load.py``'s round (5 subjects, present voters, board, vote open, codes),
    with the counting board elected among the voters present (CV6)."""
    import datetime as dt

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.evoting_load import SUBJECTS
    from danchu.accounts.models import Role
    from danchu.core import clock
    from danchu.people.models import Person, PositionCategory
    from danchu.testing import factories as f
    from danchu.votes import services
    from danchu.votes.models import RosterEntry

    province = f.UnitFactory(code="B01", name="Tỉnh Thử Lỗi", kind="tinh")
    commune = f.UnitFactory(code="B0001", name="Xã Thử Lỗi", parent=province)
    ubnd_p = f.AgencyFactory(unit=province, name="Ủy ban nhân dân tỉnh Thử Lỗi")
    ubnd = f.AgencyFactory(unit=commune, superior=ubnd_p)
    chair = f.UserFactory(username="faults-chair")
    f.give_role(chair, Role.CHAIRMAN, commune)
    vote = services.create_round(
        actor=chair,
        title="Thử lỗi bỏ phiếu điện tử",
        authority=ubnd,
        vote_day=clock.today(),
        evoting=True,
    )
    for i in range(SUBJECTS):
        pos = f.PositionFactory(
            code=f"faults-{i}", name=f"Chức vụ {i}", category=PositionCategory.LEADER
        )
        post = f.AssignmentFactory(
            position=pos,
            agency=ubnd,
            start_date=dt.date(2020, 1, 1),
            person__full_name=f"Người Được Lấy Phiếu {i}",
            person__home_unit=commune,
        )
        services.add_subject(actor=chair, vote=vote, assignment=post)
    people = Person.objects.bulk_create(
        [Person(full_name=f"Cử Tri {i}", gender="M", home_unit=commune) for i in range(voters)]
    )
    RosterEntry.objects.bulk_create(
        [RosterEntry(round=vote, person=p, present=True) for p in people]
    )
    board = [f.UserFactory(username=f"faults-board-{i}", person=people[i]) for i in range(3)]
    services.elect_board(actor=chair, vote=vote, users=board, head=board[0], secretary=people[3])
    # Self-reports and the CV4 steps are not part of this script: the opening records why.
    services.open_vote(actor=chair, vote=vote, decision="Thử lỗi: mở bỏ phiếu để đo")
    codes = services.issue_codes(actor=board[0], vote=vote, count=voters, confirmed_by=board[1])
    return vote.pk, codes


def vote_under(
    voters: int, window: float, fault: Callable[[subprocess.Popen[bytes]], list[str]]
) -> dict[str, Any]:
    """Voters submit while ``fault(server)`` runs in a thread (it returns what it did); every
    voter retries until acknowledged or 30 s have passed; then close, open the box and check."""
    from bench.evoting_load import SUBJECTS, Voter

    vote_id, codes = prepare(voters)
    from django.db import connection

    connection.close()
    port = free_port()
    log = Path(os.environ["DANCHU_FAULTS_LOG"])
    server = start_gunicorn(port, log)
    voter = Voter(port, f"/votes/e/{vote_id}/")
    voter.run("WARM-UP", ["1"] * SUBJECTS)
    rng = random.Random(2026)
    choices = [rng.choices(["1", "2", "3", ""], [50, 35, 13, 2], k=SUBJECTS) for _ in codes]
    seen: list[list[int]] = [[] for _ in codes]
    t0 = time.perf_counter()
    gap = window / len(codes)
    did: list[str] = []
    holder: dict[str, subprocess.Popen[bytes]] = {"server": server}

    def one(i: int) -> None:
        delay = t0 + i * gap - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        give_up = time.perf_counter() + RETRY_FOR_S
        while True:
            status = voter.run(codes[i], choices[i])[0]
            seen[i].append(status)
            if status in ACK or (status < 500 and status != 0) or time.perf_counter() > give_up:
                return
            time.sleep(0.3 + rng.random() * 0.4)

    def run_fault() -> None:
        did.extend(fault(holder["server"]))

    faulting = threading.Thread(target=run_fault, daemon=True)
    faulting.start()
    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(codes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(window + RETRY_FOR_S + 60)
    faulting.join(60)
    # Ten acknowledged voters whose answer is lost on the way back send the same ballot again
    # (a dropped answer made on purpose, whatever the fault did): each must be told it counted.
    acked_now = [i for i, s in enumerate(seen) if s and s[-1] in ACK]
    resent = [
        voter.run(codes[i], choices[i])[0] for i in rng.sample(acked_now, min(10, len(acked_now)))
    ]
    stop_gunicorn(holder["server"])
    elapsed = time.perf_counter() - t0

    from danchu.votes import services
    from danchu.votes.models import ElectronicBallot, VoteRound, VotingCode

    connection.close()
    used = VotingCode.objects.filter(round_id=vote_id, used=True).count()
    vote = VoteRound.objects.get(pk=vote_id)
    services.close_voting(actor=vote.board.get(is_head=True).user, vote=vote)
    lines = list(ElectronicBallot.objects.filter(round_id=vote_id).values_list("lines", flat=True))
    stored: collections.Counter[tuple[int, str]] = collections.Counter()
    for text in lines:
        stored.update(enumerate(text.split("|")))
    acked = [i for i, s in enumerate(seen) if s and s[-1] in ACK]
    sent: collections.Counter[tuple[int, str]] = collections.Counter()
    for i in acked:
        sent.update(enumerate(choices[i]))
    patterns = collections.Counter("→".join(str(s) for s in answers) for answers in seen)
    return {
        "did": did,
        "seconds": round(elapsed, 1),
        "voters": len(codes),
        "acknowledged": len(acked),
        "retried": sum(1 for s in seen if len(s) > 1),
        "told_recorded": sum(1 for s in seen if s and s[-1] == 299),
        "stored": len(lines),
        "used_codes": used,
        "totals_match": stored == sent,
        "saw": dict(patterns.most_common(8)),
        "unacknowledged": len(codes) - len(acked),
        "resent": len(resent),
        "resent_told_recorded": sum(1 for s in resent if s == 299),
    }


def verdict_vote(r: dict[str, Any]) -> tuple[bool, str]:
    lost = r["acknowledged"] - min(r["acknowledged"], r["stored"])
    doubled = max(0, r["stored"] - r["acknowledged"])
    half = abs(r["used_codes"] - r["stored"])
    ok = (
        not lost
        and not doubled
        and not half
        and r["totals_match"]
        and not r["unacknowledged"]
        and r["resent_told_recorded"] == r["resent"]
    )
    text = (
        f"{r['voters']} voters, {r['retried']} retried, {r['told_recorded']} told 'đã được ghi "
        f"nhận'; stored {r['stored']} = used codes {r['used_codes']} = acknowledged "
        f"{r['acknowledged']}: lost {lost}, doubled {doubled}, half-written {half}, totals "
        f"{'match' if r['totals_match'] else 'DIFFER'}, left without an answer "
        f"{r['unacknowledged']}; acknowledged ballots sent again told 'đã được ghi nhận' "
        f"{r['resent_told_recorded']}/{r['resent']}"
    )
    return ok, text


def scenario_evote_kill(args: argparse.Namespace) -> dict[str, Any]:
    def fault(server: subprocess.Popen[bytes]) -> list[str]:
        did = []
        for moment in (0.25, 0.5, 0.75):
            time.sleep(args.window * 0.25)
            pids = workers_of(server.pid)
            if pids:
                victim = random.choice(pids)
                os.kill(victim, signal.SIGKILL)
                did.append(f"SIGKILL worker at {moment:.0%} of the window")
        return did

    return vote_under(args.voters, args.window, fault)


def scenario_pg_restart(args: argparse.Namespace) -> dict[str, Any]:
    data = os.environ["DANCHU_FAULTS_PGDATA"]

    def fault(server: subprocess.Popen[bytes]) -> list[str]:
        time.sleep(args.window * 0.4)
        t0 = time.perf_counter()
        subprocess.run(
            as_postgres([pg_bin("pg_ctl"), "-D", data, "-w", "-m", "immediate", "restart"]),
            check=True,
            capture_output=True,
            timeout=120,
        )
        return [f"pg_ctl restart -m immediate at 40% ({time.perf_counter() - t0:.1f} s down)"]

    return vote_under(args.voters, args.window, fault)


def scenario_disk_full(args: argparse.Namespace) -> dict[str, Any]:
    disk = os.environ["DANCHU_FAULTS_DISK"]

    def used_kib() -> int:
        st = os.statvfs(disk)
        return (st.f_blocks - st.f_bfree) * st.f_frsize // 1024

    def fault(server: subprocess.Popen[bytes]) -> list[str]:
        size = used_kib() + 96
        subprocess.run(["mount", "-o", f"remount,size={size}k", disk], check=True)
        did = [f"disk {size} KiB (96 KiB free) from the start"]
        t_full = time.perf_counter() + args.window * 0.6
        while time.perf_counter() < t_full:
            time.sleep(0.2)
        full = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize // 1024
        subprocess.run(["mount", "-o", "remount,size=256m", disk], check=True)
        did.append(f"room made at 60% of the window ({full} KiB were left)")
        return did

    result = vote_under(args.voters, args.window, fault)
    import sqlite3

    from django.conf import settings

    with sqlite3.connect(settings.DATABASES["default"]["NAME"]) as conn:
        result["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return result


def scenario_job_kill(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    from danchu.dataio import roster
    from danchu.dataio.jobs import ROSTER
    from danchu.dataio.tests.files import csv_bytes
    from danchu.jobs import services
    from danchu.jobs.models import Job
    from danchu.people.models import Person
    from danchu.testing import factories as f

    rows: list[list[Any]] = [[c.header for c in roster.COLUMNS]]
    for i in range(args.rows):
        values = {c.key: "" for c in roster.COLUMNS}
        values.update(
            full_name=f"Người Thử {i:05d}",
            gender="Nam" if i % 2 else "Nữ",
            date_of_birth=f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1950 + i % 50}",
            unit_code="T0001-01",
        )
        rows.append([values[c.key] for c in roster.COLUMNS])
    world = f.build_world()
    job = services.start(
        kind=ROSTER,
        params={"file_name": "danh-sach.csv"},
        user=world.alice,
        unit=world.commune_a,
        input_file=("danh-sach.csv", csv_bytes(rows)),
    )
    connection.close()
    python = [sys.executable, "-m", "danchu"]
    worker = subprocess.Popen(
        [*python, "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    at_kill: dict[str, Any] = {}
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and worker.poll() is None:
            j = Job.objects.get(pk=job.pk)
            if j.status == "running" and 0 < j.done < args.rows // 2:
                at_kill = {"status": j.status, "done": j.done, "total": j.total}
                break
            time.sleep(0.05)
    finally:
        worker.kill()
        worker.wait(timeout=30)
    people_after_kill = Person.objects.filter(home_unit__code="T0001-01").count()
    t0 = time.perf_counter()
    again = subprocess.run(
        [*python, "jobs", "run-worker", "--batch", "--interval", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SCENARIO_DEADLINE_S - 120,
    )
    show = subprocess.run(
        [*python, "jobs", "show", str(job.pk)], cwd=ROOT, capture_output=True, text=True
    )
    j = Job.objects.get(pk=job.pk)
    from danchu.audit.models import AuditEntry

    return {
        "rows": args.rows,
        "at_kill": at_kill,
        "people_after_kill": people_after_kill,
        "rerun_s": round(time.perf_counter() - t0, 1),
        "rerun_rc": again.returncode,
        "final": {"status": j.status, "done": j.done, "attempts": j.attempts},
        "people": Person.objects.filter(home_unit__code="T0001-01").count(),
        "imports_logged": AuditEntry.objects.filter(action="dataio.roster.imported").count(),
        "job_page": show.stdout.strip().splitlines()[:2],
    }


def verdict_job(r: dict[str, Any]) -> tuple[bool, str]:
    ok = (
        bool(r["at_kill"])
        and r["people_after_kill"] == 0
        and r["final"]["status"] == "done"
        and r["people"] == r["rows"]
        and r["imports_logged"] == 1
    )
    return ok, (
        f"killed at {r['at_kill'].get('done', '?')}/{r['rows']} rows; rows written while dead "
        f"{r['people_after_kill']}; after restart ({r['rerun_s']} s) the job is "
        f"{r['final']['status']} in {r['final']['attempts']} attempts, {r['people']} people "
        f"(each once: {r['people'] == r['rows']}), imports audited {r['imports_logged']}"
    )


CHILDREN = {
    "evote-kill": scenario_evote_kill,
    "pg-restart": scenario_pg_restart,
    "disk-full": scenario_disk_full,
    "job-kill": scenario_job_kill,
}


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()  # the vote scenarios migrate in evoting_load.prepare; job-kill's is done
    print(json.dumps(CHILDREN[args.child](args)))


# ---------------------------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------------------------


def env_for(var_dir: str, database_url: str, log: Path) -> dict[str, str]:
    dropped = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DANCHU_REQUIRE_2FA"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return env | {
        "DANCHU_VAR_DIR": var_dir,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "danchu.settings",
        "DEBUG": "0",
        "SECRET_KEY": f"faults-bench-{os.getpid()}-not-a-real-secret-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DANCHU_HTTPS": "0",
        "LOG_LEVEL": "ERROR",
        "DANCHU_FAULTS_LOG": str(log),
    }


def run_child(name: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", name]
    cmd += ["--voters", str(args.voters), "--window", str(args.window), "--rows", str(args.rows)]
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=SCENARIO_DEADLINE_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"error": f"stopped after {SCENARIO_DEADLINE_S} s"}
    if proc.returncode != 0:
        return {
            "error": err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}",
            "stderr": err[-3000:],
        }
    return dict(json.loads(out.strip().splitlines()[-1]))


def run_scenario(name: str, args: argparse.Namespace, cluster: Cluster | None) -> dict[str, Any]:
    tmp = tempfile.mkdtemp(prefix=f"danchu-load-{name}-")
    log = Path(tmp) / "gunicorn.log"
    mounted = ""
    try:
        if name == "disk-full":
            if os.geteuid() != 0:
                return {"error": "needs root to mount a small tmpfs"}
            mounted = os.path.join(tmp, "disk")
            os.makedirs(mounted)
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", mounted], check=True
            )
            env = env_for(mounted, f"sqlite:///{mounted}/danchu.sqlite3", log)
            env["DANCHU_FAULTS_DISK"] = mounted
        else:
            assert cluster is not None
            template = "danchu_faults_template"
            url = cluster.create(f"danchu_faults_{name.replace('-', '_')}", template)
            env = env_for(os.path.join(tmp, "var"), url, log)
            env["DANCHU_FAULTS_PGDATA"] = cluster.data
        result = run_child(name, env, args)
        if "error" in result and log.exists():
            result["server_log"] = log.read_text()[-1500:]
        return result
    finally:
        if mounted:
            subprocess.run(["umount", "-l", mounted], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenario", default="all", choices=(*SCENARIOS, "all"))
    parser.add_argument("--voters", type=int, default=300, help="voters per vote scenario (300)")
    parser.add_argument("--window", type=float, default=8.0, help="seconds voters arrive over (8)")
    parser.add_argument("--rows", type=int, default=4000, help="rows of the roster import (4000)")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    chosen = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    timer = threading.Timer(SCENARIO_DEADLINE_S * len(chosen) + 300, lambda: os._exit(3))
    timer.daemon = True
    timer.start()
    cluster = None
    results: dict[str, dict[str, Any]] = {}
    try:
        if any(s != "disk-full" for s in chosen):
            cluster = Cluster()
            cluster.start()
            url = cluster.create("danchu_faults_template")
            env = env_for(tempfile.mkdtemp(prefix="danchu-load-migrate-"), url, Path(os.devnull))
            subprocess.run(
                [sys.executable, "-m", "danchu", "migrate", "--noinput"],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                timeout=600,
            )
            shutil.rmtree(env["DANCHU_VAR_DIR"], ignore_errors=True)
        for name in chosen:
            t0 = time.perf_counter()
            results[name] = run_scenario(name, args, cluster)
            results[name]["wall_s"] = round(time.perf_counter() - t0, 1)
    finally:
        if cluster is not None:
            cluster.stop()
    ok_all = True
    print(f"{'scenario':<11} {'outcome':<7} what happened")
    for name, r in results.items():
        if "error" in r:
            ok, text = False, f"could not run: {r['error']}"
        elif name == "job-kill":
            ok, text = verdict_job(r)
        else:
            ok, text = verdict_vote(r)
            if name == "disk-full":
                ok = ok and r.get("integrity") == "ok"
                text += f"; SQLite integrity_check {r.get('integrity')}"
        ok_all = ok_all and ok
        print(f"{name:<11} {'OK' if ok else 'FAILED':<7} {text} ({r.get('wall_s')} s)")
        if r.get("did"):
            print(f"{'':<19} fault: {'; '.join(r['did'])}")
        if r.get("saw"):
            saw = ", ".join(f"{k} ×{v}" for k, v in r["saw"].items())
            print(f"{'':<19} answers each voter saw (0 = dropped, 299 = 'đã được ghi nhận'): {saw}")
        if r.get("job_page"):
            print(f"{'':<19} job after restart: {' / '.join(r['job_page'])}")
        if "stderr" in r:
            print(r["stderr"], file=sys.stderr)
    timer.cancel()
    sys.exit(0 if ok_all else 1)


if __name__ == "__main__":
    main()
