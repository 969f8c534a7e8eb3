from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from danchu.accounts import access

SESSION_KEY = "danchu_active_unit"


class ActiveUnitMiddleware:
    """Put the user's active unit (chosen in the unit switcher) on ``request.active_unit``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.active_unit = None  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            units = access.home_units(user)  # type: ignore[arg-type]
            chosen = request.session.get(SESSION_KEY)
            active = next((u for u in units if u.pk == chosen), units[0] if units else None)
            request.active_unit = active  # type: ignore[attr-defined]
            request.home_units = units  # type: ignore[attr-defined]
        return self.get_response(request)
