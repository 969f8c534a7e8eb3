"""The backup drill (issue 16, point 5), with real ``danchu`` processes on the suite's database
(CI runs it on SQLite and on PostgreSQL):

build a small world (an issued committee decision, a secret document, an uploaded file, audit
entries and a signed anchor) in a real installation, ``danchu backup`` it encrypted, wipe (a new
empty database — on PostgreSQL a second database named ``backup_drill_*`` — and empty folders),
``danchu restore``, then ``danchu audit verify --strict`` passes, the rows per model are the
source's, the decision's view serves the same bytes (SHA-256) and the secret document reads with
the restored key. Before that, on the same empty installation: a wrong passphrase, a flipped byte
(encrypted or plain archive) and a restore into a non-empty installation are refused with exit
2 and nothing is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

DANCHU = str(Path(sys.executable).parent / "danchu")
PASSPHRASE = "mật khẩu diễn tập sao lưu 2026"
COUNT = (
    "import json; from danchu.ops import common; "
    "print('COUNTS ' + json.dumps(common.live_counts()))"
)
SECRET = (
    "import hashlib; from danchu.documents import issuing; "
    "from danchu.documents.models import IssuedDocument as D; "
    "print('SECRET \"' + hashlib.sha256(issuing.stored(D.objects.get(pk=%d), 'pdf')).hexdigest()"
    " + '\"')"
)

pytestmark = pytest.mark.django_db


@dataclass
class Installation:
    """One installation's environment: its database and its folders."""

    env: dict[str, str]
    root: Path

    def run(self, *args: str, code: int | None = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [DANCHU, *args], env=self.env, capture_output=True, text=True, timeout=600
        )
        if code is not None:
            assert done.returncode == code, f"{args}: {done.returncode}\n{done.stdout}{done.stderr}"
        return done

    def shell(self, command: str, tag: str) -> Any:
        """Run Python in ``danchu shell``; the JSON it printed after ``tag``."""
        out = self.run("shell", "-c", command).stdout
        line = next(line for line in out.splitlines() if line.startswith(tag + " "))
        return json.loads(line[len(tag) + 1 :])


def _installation(root: Path, database_url: str) -> Installation:
    dropped = {"DEBUG", "DANCHU_TEST_MACHINE_DATE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("PG")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "danchu.settings",
        "DATABASE_URL": database_url,
        "DANCHU_VAR_DIR": str(root),
        "MEDIA_ROOT": str(root / "media"),
        "DANCHU_KEY_DIR": str(root / "keys"),
        "DANCHU_AUDIT_DIR": str(root / "audit"),
        "CONN_MAX_AGE": "0",
        "DRILL_PASSPHRASE": PASSPHRASE,
        "DRILL_WRONG": "một mật khẩu khác hẳn 2026",
    }
    root.mkdir(parents=True, exist_ok=True)
    return Installation(env, root)


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two databases of this suite's vendor: the source, and an empty one for the restore."""
    if connection.vendor != "postgresql":
        yield (
            f"sqlite:///{tmp_path / 'source.sqlite3'}",
            f"sqlite:///{tmp_path / 'target.sqlite3'}",
        )
        return
    import psycopg

    base = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    names = [f"backup_drill_{os.getpid()}_source", f"backup_drill_{os.getpid()}_target"]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        source, target = (urlunsplit(parts._replace(path=f"/{n}")) for n in names)
        yield (source, target)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _flip_inside(archive: Path, member: str, out: Path) -> None:
    """Copy ``archive`` to ``out`` with one bit flipped in the middle of ``member``'s bytes."""
    with tarfile.open(archive) as tar:
        info = tar.getmember(member)
        position = info.offset_data + info.size // 2
    data = bytearray(archive.read_bytes())
    data[position] ^= 0x01
    out.write_bytes(bytes(data))


