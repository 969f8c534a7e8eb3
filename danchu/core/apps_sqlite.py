"""Register the ICU Vietnamese collation on every SQLite connection."""

from __future__ import annotations

from typing import Any

from django.db.backends.signals import connection_created

from danchu.core.collation import DB_COLLATION, compare


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(DB_COLLATION, compare)


def connect() -> None:
    connection_created.connect(_register, dispatch_uid="danchu-vi-icu-collation")
