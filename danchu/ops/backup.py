"""``danchu backup``: one archive holding everything an installation needs to come back.

The archive is a tar file (``danchu-backup-YYYYMMDD-HHMMSS.tar``; ``.tar.enc`` when encrypted
with a passphrase, :mod:`danchu.ops.crypto`) with:

- ``database/danchu.dump`` (PostgreSQL, ``pg_dump --format=custom``) or
  ``database/danchu.sqlite3`` (SQLite, through its online backup API: safe while the platform
  runs). Issued documents are rows of the database (``IssuedFile``), so they travel with it;
- ``media/…`` (uploaded files, ``MEDIA_ROOT``), ``keys/…`` (``DANCHU_KEY_DIR``, unless
  ``--without-keys``), ``audit/…`` (``DANCHU_AUDIT_DIR``: ``latest-anchor.txt``, ``anchors.log``);
- ``manifest.json``, near the end: format, danchu's version, the database vendor and its applied
  migrations, the rows per model, the SHA-256 and size of every other file, the latest signed
  anchor found outside the database and a signed anchor of the head the dump holds;
- ``manifest.sig``, last: the manifest signed with the installation's audit key (Ed25519), when
  the installation has one.

Order matters while the platform runs: the audit folder is read before the database snapshot
(so its anchor is never ahead of the dump, which ``audit verify`` would report as lost entries),
the keys and uploaded files after it (so every key and file the dump refers to is there).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from danchu.audit import outside, signing
from danchu.audit.models import GENESIS_HASH, AuditHead
from danchu.core import clock
from danchu.ops import common, crypto
from danchu.ops.common import Refused


@dataclass(frozen=True)
class Snapshot:
    """The database as dumped, and what was read from the same snapshot."""

    file: Path
    counts: dict[str, int]
    head: tuple[int, str]
    migrations: list[list[str]]


@dataclass(frozen=True)
class Result:
    path: Path
    size: int
    manifest: dict[str, Any]


def _version() -> str:
    try:
        return importlib.metadata.version("danchu")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _sqlite_snapshot(staging: Path) -> Snapshot:
    source_name = str(settings.DATABASES["default"]["NAME"])
    target = staging / "danchu.sqlite3"
    source = sqlite3.connect(f"file:{source_name}?mode=ro", uri=True, timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # the online backup API: a consistent copy while others write
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Refused("Bản chép cơ sở dữ liệu SQLite không qua được quick_check.")
        cursor = copy.cursor()
        tables = {r[0] for r in cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = common.count_rows(cursor, lambda t: '"' + t.replace('"', '""') + '"', tables)
        head = _head(cursor, tables)
        migrations = [
            [app, name]
            for app, name in cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        ]
    finally:
        copy.close()
        source.close()
    return Snapshot(target, counts, head, migrations)


def _head(cursor: Any, tables: set[str]) -> tuple[int, str]:
    table = AuditHead._meta.db_table
    if table not in tables:
        return (0, GENESIS_HASH)
    cursor.execute(f'SELECT seq, hash FROM "{table}" WHERE id = 1')
    row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def _postgres_snapshot(staging: Path) -> Snapshot:
    """``pg_dump`` of an exported snapshot; counts, head and migrations read in that same
    snapshot, so the manifest says exactly what the dump holds."""
    target = staging / "danchu.dump"
    pg_dump = common.pg_tool("pg_dump")
    args, env = common.pg_connection_args()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        done = subprocess.run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", "--file", str(target), *args],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise Refused(f"pg_dump thất bại: {done.stderr.strip()}")
        tables = set(connection.introspection.table_names(cursor))
        counts = common.count_rows(cursor, connection.ops.quote_name, tables)
        head = _head(cursor, tables)
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [[app, name] for app, name in cursor.fetchall()]
    return Snapshot(target, counts, head, migrations)


class _Hashing:
    """A file read through SHA-256 (tarfile reads exactly the size it was told)."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path, files: dict[str, Any]) -> None:
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = 0o600
        reader = _Hashing(handle)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    files[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(clock.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, _BytesReader(data))  # type: ignore[arg-type]


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data, self._pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._pos + size
        chunk = self._data[self._pos : end]
        self._pos += len(chunk)
        return chunk


def sign_manifest(data: bytes) -> bytes:
    """``key=<fingerprint> sig=<base64>``: the installation's audit key vouches for the
    manifest (so for every SHA-256 in it). Checked on restore with the key kept apart."""
    private = outside.private_key()
    fingerprint = signing.fingerprint(private.public_key())
    return f"key={fingerprint} sig={base64.b64encode(private.sign(data)).decode()}\n".encode()


def _archive_name(folder: Path, encrypted: bool) -> Path:
    stamp = timezone.localtime(clock.now()).strftime("%Y%m%d-%H%M%S")
    suffix = ".tar.enc" if encrypted else ".tar"
    path = folder / f"danchu-backup-{stamp}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"danchu-backup-{stamp}-{n}{suffix}"
        n += 1
    return path


@contextlib.contextmanager
def _output(part: Path, passphrase: bytes | None) -> Iterator[IO[bytes]]:
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # it may hold the keys
    with open(fd, "wb") as raw:
        if passphrase is None:
            yield raw
        else:
            writer = crypto.EncryptingWriter(raw, passphrase)
            try:
                yield writer  # type: ignore[misc]
            finally:
                writer.close()
        raw.flush()
        os.fsync(raw.fileno())


def make(*, to: Path, passphrase: bytes | None, with_keys: bool = True) -> Result:
    """Write one archive into folder ``to``; returns its path, size and manifest."""
    to.mkdir(parents=True, exist_ok=True)
    vendor = common.vendor()
    if vendor not in ("postgresql", "sqlite"):
        raise Refused(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    staging = Path(tempfile.mkdtemp(prefix="backup-"))
    try:
        # 1. The audit folder first: its anchor is then never ahead of the dump.
        audit_copy = staging / "audit"
        audit_files = []
        for name, path in common.files_under("audit", common.audit_root()):
            copy = staging / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
            audit_files.append((name, copy))
        latest_copy = audit_copy / outside.LATEST_NAME
        latest = latest_copy.read_text("utf-8").strip() if latest_copy.exists() else ""
        # 2. The database, in one snapshot.
        snap = _postgres_snapshot(staging) if vendor == "postgresql" else _sqlite_snapshot(staging)
        snapshot_anchor = None
        if snap.head[0] and outside.public_key(create=False) is not None:
            signed = signing.sign(
                outside.private_key(), seq=snap.head[0], digest=snap.head[1], at=clock.now()
            )
            snapshot_anchor = signed.line
        # 3. Keys and uploaded files after it: everything the dump refers to exists by now.
        database_name = f"database/{snap.file.name}"
        entries = [(database_name, snap.file), *audit_files]
        if with_keys:
            entries += common.files_under("keys", common.key_root())
        entries += common.files_under("media", common.media_root())
        final = _archive_name(to, passphrase is not None)
        part = final.with_name(f".{final.name}.part")
        files: dict[str, Any] = {}
        try:
            with (
                _output(part, passphrase) as out,
                tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar,
            ):
                for name, path in entries:
                    _add(tar, name, path, files)
                manifest = {
                    "format": common.FORMAT,
                    "version": _version(),
                    "created": clock.now().isoformat(),
                    "database": {
                        "vendor": vendor,
                        "file": database_name,
                        "migrations": snap.migrations,
                    },
                    "counts": snap.counts,
                    "files": files,
                    "keys_included": with_keys,
                    "anchor": {
                        "head": {"seq": snap.head[0], "hash": snap.head[1]},
                        "snapshot": snapshot_anchor,
                        "latest": latest or None,
                    },
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                _add_bytes(tar, common.MANIFEST, data.encode("utf-8"))
                if outside.public_key(create=False) is not None:
                    _add_bytes(tar, common.MANIFEST_SIG, sign_manifest(data.encode("utf-8")))
            os.replace(part, final)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return Result(final, final.stat().st_size, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
