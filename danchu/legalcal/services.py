"""Writes: the calendar-feed token and the swap table, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from danchu.audit.services import log
from danchu.core.text import nfc
from danchu.legalcal.models import CalendarSwap, FeedToken, new_token


def _audit(**kwargs: Any) -> None:
    log(**kwargs)


def reset_feed_token(*, user: Any, request: HttpRequest | None = None) -> FeedToken:
    """Create the user's feed token, or replace it (old subscription URLs stop working)."""
    with transaction.atomic():
        feed, created = FeedToken.objects.get_or_create(user=user)
        if not created:
            feed.token = new_token()
            feed.save(update_fields=["token", "created_at"])
        _audit(
            actor=user,
            action="legalcal.feed_token_created" if created else "legalcal.feed_token_reset",
            target=feed,
            request=request,
        )
    return feed


def set_swap(
    *,
    actor: Any,
    day: dt.date,
    kind: str,
    legal_basis: str,
    note: str = "",
    verified: bool = True,
    request: HttpRequest | None = None,
) -> CalendarSwap:
    """Add or change the swap on ``day`` (TM4)."""
    with transaction.atomic():
        swap, _ = CalendarSwap.objects.update_or_create(
            date=day,
            defaults={
                "kind": CalendarSwap.Kind(kind),
                "legal_basis": nfc(legal_basis),
                "note": nfc(note),
                "verified": verified,
            },
        )
        _audit(
            actor=actor,
            action="legalcal.swap_set",
            target=swap,
            changes={"date": day.isoformat(), "kind": kind, "legal_basis": swap.legal_basis},
            request=request,
        )
    return swap


def record_swap_change(
    *, actor: Any, swap: CalendarSwap, action: str, request: HttpRequest | None = None
) -> None:
    """Audit an edit of the swap table made through the admin (call inside its transaction)."""
    _audit(
        actor=actor,
        action=f"legalcal.swap_{action}",
        target=swap,
        changes={"date": swap.date.isoformat(), "kind": swap.kind, "basis": swap.legal_basis},
        request=request,
    )
