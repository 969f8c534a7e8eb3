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


class PasswordChangeRequiredMiddleware:
    """Issue 19 (ASVS V2.1): an account created by an import or an administrator (or whose
    password an administrator set) sees only the change-password page until it chose its own.
    The API answers 403 with the same instruction."""

    ALLOWED = ("/accounts/password/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(self.ALLOWED)
        ):
            from django.http import JsonResponse
            from django.shortcuts import redirect

            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Bạn phải đổi mật khẩu trước khi tiếp tục (/accounts/password/)."},
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            return redirect("accounts:password_change")
        return self.get_response(request)
