"""Load: N concurrent clients for a bounded time against a page of each process, under gunicorn
with ``DEBUG=0``, beside the floor of the stack (``/healthz``) and the targets of issue 16.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 20] [--workers 3] [--threads 4]
        [--database-url postgres://…/db | --sqlite] [--province] [--strict] [--keep]

Without ``--database-url`` it makes its own PostgreSQL database ``load_bench`` on the local
server (``BENCH_PG``, default ``postgres://postgres@127.0.0.1:5432``; dropped at the end unless
``--keep``); ``--sqlite`` uses a file in a temporary folder instead (the short self-test). It
migrates, builds the demo (``danchu demo``), with ``--province`` also a province-sized data set
(``bench/survey_dashboard.py``'s province: 100 communes × 6 positions × 150 survey forms, the
reports sent), starts gunicorn with ``deploy/gunicorn.conf.py``, logs in the accounts it needs
through the login form (Home Affairs also through two-factor: the key shown on first enrolment,
the code computed the way an authenticator app does), then lets the clients loop over the pages
(each request on a new connection, as a browser's first visit) until the time is up, and prints
p50/p95/max and requests per page beside the floor and the target, each marked met or missed:
- home as the province's Home Affairs officer: p95 ≤ 5× the ``/healthz`` p95;
- ``/votes/``, a survey round's province dashboard, the public consultation page: p95 < 150 ms;
- the other pages (disclosures public page, residents decisions list, …) are shown without a
  target. A page that answers anything but 200 is counted and shown.
Exit status 0, or with ``--strict`` 1 when a target is missed or a page failed. A hard deadline
stops everything. This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "load_bench"
DEMO_PASSWORD = "danchu-demo"
HARD_DEADLINE_S = 1800
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECRET_RE = re.compile(r'id="totp-secret">([A-Z2-7]+)<')
FAST_MS = 150.0
HOME_RATIO = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ---------------------------------------------------------------------------------------------
# Setup: a database, the demo, the pages to load (a child process with Django set up)
# ---------------------------------------------------------------------------------------------


def find_pages(round_pk: int) -> dict[str, object]:
    """Run inside Django: the pages of each process on this database, and who opens them."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser

    from danchu.consultations.models import Consultation
    from danchu.consultations.permissions import can_view_public
    from danchu.disclosures.models import Disclosure
    from danchu.surveys.models import Round
    from danchu.units.models import AdminUnit

    pages: list[tuple[str, str, str]] = [
        ("healthz", "/healthz", ""),
        ("home (Home Affairs)", "/", "noivu"),
        ("/votes/", "/votes/", "noivu"),
    ]
    survey = Round.objects.filter(pk=round_pk).first() or Round.objects.order_by("-pk").first()
    if survey is not None:
        pages.append(("survey dashboard", f"/surveys/{survey.pk}/", "noivu"))
    anonymous = AnonymousUser()
    public = next(
        (c for c in Consultation.objects.order_by("pk") if can_view_public(c, anonymous)), None
    )
    if public is not None:
        pages.append(("public consultation", f"/consultations/p/{public.slug}/", ""))
    disclosed = Disclosure.objects.order_by("pk").values_list("commune_id", flat=True).first()
    if disclosed is None:
        disclosed = AdminUnit.objects.filter(level=3).values_list("pk", flat=True).first()
    if disclosed is not None:
        pages.append(("disclosures public", f"/disclosures/c/{disclosed}/", ""))
    pages += [
        ("residents decisions", "/residents/", "chutich"),
        ("/consultations/", "/consultations/", "chutich"),
        ("/classification/", "/classification/", "noivu"),
    ]
    return {"pages": pages}


def build_province() -> dict[str, int]:
    """Run inside Django: the province-sized data set of bench/survey_dashboard.py, and the
    demo's Home Affairs officer given that province too."""
    import django

    django.setup()
    from bench import survey_dashboard
    from danchu.accounts.models import Role, User
    from danchu.accounts.services import grant_role
    from danchu.units.models import AdminUnit

    round_pk = survey_dashboard.build(100, 150)
    province = AdminUnit.objects.get(code="B01")
    grant_role(
        actor=None, user=User.objects.get(username="noivu"), role=Role.HOME_AFFAIRS, unit=province
    )
    return {"round": round_pk}


