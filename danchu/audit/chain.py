"""Pure hashing of audit entries: canonical JSON and SHA-256. No Django import.

The canonical form is ``json.dumps(..., sort_keys=True, ensure_ascii=False,
separators=(",", ":"))`` encoded as UTF-8, over the fields that never change after writing
(the copied user name, unit code and target label — not the foreign keys, which may be nulled
when a user or unit is deleted).
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


def canonical_time(value: dt.datetime) -> str:
    """UTC, microseconds always written, so the same instant always reads the same."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(fields: dict[str, Any]) -> bytes:
    payload = {key: fields[key] for key in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields)).hexdigest()
