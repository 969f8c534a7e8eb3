"""Issue 16, parts 6 and 7: ``bench/load.py`` and ``bench/faults.py`` start, explain themselves,
and the load script prints its table on a tiny run (2 clients for 2 s under gunicorn with
DEBUG=0, logging in through the login form and two-factor).

The tiny run needs a database gunicorn's processes can open: the PostgreSQL test database (an
in-memory SQLite test database cannot be shared), so it runs in the PostgreSQL pass only, as
``test_production_tls.py`` does. The fault scenarios themselves take minutes (a private
PostgreSQL cluster, a tmpfs): they are run by hand (docs/operations.md, "Load and faults")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from danchu.accounts.models import Role, User
from danchu.testing import factories as f

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Mật khẩu đo tải 2026"


def _script(name: str, *args: str, env: dict[str, str] | None = None, timeout: float = 60):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / name), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.mark.parametrize("name", ["load.py", "faults.py"])
def test_issue16_bench_scripts_explain_themselves(name):  # type: ignore[no-untyped-def]
    done = _script(name, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout and "issue 16" in done.stdout


def test_issue16_faults_refuses_an_unknown_scenario():  # type: ignore[no-untyped-def]
    done = _script("faults.py", "--scenario", "meteor")
    assert done.returncode == 2 and "invalid choice" in done.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="gunicorn's processes need a database they can share (the PostgreSQL pass)",
)
@pytest.mark.django_db(transaction=True)
def test_issue16_load_prints_its_table_on_a_tiny_run(settings):  # type: ignore[no-untyped-def]
    # The server checks passwords with the production hashers, not the tests' fast MD5 one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    world = f.build_world()
    noivu = User.objects.create_user(username="noivu", password=PASSWORD)
    f.give_role(noivu, Role.HOME_AFFAIRS, world.commune_a.parent)
    chutich = User.objects.create_user(username="chutich", password=PASSWORD)
    f.give_role(chutich, Role.CHAIRMAN, world.commune_a)
    db = settings.DATABASES["default"]
    url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@"
        f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    done = _script(
        "load.py",
        *("--database-url", url, "--no-build", "--password", PASSWORD),
        *("--clients", "2", "--seconds", "2", "--workers", "1", "--threads", "2"),
        timeout=55,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "2 clients for 2 s" in out, out
    for page in ("healthz", "home (Home Affairs)", "/votes/", "residents decisions"):
        line = next((x for x in out.splitlines() if x.startswith(page)), "")
        assert line, (page, out)
        assert "FAILED" not in line, line  # every request answered 200, two-factor included
    assert "p95 ≤ 5× floor" in out and "p95 < 150 ms" in out
    assert out.rstrip().splitlines()[-1].startswith("targets:")
