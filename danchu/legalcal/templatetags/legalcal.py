"""``{% calendar_feed_link %}``: the subscribe box on the home page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from danchu.legalcal import permissions, selectors

register = template.Library()


@register.inclusion_tag("legalcal/_feed_link.html", takes_context=True)
def calendar_feed_link(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = request is not None and permissions.can_subscribe(user)
    token = selectors.feed_token(user) if allowed else None
    url = None
    if token and request is not None:
        url = request.build_absolute_uri(reverse("legalcal:feed", args=[token]))
    return {
        "allowed": allowed,
        "feed_url": url,
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }
