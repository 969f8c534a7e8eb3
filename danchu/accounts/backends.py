from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from danchu.accounts.models import User


def find_user(login: str) -> User | None:
    """The account a login names: its username or its email address, in any letter case."""
    login = login.strip()
    if not login:
        return None
    return User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login)).first()


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the email address."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same time as a real check: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_username(request: Any, credentials: Any = None) -> str | None:
    """What django-axes counts failures against (``AXES_USERNAME_CALLABLE``): the account, not the
    text typed. "bob", "BOB" and bob's email address are one account, so five failures lock it
    whichever way it was typed; a login that names no account is counted in lower case."""
    login = credentials.get("username") if credentials else None
    if login is None and request is not None:
        login = request.POST.get("username")
    if not login:
        return None
    user = find_user(login)
    return user.username if user is not None else login.strip().lower()