# ---------------------------------------------------------------------------------------------
# HTTP: login, clients
# ---------------------------------------------------------------------------------------------


def _cookies(resp: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header, value in resp.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]


def _request(
    port: int, method: str, path: str, jar: dict[str, str], form: dict[str, str] | None = None
) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    text = resp.read().decode(errors="replace")
    _cookies(resp, jar)
    conn.close()
    return resp.status, resp.getheader("Location") or "", text


def totp(secret: str) -> str:
    from django_otp.oath import TOTP

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def login(port: int, username: str, password: str = DEMO_PASSWORD) -> str:
    """The Cookie header of a logged-in session (two-factor done when the role asks for it)."""
    jar: dict[str, str] = {}
    _, _, html = _request(port, "GET", "/accounts/login/", jar)
    token = CSRF_RE.search(html)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    status, location, _ = _request(port, "POST", "/accounts/login/", jar, form)
    if status != 302:
        raise RuntimeError(f"{username}: login refused ({status})")
    status, location, html = _request(port, "GET", "/", jar)
    if status == 302 and "/accounts/2fa/" in location:
        status, _, html = _request(port, "GET", "/accounts/2fa/", jar)
        secret, token = SECRET_RE.search(html), CSRF_RE.search(html)
        if secret is None or token is None:
            raise RuntimeError(f"{username}: two-factor page without a key to enrol")
        form = {"csrfmiddlewaretoken": token.group(1), "code": totp(secret.group(1)), "next": "/"}
        status, location, _ = _request(port, "POST", "/accounts/2fa/", jar, form)
        if status != 302:
            raise RuntimeError(f"{username}: two-factor code refused ({status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


@dataclass
class Sample:
    times: list[float] = field(default_factory=list)
    failures: dict[int, int] = field(default_factory=dict)


def hammer(
    port: int,
    pages: list[tuple[str, str, str]],
    cookies: dict[str, str],
    clients: int,
    seconds: float,
) -> dict[str, Sample]:
    """``clients`` threads loop over the pages (each from its own starting page) until the time
    is up; every request on a new connection."""
    samples = {name: Sample() for name, _, _ in pages}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.perf_counter() < stop_at:
            name, path, who = pages[i % len(pages)]
            i += 1
            headers = {"Cookie": cookies[who]} if who else {}
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                conn.close()
            except (OSError, http.client.HTTPException):
                status = 0
            took = time.perf_counter() - t0
            with lock:
                if status == 200:
                    samples[name].times.append(took)
                else:
                    fails = samples[name].failures
                    fails[status] = fails.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    return samples


def report(
    samples: dict[str, Sample], pages: list[tuple[str, str, str]], seconds: float
) -> tuple[list[str], bool]:
    """The table's lines, and whether every target was met and every page answered 200."""
    floor = pct(samples["healthz"].times, 0.95) * 1000
    lines = [
        f"{'page':<24} {'path':<26} {'n':>6} {'req/s':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} {'×floor':>7}  target",
    ]
    ok = True
    for name, path, _ in pages:
        s = samples[name]
        p50, p95, mx = (pct(s.times, q) * 1000 for q in (0.5, 0.95, 1.0))
        ratio = p95 / floor if floor else float("nan")
        if name == "healthz":
            target = "floor"
        elif name.startswith("home"):
            met = ratio <= HOME_RATIO
            ok = ok and met
            target = f"p95 ≤ {HOME_RATIO}× floor: {'met' if met else 'MISSED'}"
        elif name in ("/votes/", "survey dashboard", "public consultation"):
            met = p95 < FAST_MS
            ok = ok and met
            target = f"p95 < {FAST_MS:.0f} ms: {'met' if met else 'MISSED'}"
        else:
            target = "—"
        if s.failures:
            ok = False
            target += "  FAILED " + ", ".join(
                f"{k or 'no answer'}×{v}" for k, v in s.failures.items()
            )
        lines.append(
            f"{name:<24} {path[:26]:<26} {len(s.times):>6} {len(s.times) / seconds:>6.1f} "
            f"{p50:>8.1f} {p95:>8.1f} {mx:>8.1f} {ratio:>7.1f}  {target}"
        )
    floor_p50 = pct(samples["healthz"].times, 0.5) * 1000
    if floor > 3 * floor_p50:
        lines.append(
            f"note: the floor's p95 ({floor:.1f} ms) is over 3× its p50 ({floor_p50:.1f} ms): the "
            "machine is busy with something else, the ratios to the floor are not reliable"
        )
    return lines, ok


# ---------------------------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------------------------


def run_django(env: dict[str, str], *args: str, timeout: float = 1200) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "danchu", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"danchu {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def child_json(env: dict[str, str], what: str, round_pk: int = 0) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", what, "--round", str(round_pk)]
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, threads: int, log: Path
) -> subprocess.Popen[bytes]:
    out = open(log, "w")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "danchu.wsgi:application",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
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
    stop(server)
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def base_env(var_dir: str) -> dict[str, str]:
    dropped = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DANCHU_REQUIRE_2FA"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return env | {
        "DANCHU_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "danchu.settings",
        "DEBUG": "0",
        "SECRET_KEY": f"load-bench-{os.getpid()}-not-a-real-secret-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DANCHU_HTTPS": "0",
        "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "60",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="time under load (20 s)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument(
        "--database-url", default="", help="use this database (migrated, demo built)"
    )
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead")
    parser.add_argument("--province", action="store_true", help="add a province-sized data set")
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="use the database as it is (no migrate, no demo): the accounts must exist",
    )
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the accounts' password")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the database and the folder")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "pages":
        print(json.dumps(find_pages(args.round)))
        return
    if args.child == "province":
        print(json.dumps(build_province()))
        return

    timer = threading.Timer(HARD_DEADLINE_S, lambda: os._exit(3))
    timer.daemon = True
    timer.start()
    tmp = tempfile.mkdtemp(prefix="danchu-load-")
    env = base_env(tmp)
    own_db = ""
    if args.sqlite:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/load.sqlite3"
    elif args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        import psycopg

        own_db = DB_NAME
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{own_db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{own_db}"')
        env["DATABASE_URL"] = f"{SERVER}/{own_db}"
    server = None
    try:
        t0 = time.perf_counter()
        if not args.no_build:
            run_django(env, "migrate", "--noinput")
            run_django(env, "demo")
        round_pk = child_json(env, "province")["round"] if args.province else 0
        pages = [tuple(p) for p in child_json(env, "pages", round_pk)["pages"]]
        setup_s = time.perf_counter() - t0
        port = free_port()
        server = start_gunicorn(env, port, args.workers, args.threads, Path(tmp) / "gunicorn.log")
        who = {p[2] for p in pages if p[2]}
        jar = {name: login(port, name, args.password) for name in sorted(who)}
        jar[""] = ""
        # Warm every worker on every page (first imports, template loading) outside the count.
        hammer(port, pages, jar, min(args.clients, args.workers * 2), 1.0)  # type: ignore[arg-type]
        samples = hammer(port, pages, jar, args.clients, args.seconds)  # type: ignore[arg-type]
    finally:
        if server is not None:
            stop(server)
        if own_db and not args.keep:
            import psycopg

            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{own_db}" WITH (FORCE)')
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    backend = "SQLite" if args.sqlite else "PostgreSQL"
    print(
        f"danchu under gunicorn ({args.workers} workers × {args.threads} threads, DEBUG=0) on "
        f"{backend}, {'demo + province data set' if args.province else 'demo'} "
        f"(setup {setup_s:.0f} s); {args.clients} clients for {args.seconds:g} s"
    )
    lines, ok = report(samples, pages, args.seconds)  # type: ignore[arg-type]
    print("\n".join(lines))
    print(f"targets: {'all met' if ok else 'some missed'}")
    timer.cancel()
    sys.exit(1 if args.strict and not ok else 0)


if __name__ == "__main__":
    main()
