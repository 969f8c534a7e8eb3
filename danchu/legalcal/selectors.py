"""Reads: the swap table from the database (cached), a user's feed token."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.models import CalendarSwap, FeedToken

CACHE_KEY = "legalcal:swaps:v1"
CACHE_SECONDS = 300


def swap_table() -> SwapTable:
    """The administrator-maintained swap table (TM4), cached; edits clear the cache."""
    table: SwapTable | None = cache.get(CACHE_KEY)
    if table is None:
        table = SwapTable.from_pairs(CalendarSwap.objects.values_list("date", "kind"))
        cache.set(CACHE_KEY, table, CACHE_SECONDS)
    return table


def forget_swap_table(**_: Any) -> None:
    cache.delete(CACHE_KEY)


def feed_token(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return FeedToken.objects.filter(user=user).values_list("token", flat=True).first()
