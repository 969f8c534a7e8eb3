"""Who may use the legal calendar (built on ``danchu.accounts.access``).

Working days and the swap table are public law, so any signed-in, active user may read them and
keep a feed of their own deadlines; only holders of ``Cap.MANAGE_REFERENCE`` (system
administrators) edit the swap table.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_view_calendar(user: Any) -> bool:
    return _signed_in(user)


def can_subscribe(user: Any) -> bool:
    """A user's feed lists only what the home-page providers already show that user."""
    return _signed_in(user)


def can_manage_swaps(user: Any) -> bool:
    return _signed_in(user) and access.has_capability(user, Cap.MANAGE_REFERENCE, None)
