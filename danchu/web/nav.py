"""The main menu: each app registers its entries with a predicate saying who sees them.

Registered in ``AppConfig.ready``; the shell never imports process apps. An entry shown to a
user is only a link: the page itself still checks access.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: Any  # a lazy translation
    url_name: str
    allowed: Callable[[Any], bool]
    order: int = 50


_entries: dict[str, NavEntry] = {}


def register(label: Any, url_name: str, allowed: Callable[[Any], bool], order: int = 50) -> None:
    _entries[url_name] = NavEntry(label, url_name, allowed, order)


def entries_for(user: Any) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    shown = sorted((e for e in _entries.values() if e.allowed(user)), key=lambda e: e.order)
    return [(str(e.label), reverse(e.url_name)) for e in shown]


def cap_or_roles(cap: Any, *roles: str) -> Callable[[Any], bool]:
    """Predicate: the user has ``cap`` on some unit, or holds one of ``roles`` anywhere."""
    from danchu.accounts import access
    from danchu.accounts.models import RoleAssignment

    def allowed(user: Any) -> bool:
        if access.visible_units(user, cap).exists():
            return True
        return (
            bool(roles)
            and RoleAssignment.objects.current().filter(user=user, role__in=roles).exists()
        )

    return allowed
