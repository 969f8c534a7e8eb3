"""Who may do what with documents (built on ``danchu.accounts.access``)."""

from __future__ import annotations

from typing import Any

from danchu.accounts.access import Cap, visible_units


def can_preview_samples(user: Any) -> bool:
    """Officials — anyone who may see at least one unit — may preview the sample documents."""
    return bool(visible_units(user, Cap.VIEW_UNIT).exists())