def test_backup_wipe_restore_drill(tmp_path, databases):  # type: ignore[no-untyped-def]
    source = _installation(tmp_path / "source", databases[0])
    target = _installation(tmp_path / "target", databases[1])
    source.run("migrate", "-v0")
    world = source.shell("from danchu.ops.tests.drill_world import build; build()", "DRILL")
    source_counts = source.shell(COUNT, "COUNTS")
    assert source_counts["audit.AuditEntry"] >= 5
    assert source_counts["documents.IssuedFile"] >= 2

    # The offline laptop's backup: encrypted with a passphrase; and a plain one.
    sealed = json.loads(
        source.run(
            "backup",
            "--to",
            str(tmp_path / "usb"),
            "--passphrase-env",
            "DRILL_PASSPHRASE",
            "--json",
        ).stdout
    )
    archive = Path(sealed["archive"])
    assert archive.name.startswith("danchu-backup-") and archive.name.endswith(".tar.enc")
    assert archive.stat().st_mode & 0o077 == 0  # it holds the keys: owner only
    assert PASSPHRASE.encode() not in archive.read_bytes()
    assert sealed["anchor"]["head"]["seq"] == source_counts["audit.AuditEntry"]
    plain_run = source.run("backup", "--to", str(tmp_path / "plain"), "--json")
    plain = Path(json.loads(plain_run.stdout)["archive"])
    assert "giữ nó bí mật như chính các khóa" in plain_run.stderr  # keys in a plain archive
    with tarfile.open(plain) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = set(tar.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["counts"] == source_counts
    assert set(manifest["files"]) | {"manifest.json", "manifest.sig"} == names
    assert {"keys/documents.key", "keys/audit-ed25519.key", "audit/latest-anchor.txt"} <= names
    assert f"media/{world['upload']}" in names
    assert manifest["anchor"]["latest"] and manifest["anchor"]["snapshot"]

    # Refusals, each with exit 2 and a Vietnamese reason, on the empty target.
    wrong = target.run(
        "restore", str(archive), "--passphrase-env", "DRILL_WRONG", "--yes", code=2
    ).stderr
    assert "Sai mật khẩu" in wrong
    flipped = tmp_path / "flipped.tar.enc"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    refused = target.run(
        "restore", str(flipped), "--passphrase-env", "DRILL_PASSPHRASE", "--yes", code=2
    ).stderr
    assert "đã bị sửa hoặc hỏng" in refused
    flipped_plain = tmp_path / "flipped.tar"
    _flip_inside(plain, manifest["database"]["file"], flipped_plain)
    refused = target.run("restore", str(flipped_plain), "--yes", code=2).stderr
    assert f"SHA-256 của {manifest['database']['file']} không khớp" in refused
    assert "đã được mã hóa" in target.run("restore", str(archive), "--yes", code=2).stderr
    not_empty = source.run(
        "restore", str(archive), "--passphrase-env", "DRILL_PASSPHRASE", "--yes", code=2
    ).stderr
    assert "không trống" in not_empty
    # Nothing of the archive reached the target.
    for part in ("keys", "media", "audit"):
        assert not [p for p in (target.root / part).rglob("*") if p.is_file()], part

    # The restore itself.
    restored = target.run(
        "restore", str(archive), "--passphrase-env", "DRILL_PASSPHRASE", "--yes"
    ).stdout
    assert "Khôi phục xong" in restored
    assert "Chữ ký manifest hợp lệ" in restored
    assert "documents.IssuedFile" in restored and "KHÁC" not in restored
    verify = target.run("audit", "verify", "--strict").stdout
    assert f"đã kiểm tra {source_counts['audit.AuditEntry']} mục" in verify
    assert target.run("audit", "check-line", world["anchor"]).returncode == 0
    assert target.shell(COUNT, "COUNTS") == source_counts
    fetched = target.shell(
        "from danchu.ops.tests.drill_world import fetch; "
        f"fetch({world['decision_url']!r}, {world['viewer']!r})",
        "FETCH",
    )
    assert fetched == {"status": 200, "sha256": world["decision_sha256"]}
    assert target.shell(SECRET % world["secret"], "SECRET") == world["secret_sha256"]
    upload = (target.root / "media" / world["upload"]).read_bytes()
    assert upload == (source.root / "media" / world["upload"]).read_bytes()

    # Restored once, the target is no longer empty: a second restore is refused.
    again = target.run(
        "restore", str(archive), "--passphrase-env", "DRILL_PASSPHRASE", "--yes", code=2
    ).stderr
    assert "không trống" in again
