"""What the audit trail keeps outside the database, so that a copy of the database alone can
neither forge an anchor nor hide a rewrite.

- The installation's Ed25519 signing key: ``audit-ed25519.key`` under ``DANCHU_KEY_DIR``
  (:mod:`danchu.core.keys`, PKCS#8 PEM, mode 0600), created on first use.
- ``DANCHU_AUDIT_DIR`` (setting or environment variable; default ``VAR_DIR/audit``):
  ``latest-anchor.txt``, the newest signed anchor, rewritten atomically after every commit
  that appended entries, and only ever forward; ``anchors.log``, every anchor made on purpose
  (``danchu audit anchor``, documents), one line each, appended.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from danchu.audit import signing
from danchu.core import keys

KEY_NAME = "audit-ed25519.key"
LATEST_NAME = "latest-anchor.txt"
LOG_NAME = "anchors.log"


def private_key() -> Ed25519PrivateKey:
    """The installation's signing key, created (0600) the first time."""
    path = keys.key_path(KEY_NAME)
    for _attempt in range(50):
        try:
            pem = keys.read_or_create(KEY_NAME, signing.new_private_pem())
        except FileExistsError:  # another process is creating it this instant
            pem = b""
        if pem.strip().endswith(b"-----"):
            return signing.load_private(pem)
        time.sleep(0.01)
    raise RuntimeError(f"{path}: the audit signing key cannot be read")


def public_key(*, create: bool = True) -> Ed25519PublicKey | None:
    """The installation's public key; ``None`` when there is none yet and ``create`` is off."""
    if not create and not keys.key_path(KEY_NAME).exists():
        return None
    return private_key().public_key()


def audit_dir() -> Path:
    configured = getattr(settings, "DANCHU_AUDIT_DIR", None) or os.environ.get("DANCHU_AUDIT_DIR")
    path = Path(configured) if configured else Path(settings.VAR_DIR) / "audit"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def latest_path() -> Path:
    return audit_dir() / LATEST_NAME


def log_path() -> Path:
    return audit_dir() / LOG_NAME


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One writer at a time across processes (gunicorn workers, commands)."""
    fd = os.open(audit_dir() / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def read_latest() -> str | None:
    """The text of the latest-anchor file, or ``None`` if there is none."""
    try:
        return latest_path().read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def read_log() -> list[str]:
    try:
        text = log_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def replace_latest(anchor: signing.SignedAnchor, *, still_holds: object = None) -> bool:
    """Write ``anchor`` as the latest if it is further along than the one on disk.

    ``still_holds`` is called with the anchor on disk (a :class:`~signing.SignedAnchor`) and
    must say whether the chain still has that hash at that position: if not, the file is kept
    as it is, as evidence for ``verify``, and nothing is written. Returns whether it wrote.
    """
    path = latest_path()
    with _locked():
        current = read_latest()
        if current:
            try:
                old = signing.parse(current)
            except ValueError:
                return False  # an unreadable file is evidence too; verify reports it
            if old.seq >= anchor.seq:
                return False
            if callable(still_holds) and not still_holds(old):
                return False
        tmp = path.with_name(f".{LATEST_NAME}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, (anchor.line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _sync_dir(path.parent)
    return True


def append_log(anchor: signing.SignedAnchor) -> None:
    """Append one line to ``anchors.log`` (never rewritten)."""
    with _locked():
        fd = os.open(log_path(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (anchor.line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
