"""The kinds of background job. An app declares each kind it runs in its own ``jobs.py`` (found
at start-up, like the home-page providers): a label for people and the function that does the
work, ``handler(ctx: JobContext) -> Outcome``.

A handler must be idempotent: it may run again after a worker stopped in the middle. Work that
commits marks itself in the same transaction (``ctx.mark(key, data)`` inside the work's
``transaction.atomic()``), and checks ``ctx.marked(key)`` before doing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from danchu.jobs.services import JobContext


@dataclass
class Outcome:
    """What a handler hands back. ``ok=False`` with ``errors`` (Vietnamese, per row where it
    applies: ``{"row": 3, "column": "Mã đơn vị", "message": "…"}``) means the job failed
    cleanly (e.g. a file with problems, nothing written)."""

    ok: bool
    message: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    document: Any = None
    """The document the job issued (through :func:`danchu.documents.issuing.issue`, so it is
    stored as issued and served byte for byte); a retried job finds it with
    ``issuing.current(...)`` instead of issuing a second one."""


Handler = Callable[["JobContext"], Outcome]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    handler: Handler


_kinds: dict[str, Kind] = {}


def register(code: str, label: str | Promise, handler: Handler) -> None:
    _kinds[code] = Kind(code, label, handler)


def get(code: str) -> Kind:
    return _kinds[code]


def known(code: str) -> bool:
    return code in _kinds


def label(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.label) if kind else code
