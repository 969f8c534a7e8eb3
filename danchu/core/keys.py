"""Keys that must live outside the database, one file each under ``DANCHU_KEY_DIR``.

A copy of the database alone must not read a secret document, count an open vote's ballots or
forge the audit trail's signed anchors, so the keys for those are files next to the database,
never rows in it (docs/security.md). Each is created on first use with mode 0600.
Back them up with the database (docs/operations.md): without ``documents.key`` the stored
secret documents cannot be read.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings


def key_dir() -> Path:
    configured = getattr(settings, "DANCHU_KEY_DIR", None) or os.environ.get("DANCHU_KEY_DIR")
    path = Path(configured) if configured else Path(settings.VAR_DIR) / "keys"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def key_path(name: str) -> Path:
    if not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise ValueError(f"key name {name!r}")
    return key_dir() / name


def read_or_create(name: str, make: bytes | None = None) -> bytes:
    """The key's bytes, creating the file (0600) with ``make`` or 32 random bytes if absent."""
    path = key_path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = make if make is not None else secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return path.read_bytes()


def delete(name: str) -> None:
    key_path(name).unlink(missing_ok=True)
