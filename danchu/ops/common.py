"""What ``danchu backup`` and ``danchu restore`` share: where things live, PostgreSQL's tools,
record counts, and what an archive may hold (docs/operations.md, "Backups and restore")."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection

from danchu.audit import outside
from danchu.core import keys

FORMAT = "danchu-backup 1"
MANIFEST = "manifest.json"
MANIFEST_SIG = "manifest.sig"  # Ed25519 over manifest.json's bytes, with the audit signing key
# Top folders of an archive and the installation folder each one is restored to.
PARTS = ("database", "media", "keys", "audit")
# Rows that ``danchu migrate`` itself writes into an empty installation: they do not make it
# "hold data" (anything else does).
MIGRATION_ROWS = {
    "contenttypes.ContentType",
    "auth.Permission",
    "people.Position",
    "legalcal.CalendarSwap",
}
# Files in the audit folder that are never copied: the writers' lock and half-written files.
_SKIP_AUDIT = re.compile(r"^(\.lock|\..*\.tmp)$")


class Refused(Exception):
    """Nothing was written: the reason, in Vietnamese."""


def vendor() -> str:
    return connection.vendor


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def key_root() -> Path:
    return keys.key_dir()


def audit_root() -> Path:
    return outside.audit_dir()


def roots() -> dict[str, Path]:
    return {"media": media_root(), "keys": key_root(), "audit": audit_root()}


def files_under(part: str, root: Path) -> list[tuple[str, Path]]:
    """(name in the archive, path) of every regular file under ``root``, sorted; symbolic
    links are not followed (an uploaded file is never one)."""
    found: list[tuple[str, Path]] = []
    if not root.is_dir():
        return found
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if part == "audit" and _SKIP_AUDIT.match(name):
                continue
            if path.is_symlink() or not path.is_file():
                continue
            found.append((f"{part}/{path.relative_to(root).as_posix()}", path))
    return found


def models_counted() -> list[Any]:
    """Every table of the installation (models and many-to-many tables), once each."""
    seen: set[str] = set()
    result = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        result.append(model)
    return sorted(result, key=lambda m: m._meta.label)


def count_rows(cursor: Any, quote: Any, tables: set[str] | None = None) -> dict[str, int]:
    """Rows per model (``app_label.Model``), counted with ``cursor``; a table missing from
    ``tables`` (when given) counts as absent and is left out."""
    counts: dict[str, int] = {}
    for model in models_counted():
        table = model._meta.db_table
        if tables is not None and table not in tables:
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[model._meta.label] = int(cursor.fetchone()[0])
    return counts


def live_counts() -> dict[str, int]:
    if vendor() == "sqlite":
        name = str(settings.DATABASES["default"]["NAME"])
        if not name.startswith(":") and not Path(name).exists():
            return {}  # a new installation: the file does not exist yet
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return count_rows(cursor, connection.ops.quote_name, tables)


def holds_data() -> list[str]:
    """The models with rows in the database, other than what ``migrate`` writes itself."""
    return [
        f"{label} ({n})" for label, n in live_counts().items() if n and label not in MIGRATION_ROWS
    ]


def pg_tool(name: str) -> str:
    """Debian's PostgreSQL client ``name`` (pg_dump, pg_restore): ``DANCHU_PG_BIN`` if set,
    else the newest ``/usr/lib/postgresql/<version>/bin`` (a dump needs a client at least as new
    as the server), else the one on ``PATH``."""
    configured = os.environ.get("DANCHU_PG_BIN")
    if configured:
        candidate = Path(configured) / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
        raise Refused(f"Không tìm thấy {name} trong DANCHU_PG_BIN={configured}.")
    versions = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
        if folder.parent.name.isdigit() and os.access(folder / name, os.X_OK):
            versions.append((int(folder.parent.name), folder / name))
    if versions:
        return str(max(versions)[1])
    found = shutil.which(name)
    if found:
        return found
    raise Refused(
        f"Không tìm thấy {name}: cài gói postgresql-client của Debian "
        "(apt-get install postgresql-client) hoặc đặt DANCHU_PG_BIN."
    )


def pg_connection_args() -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment naming the configured PostgreSQL database."""
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    env = dict(os.environ)  # PGSSLROOTCERT, PGPASSFILE… still apply; the options below win
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def read_passphrase(file: str | None, env_var: str | None, *, minimum: int = 1) -> bytes | None:
    """The passphrase from a file (first line) or an environment variable; ``None`` if
    neither is given. Never from the command line, where ``ps`` would show it."""
    if file and env_var:
        raise Refused("Chỉ dùng một trong hai: --passphrase-file hoặc --passphrase-env.")
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Refused(f"Không đọc được tệp mật khẩu {file}: {exc}") from exc
        value = text.splitlines()[0] if text.splitlines() else ""
    elif env_var:
        value = os.environ.get(env_var, "")
        if not value:
            raise Refused(f"Biến môi trường {env_var} không có mật khẩu.")
    else:
        return None
    if len(value) < minimum:
        raise Refused(f"Mật khẩu sao lưu quá ngắn: cần ít nhất {minimum} ký tự.")
    return value.encode("utf-8")
