"""Pure hashing of audit entries: canonical JSON and SHA-256. No Django import.

The canonical form is ``json.dumps(..., sort_keys=True, ensure_ascii=False,
separators=(",", ":"))`` encoded as UTF-8, over the fields that never change after writing
(the copied user name, unit code and target label — not the foreign keys themselves, which may
be nulled when a user or unit is deleted).

Two versions of the form exist. Version 1 (entries written before issue 10) hashes
:data:`HASHED_FIELDS`. Version 2, written since, adds the version itself and copies of the
actor's and the unit's ids (``actor_ref``, ``unit_ref``), so every field the trail shows is
covered: the foreign keys must then be empty or equal to these copies (checked by ``verify``).
Old entries keep their version and hash: rewriting them would be the very thing the trail must
expose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

HASHED_FIELDS = (
    "seq",
    "at",
    "actor",
    "ip",
    "action",
    "target_label",
    "target_id",
    "target_repr",
    "unit",
    "changes",
    "prev_hash",
)
"""Version 1."""

HASHED_FIELDS_V2 = (*HASHED_FIELDS, "version", "actor_ref", "unit_ref")

CURRENT_VERSION = 2


def hashed_fields(version: int) -> tuple[str, ...]:
    if version == 1:
        return HASHED_FIELDS
    if version == 2:
        return HASHED_FIELDS_V2
    raise ValueError(f"unknown audit entry version {version!r}")


def canonical_time(value: dt.datetime) -> str:
    """UTC, microseconds always written, so the same instant always reads the same."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(fields: dict[str, Any]) -> bytes:
    payload = {key: fields[key] for key in hashed_fields(int(fields.get("version", 1)))}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields)).hexdigest()
