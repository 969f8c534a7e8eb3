"""Failed logins counted per client address (issue 19, ASVS V2.2.1).

django-axes locks an account after ``AXES_FAILURE_LIMIT`` failures *from one address* (username
and address together), so a stranger elsewhere cannot lock a commune officer out. This module
adds the other half: one address that fails ``DANCHU_LOGIN_FAILURES_PER_ADDRESS`` times in the
cool-off window (whatever accounts it tried: password spraying) gets 429 on every login form,
including /admin/login/, until the window passes. The limit is generous because a commune's
officers share one NAT address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danchu.audit.services import client_ip

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def limit() -> int:
    return int(getattr(settings, "DANCHU_LOGIN_FAILURES_PER_ADDRESS", 20))


def window_seconds() -> int:
    return int(float(getattr(settings, "AXES_COOLOFF_TIME", 0.25)) * 3600)


def _key(address: str) -> str:
    return f"danchu:login-failures:{address}"


def failures(request: HttpRequest) -> int:
    address = client_ip(request)
    return int(cache.get(_key(address), 0)) if address else 0


@receiver(user_login_failed)
def count_failure(sender: Any, credentials: Any = None, request: Any = None, **kwargs: Any) -> None:
    address = client_ip(request) if request is not None else None
    if not address:
        return
    key = _key(address)
    if cache.add(key, 1, timeout=window_seconds()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds())


class LoginThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.path in LOGIN_PATHS
            and failures(request) >= limit()
        ):
            minutes = max(1, window_seconds() // 60)
            return render(request, "accounts/throttled.html", {"minutes": minutes}, status=429)
        return self.get_response(request)
