from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    from danchu.accounts import access
    from danchu.web import nav

    user = getattr(request, "user", None)
    managing = bool(
        user
        and user.is_authenticated
        and access.visible_units(user, access.Cap.MANAGE_ACCOUNTS).exists()
    )
    return {
        "active_unit": getattr(request, "active_unit", None),
        "home_units": getattr(request, "home_units", []),
        "can_manage_accounts": managing,
        "nav_entries": nav.entries_for(user),
    }
