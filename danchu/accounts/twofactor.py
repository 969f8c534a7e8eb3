"""TOTP two-factor authentication for Home Affairs officers and administrators (issue 19, V2.7).

Who: a user holding a current Home Affairs or system-administrator role, or a staff or superuser
account. When ``DANCHU_REQUIRE_2FA`` is on (the default with ``DEBUG=0``), such a user sees only
``/accounts/2fa/`` after the password until this session is verified with a code from an
authenticator app (django-otp's TOTP device); the first time, the page enrols the app (QR code
and the key to type). Other roles are not asked. The API answers 403 with the instruction to a
session that is not verified; API tokens are made only from a verified session.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from danchu.accounts.models import Role, RoleAssignment

ROLES = (Role.HOME_AFFAIRS, Role.SYSTEM_ADMIN)
NOT_VERIFIED = "Hãy xác thực hai lớp (mã từ ứng dụng xác thực) tại /accounts/2fa/."
EXEMPT = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/password/",
    "/i18n/",
    "/static/",
    "/healthz",
)


def required_for(user: Any) -> bool:
    if not getattr(settings, "DANCHU_REQUIRE_2FA", False) or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return RoleAssignment.objects.current().filter(user=user, role__in=ROLES).exists()


def verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def secret_base32(device: Any) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(EXEMPT)
            and required_for(user)
            and not verified(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": NOT_VERIFIED},
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            return redirect(f"/accounts/2fa/?next={request.get_full_path()}")
        return self.get_response(request)
