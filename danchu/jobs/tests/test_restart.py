"""A job survives a worker restart (issue 16): a real ``danchu db_worker`` process is killed
(SIGKILL) in the middle of a roster import; ``danchu jobs run-worker`` finds the job running
with no live worker, queues it again, and the import runs to the end exactly once.

A slower test (a real worker process, a few thousand rows). On SQLite the test's database is
copied to a file the worker processes open (the in-memory test database cannot be shared); on
PostgreSQL they use the test database itself."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from danchu.dataio import roster
from danchu.dataio.jobs import ROSTER
from danchu.dataio.tests.files import csv_bytes
from danchu.jobs import services
from danchu.testing import factories as f

ROWS = 4000


def _villagers(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = [[c.header for c in roster.COLUMNS]]
    for i in range(n):
        values = {c.key: "" for c in roster.COLUMNS}
        values.update(
            full_name=f"Người Thử {i:05d}",
            gender="Nam" if i % 2 else "Nữ",
            date_of_birth=f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1950 + i % 50}",
            unit_code="T0001-01",
        )
        rows.append([values[c.key] for c in roster.COLUMNS])
    return rows


class Database:
    """The worker processes' view of the database, read from the test."""

    def __init__(self, tmp_path: Path) -> None:
        if connection.vendor == "sqlite":
            self.file = tmp_path / "worker.sqlite3"
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)  # type: ignore[union-attr]
            target.close()
            self.url = f"sqlite:///{self.file}"
        else:
            db = settings.DATABASES["default"]
            self.file = None  # type: ignore[assignment]
            self.url = (
                f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@"
                f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
            )

    def one(self, sql: str, *params: Any) -> tuple[Any, ...]:
        if self.file is not None:
            with sqlite3.connect(self.file, timeout=30) as conn:
                return tuple(conn.execute(sql, params).fetchone())
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return tuple(cursor.fetchone())

    def job(self, pk: int) -> dict[str, Any]:
        status, done, total, attempts, errors = self.one(
            "SELECT status, done, total, attempts, errors FROM jobs_job WHERE id = ?", pk
        )
        if isinstance(errors, str):
            errors = json.loads(errors)
        return {
            "status": status,
            "done": done,
            "total": total,
            "attempts": attempts,
            "errors": errors,
        }

    def count(self, table: str, where: str = "1=1", *params: Any) -> int:
        return int(self.one(f"SELECT COUNT(*) FROM {table} WHERE {where}", *params)[0])


@pytest.mark.django_db(transaction=True)
def test_a_job_survives_a_killed_worker_and_imports_once(tmp_path, settings):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = f.build_world()
    job = services.start(
        kind=ROSTER,
        params={"file_name": "danh-sach.csv"},
        user=world.alice,
        unit=world.commune_a,
        input_file=("danh-sach.csv", csv_bytes(_villagers(ROWS))),
    )
    db = Database(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danchu.settings",
        "DATABASE_URL": db.url,
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "DANCHU_KEY_DIR": settings.DANCHU_KEY_DIR,
        "DANCHU_AUDIT_DIR": settings.DANCHU_AUDIT_DIR,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "danchu", "db_worker", "--no-reload", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            seen = db.job(job.pk)
            if seen["status"] == "running" and seen["done"] > 0:
                break
            assert worker.poll() is None, worker.stderr.read().decode()  # type: ignore[union-attr]
            time.sleep(0.05)
        else:
            pytest.fail(f"the worker never got going: {db.job(job.pk)}")
    finally:
        worker.kill()  # SIGKILL: no clean-up of any kind
        worker.wait(timeout=30)
    killed = db.job(job.pk)
    assert killed["status"] == "running" and 0 < killed["done"] < ROWS
    assert db.count("people_person") == 0  # all or nothing: nothing half-written

    again = subprocess.run(
        [sys.executable, "-m", "danchu", "jobs", "run-worker", "--batch", "--interval", "0"],
        env=env,
        capture_output=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr.decode()
    assert f"[{job.pk}]" in again.stdout.decode()  # "Chạy lại các việc bị bỏ dở: [1]"
    final = db.job(job.pk)
    assert final["status"] == "done", final
    assert final["attempts"] == 2 and final["done"] == final["total"] == ROWS
    assert db.count("people_person") == ROWS
    assert db.count("audit_auditentry", "action = ?", "dataio.roster.imported") == 1
    assert db.count("audit_auditentry", "action = ?", "jobs.job.retried") == 1
    assert db.count("jobs_jobmark", "job_id = ?", job.pk) == 1

    show = subprocess.run(
        [sys.executable, "-m", "danchu", "jobs", "show", str(job.pk)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert show.returncode == 0, show.stderr.decode()
    out = show.stdout.decode()
    assert "100%" in out and f"Đã nhập {ROWS} người" in out
