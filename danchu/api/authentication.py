"""``Authorization: Token <key>`` against hashed, expiring, revocable tokens (issue 19, V3.5).

The header and keyword are those of DRF's TokenAuthentication (an interface kept as it was);
the key is looked up by its SHA-256 (``danchu.accounts.services.token_digest``), so a copy of
the database gives no usable token.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from danchu.accounts.models import ApiToken
from danchu.accounts.services import token_digest
from danchu.api.errors import BAD_TOKEN
from danchu.core import clock


class ExpiringTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or not token.usable or not token.user.is_active:
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        now = clock.now()
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
