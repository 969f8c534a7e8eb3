"""In-hall e-voting under load: 2,000 voters, each with a one-time code, open the ballot and
submit it, against the platform as deployed (gunicorn), on SQLite and on PostgreSQL.

    .venv/bin/python bench/evoting_load.py [--voters 2000] [--window 45] [--workers 3]
        [--backends sqlite,postgres]
                                           [--pg postgres://postgres@127.0.0.1:5432/postgres]

For each backend it makes a fresh database (a temporary SQLite file, or a throw-away PostgreSQL
database that is dropped afterwards), migrates it, prepares a round (5 subjects, 2,000 present
voters, a counting board, the vote open, 2,000 codes), starts gunicorn on 127.0.0.1, runs the
voters, then sends 10% of the codes a second time — half with the same ballot (a voter retrying
after a dropped connection: issue 16, told "Phiếu của bạn đã được ghi nhận", nothing stored
again), half with another ballot (refused) — closes the vote and checks:
- every acknowledged ballot is stored, and stored once: the ballots stored equal the codes used
  and the first tries acknowledged; the per-subject, per-level totals the acknowledged clients
  sent equal those of the opened box and of the closed count (sealed ballots are read after
  closing, when the box is opened);
- a same-ballot retry is acknowledged as recorded and another ballot on a used code is refused;
and prints p50/p95 latencies. Target: everything within 60 s, p95 under 300 ms. It stops by
itself (a hard deadline kills gunicorn and exits). This is a script that prints figures, not a
test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HARD_DEADLINE_S = 420
SUBJECTS = 5
OTHER_MARK = {"1": "2", "2": "3", "3": "1", "": "1"}
"""Another ballot than the one sent first (every line changed)."""
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------------------------------------
# Child process: one backend
# ---------------------------------------------------------------------------------------------


def prepare(voters: int) -> tuple[int, list[str]]:
    """A round ready for e-voting, built through the real services."""
    import datetime as dt

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from danchu.accounts.models import Role
    from danchu.core import clock
    from danchu.people.models import Person, PositionCategory
    from danchu.testing import factories as f
    from danchu.votes import services
    from danchu.votes.models import RosterEntry

    province = f.UnitFactory(code="B01", name="Tỉnh Đo Tải", kind="tinh")
    commune = f.UnitFactory(code="B0001", name="Xã Đo Tải", parent=province)
    ubnd_p = f.AgencyFactory(unit=province, name="Ủy ban nhân dân tỉnh Đo Tải")
    ubnd = f.AgencyFactory(unit=commune, superior=ubnd_p)
    chair = f.UserFactory(username="bench-chair")
    f.give_role(chair, Role.CHAIRMAN, commune)
    vote = services.create_round(
        actor=chair,
        title="Đo tải bỏ phiếu điện tử",
        authority=ubnd,
        vote_day=clock.today(),
        evoting=True,
    )
    for i in range(SUBJECTS):
        pos = f.PositionFactory(
            code=f"bench-{i}", name=f"Chức vụ {i}", category=PositionCategory.LEADER
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
    # CV6: the board is elected among the voters present (accounts of three of them), and the
    # conference's secretary is one of them too.
    board = []
    for i, person in enumerate(people[:3]):
        user = f.UserFactory(username=f"bench-board-{i}")
        user.person = person
        user.save()
        board.append(user)
    services.elect_board(actor=chair, vote=vote, users=board, head=board[0], secretary=people[3])
    services.open_vote(  # a bench round skips the CV4 preparation steps, by a recorded decision
        actor=chair,
        vote=vote,
        decision="Đo tải: mở bỏ phiếu không qua các bước chuẩn bị CV4 (vòng thử nghiệm).",
    )
    codes = services.issue_codes(actor=board[0], vote=vote, count=voters, confirmed_by=board[1])
    return vote.pk, codes


class Voter:
    def __init__(self, port: int, path: str):
        self.port, self.path = port, path

    def run(self, code: str, choice: list[str]) -> tuple[int, float, float]:
        """(status, GET seconds, POST seconds); status 0 when the connection failed, 299 for a
        200 that says the ballot had been recorded before (issue 16)."""
        try:
            return self._run(code, choice)
        except (OSError, http.client.HTTPException):
            return 0, 0.0, 0.0

    def _run(self, code: str, choice: list[str]) -> tuple[int, float, float]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        t0 = time.perf_counter()
        conn.request("GET", self.path)
        resp = conn.getresponse()
        html = resp.read().decode()
        t_get = time.perf_counter() - t0
        cookie = ""
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                cookie = value.split(";", 1)[0]
        token = CSRF_RE.search(html)
        if resp.status != 200 or not token or not cookie:
            conn.close()
            return resp.status, t_get, 0.0
        form = {"csrfmiddlewaretoken": token.group(1), "code": code}
        form.update({f"s{i + 1}": c for i, c in enumerate(choice)})
        body = urllib.parse.urlencode(form)
        t0 = time.perf_counter()
        conn.request(
            "POST",
            self.path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
            },
        )
        resp = conn.getresponse()
        page = resp.read()
        t_post = time.perf_counter() - t0
        conn.close()
        if resp.status == 200 and b'id="recorded-before"' in page:
            return 299, t_get, t_post
        return resp.status, t_get, t_post


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def child(
    backend: str, voters: int, concurrency: int, workers: int, window: float
) -> dict[str, object]:
    import django

    django.setup()
    t_prep = time.perf_counter()
    vote_id, codes = prepare(voters)
    prep_s = time.perf_counter() - t_prep
    port = free_port()
    env = dict(os.environ)
    log = open(os.path.join(os.environ["DANCHU_VAR_DIR"], "gunicorn.log"), "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "danchu.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            "4",
            "-k",
            "gthread",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        path = f"/votes/e/{vote_id}/"
        voter = Voter(port, path)
        voter.run("WARM-UP", ["1"] * SUBJECTS)  # warm the workers (refused: not a code)
        rng = random.Random(2026)
        choices = [rng.choices(["1", "2", "3", ""], [50, 35, 13, 2], k=SUBJECTS) for _ in codes]
        # Voters arrive at a steady pace over the window (an open loop, as in a hall where
        # people scan their slips over a minute), each with its own connection.
        t0 = time.perf_counter()
        gap = window / len(codes)

        def paced(i: int) -> tuple[int, float, float]:
            delay = t0 + i * gap - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            return voter.run(codes[i], choices[i])

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(paced, range(len(codes))))
        elapsed = time.perf_counter() - t0
        replay_idx = rng.sample(range(len(codes)), len(codes) // 10)
        same_idx, other_idx = replay_idx[::2], replay_idx[1::2]
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            # a retry with the same ballot (issue 16), then another ballot with a used code
            same = list(
                pool.map(voter.run, [codes[i] for i in same_idx], [choices[i] for i in same_idx])
            )
            other = list(
                pool.map(
                    voter.run,
                    [codes[i] for i in other_idx],
                    [[OTHER_MARK[c] for c in choices[i]] for i in other_idx],
                )
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    accepted = [i for i, r in enumerate(results) if r[0] == 200]
    sent: dict[tuple[int, str], int] = {}
    for i in accepted:
        for s, c in enumerate(choices[i]):
            sent[(s, c)] = sent.get((s, c), 0) + 1

    from django.db import connection

    connection.close()
    from danchu.votes import services
    from danchu.votes.models import ElectronicBallot, SubjectResult, VoteRound, VotingCode

    used = VotingCode.objects.filter(round_id=vote_id, used=True).count()
    vote = VoteRound.objects.get(pk=vote_id)
    head = vote.board.get(is_head=True).user
    services.close_voting(actor=head, vote=vote)
    # Ballots are sealed while the vote is open: read the box once closing has opened it.
    stored: dict[tuple[int, str], int] = {}
    lines = list(ElectronicBallot.objects.filter(round_id=vote_id).values_list("lines", flat=True))
    for text in lines:
        for s, c in enumerate(text.split("|")):
            stored[(s, c)] = stored.get((s, c), 0) + 1
    services.close_count(
        actor=head, vote=vote, on=vote.vote_day, reason="Đo tải: mã chưa dùng không có phiếu"
    )
    counted = {
        r.subject.order - 1: (r.high, r.confidence, r.low, r.returned)
        for r in SubjectResult.objects.filter(subject__round_id=vote_id).select_related("subject")
    }
    counted_ok = all(
        counted[s]
        == (sent.get((s, "1"), 0), sent.get((s, "2"), 0), sent.get((s, "3"), 0), len(accepted))
        for s in range(SUBJECTS)
    )
    posts = [r[2] for r in results if r[0] == 200]
    gets = [r[1] for r in results]
    return {
        "backend": backend,
        "voters": voters,
        "prepare_s": round(prep_s, 1),
        "elapsed_s": round(elapsed, 1),
        "accepted": len(accepted),
        "refused_first_try": len(results) - len(accepted),
        "no_answer_first_try": sum(1 for r in results if r[0] == 0),
        "retries_same": len(same),
        "retries_same_recorded": sum(1 for r in same if r[0] == 299),
        "replays": len(other),
        "replays_accepted": sum(1 for r in other if r[0] in (200, 299)),
        "stored_ballots": len(lines),
        "used_codes": used,
        "totals_match": stored == sent,
        "count_matches": counted_ok,
        "get_p50_ms": round(pct(gets, 0.5) * 1000, 1),
        "get_p95_ms": round(pct(gets, 0.95) * 1000, 1),
        "post_p50_ms": round(pct(posts, 0.5) * 1000, 1),
        "post_p95_ms": round(pct(posts, 0.95) * 1000, 1),
        "mean_post_ms": round(statistics.fmean(posts) * 1000, 1) if posts else None,
    }


# ---------------------------------------------------------------------------------------------
# Parent: one child per backend, a hard deadline, a summary
# ---------------------------------------------------------------------------------------------


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, object] | None:
    tmp = tempfile.mkdtemp(prefix=f"danchu-evote-{backend}-")
    env = dict(
        os.environ,
        DANCHU_VAR_DIR=tmp,
        DJANGO_SETTINGS_MODULE="danchu.settings",
        DEBUG="0",
        SECRET_KEY="evoting-load-bench-" + str(os.getpid()),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0",
        LOG_LEVEL="ERROR",
        # the bench closes the count, which writes the SECRET minutes: only the hall's machine
        DANCHU_OFFLINE_HALL="1",
    )
    env.pop("DATABASE_URL", None)
    dbname = ""
    if backend == "postgres":
        import psycopg

        dbname = f"danchu_evote_bench_{os.getpid()}"
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        parts = urllib.parse.urlsplit(args.pg)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{dbname}"))
    try:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                backend,
                "--voters",
                str(args.voters),
                "--concurrency",
                str(args.concurrency),
                "--workers",
                str(args.workers),
                "--window",
                str(args.window),
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=HARD_DEADLINE_S,
        )
    except subprocess.TimeoutExpired:
        print(f"[{backend}] stopped: over {HARD_DEADLINE_S} s")
        return None
    finally:
        if dbname:
            import psycopg

            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    if done.returncode != 0:
        print(f"[{backend}] failed:\n{done.stderr[-3000:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64, help="client threads")
    parser.add_argument(
        "--window", type=float, default=45.0, help="seconds over which voters arrive"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        print(
            json.dumps(child(args.child, args.voters, args.concurrency, args.workers, args.window))
        )
        return
    timer = threading.Timer(HARD_DEADLINE_S * 2 + 60, lambda: os._exit(3))
    timer.daemon = True
    timer.start()
    ok = True
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        r = run_backend(backend, args)
        if r is None:
            ok = False
            continue
        # Every first try answered here, so acknowledged = stored = used codes; a retry with
        # the same ballot is told it was recorded, another ballot on a used code refused.
        good = (
            r["replays_accepted"] == 0
            and r["retries_same_recorded"] == r["retries_same"]
            and r["totals_match"]
            and r["count_matches"]
            and r["stored_ballots"] == r["accepted"] == r["used_codes"]
            and r["no_answer_first_try"] == 0
        )
        fast = r["elapsed_s"] <= 60 and r["post_p95_ms"] < 300  # type: ignore[operator]
        ok = ok and good
        print(
            f"[{backend}] {r['voters']} voters in {r['elapsed_s']} s "
            f"(setup {r['prepare_s']} s): accepted {r['accepted']}, stored {r['stored_ballots']}, "
            f"used codes {r['used_codes']}; same-ballot retries told recorded "
            f"{r['retries_same_recorded']}/{r['retries_same']}; other ballots on used codes "
            f"accepted {r['replays_accepted']}/{r['replays']}"
        )
        print(
            f"[{backend}] open ballot p50 {r['get_p50_ms']} ms, p95 {r['get_p95_ms']} ms; "
            f"submit p50 {r['post_p50_ms']} ms, p95 {r['post_p95_ms']} ms"
        )
        print(
            f"[{backend}] nothing lost or doubled: {'OK' if good else 'FAILED'}; "
            f"target (≤ 60 s, p95 < 300 ms): {'OK' if fast else 'MISSED'}"
        )
    timer.cancel()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
