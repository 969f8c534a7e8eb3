"""Security by default: every URL of the platform refuses an anonymous visitor, except the few
pages that are public on purpose (listed here, each with its reason)."""

from __future__ import annotations

import datetime as dt
import re
from importlib import import_module

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Public on purpose. Everything else must redirect to the login page or refuse.
PUBLIC = {
    "": "redirects to login itself",
    "healthz": "health check for load balancers",
    "accounts/login/": "the login page",
    "accounts/password/reset/": "issue 19: ask for a reset link (same answer for any address)",
    "accounts/password/reset/sent/": "issue 19: 'check your email', says nothing about the address",
    "accounts/password/reset/<uidb64>/<token>/": "issue 19: the one-time reset link itself",
    "i18n/setlang/": "language switch",
    "consultations/public/": "DC: public list of consultations",
    "consultations/p/<slug:slug>/": "DC: public page of one consultation",
    "consultations/p/<slug:slug>/summary.<str:fmt>": "DC4: the published summary table",
    "consultations/follow/": "issue 18: a citizen looks up an opinion by its reference code",
    "calendar/feed/<str:token>.ics": "iCalendar feed, authenticated by its secret token",
    "surveys/online/": "SV: citizens' one-time form codes",
    "votes/e/<int:pk>/": "CV5: in-hall e-voting; a ballot is accepted only with a one-time code",
}
# Newer apps keep their public routes beside their URLs (``PUBLIC_ROUTES`` in ``urls.py``, each
# with its reason); they are collected here with their prefix so this walk still sees them all.
for _app in (
    "residents",
    "disclosures",
    "satisfaction",
    "villages",
    "oversight",
    "dialogues",
    "complaints",
):
    _routes = getattr(import_module(f"danchu.{_app}.urls"), "PUBLIC_ROUTES", {})
    PUBLIC.update({f"{_app}/{route}": why for route, why in _routes.items()})


def walk(resolver: URLResolver, prefix: str = ""):  # type: ignore[no-untyped-def]
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).replace("^", "").replace("$", "")
        if isinstance(entry, URLResolver):
            yield from walk(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def concrete(route: str) -> str:
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:str|slug|path|uuid):?[^>]*>", "x", route)
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)  # router groups are primary keys
    return "/" + route.replace("\\", "")


ROUTES = sorted(
    r
    for r in set(walk(get_resolver()))
    if not r.startswith(("admin/", "api/schema", "api/docs")) and "(?P<format>" not in r
)
GUARDED = [r for r in ROUTES if r not in PUBLIC]


def test_the_walk_finds_every_process_and_the_public_list_is_current():
    for app in ("votes/", "surveys/", "consultations/", "api/", "data/", "audit/"):
        assert any(r.startswith(app) for r in GUARDED), app
    assert set(PUBLIC) <= set(ROUTES), set(PUBLIC) - set(ROUTES)


@pytest.mark.django_db(transaction=True)
def test_anonymous_visitor_is_refused_everywhere_on_a_full_demo():
    """On the demo world (so that record 1 exists almost everywhere and a missing login check
    cannot hide behind a 404), every guarded URL refuses an anonymous visitor."""
    from danchu.web.management.commands.demo import run_demo

    run_demo(dt.date(2026, 11, 22))
    client = Client()
    leaks = []
    for route in GUARDED:
        response = client.get(concrete(route))
        refused = response.status_code in {401, 403, 404, 405} or (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
        if not refused:
            leaks.append((route, response.status_code))
    assert leaks == []


# Pages a logged-in user without any role may open: they show only the user's own things.
OWN_PAGES = {
    "": "home: the user's own deadlines and tasks",
    "calendar/": "the legal calendar (public law, no records)",
    "api/": "the API root: the addresses of the endpoints",
    "api/me/": "the user's own account and roles",
    "accounts/password/": "issue 19: change one's own password",
    "accounts/tokens/": "issue 19: one's own API tokens",
    "accounts/2fa/": "issue 19: one's own second factor",
    "api/tokens/": "issue 19: one's own API tokens",
    "api/legalcal/add-days/": "the legal calendar (public law)",
    "api/legalcal/is-working/": "the legal calendar (public law)",
    "api/legalcal/swaps/": "the legal calendar (public law)",
    "api/units/": "lists only the units the user may see (none)",
    "api/people/": "lists only the people the user may see (none)",
    "api/votes/rounds/": "lists only the rounds the user may see (none)",
    "api/surveys/rounds/": "lists only the rounds the user may see (none)",
    "api/consultations/": "lists only the consultations the user may see (none)",
    "votes/": "lists only the rounds the user may see (none)",
    "surveys/": "lists only the rounds the user may see (none)",
    "consultations/": "lists only the consultations the user may see (none)",
    "jobs/": "issue 16: lists only the background jobs the user started (none)",
    "api/jobs/": "issue 16: lists only the background jobs the user started (none)",
}


@pytest.mark.django_db(transaction=True)
def test_user_without_role_is_refused_everywhere_on_a_full_demo():
    from danchu.testing.factories import UserFactory, client_for
    from danchu.web.management.commands.demo import run_demo

    run_demo(dt.date(2026, 11, 22))
    client = client_for(UserFactory(username="khongvaitro"))
    assert set(OWN_PAGES) <= set(ROUTES), set(OWN_PAGES) - set(ROUTES)
    leaks = []
    for route in GUARDED:
        if route in OWN_PAGES:
            continue
        response = client.get(concrete(route))
        if response.status_code not in {400, 403, 404, 405}:
            leaks.append((route, response.status_code))
    assert leaks == []
