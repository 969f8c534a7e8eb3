from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danchu.core import clock
from danchu.dataio.exports import xlsx_response
from danchu.legalcal import calendar, deadlines, ics, permissions, selectors, services
from danchu.legalcal.forms import AddDaysForm
from danchu.legalcal.models import CalendarSwap, FeedToken
from danchu.web.home import items_for


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Working days of a year, the swap table with its legal basis, and a day counter."""
    if not permissions.can_view_calendar(request.user):
        raise PermissionDenied
    today = clock.today()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    result = None
    form = AddDaysForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        start, n, working = (form.cleaned_data[k] for k in ("start", "days", "working"))
        due = form.cleaned_data["due"]
        result = {
            "start": start,
            "days": n,
            "working": working,
            "due": due,
            "due_is_working": calendar.is_working_day(due),
        }
    swaps = {s.date: s for s in CalendarSwap.objects.filter(date__year=year)}
    rows = [(day, name, swaps.get(day)) for day, name in calendar.days_off_in(year)]
    if request.GET.get("format") == "xlsx":
        return _days_off_xlsx(year, rows)
    return render(
        request,
        "legalcal/calendar.html",
        {
            "year": year,
            "rows": rows,
            "form": form,
            "result": result,
            "readings": [*deadlines.TM_READINGS.items(), ("", deadlines.BEFORE_READING)],
            "feed_url": _feed_url(request),
            "can_manage_swaps": permissions.can_manage_swaps(request.user),
        },
    )


def _days_off_xlsx(year: int, rows: list[tuple[dt.date, str, CalendarSwap | None]]) -> HttpResponse:
    """The year's list of days off and working Saturdays, as on the page (TM4)."""
    headers = [
        _("Date"),
        _("Day"),
        _("Reason"),
        _("Legal basis"),
        _("Note"),
        _("Checked against the original text"),
    ]
    return xlsx_response(
        f"ngay-nghi-{year}.xlsx",
        _("Days off %(year)s") % {"year": year},
        headers,
        (
            [
                day,
                date_format(day, "l"),
                name,
                swap.legal_basis if swap else _("Public holiday by law"),
                swap.note if swap else "",
                swap.verified if swap else True,
            ]
            for day, name, swap in rows
        ),
    )


def _feed_url(request: HttpRequest) -> str | None:
    token = selectors.feed_token(request.user)
    if token is None:
        return None
    return request.build_absolute_uri(reverse("legalcal:feed", args=[token]))


@login_required
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    """Create or replace the user's secret feed URL."""
    if not permissions.can_subscribe(request.user):
        raise PermissionDenied
    services.reset_feed_token(user=request.user, request=request)
    target = request.POST.get("next") or "legalcal:calendar"
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("legalcal:calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's deadlines as an iCalendar feed; the secret token in the URL is the login."""
    found = FeedToken.objects.select_related("user").filter(token=token).first()
    if found is None or not permissions.can_subscribe(found.user):
        raise Http404
    user = found.user
    site = settings.SITE_URL.rstrip("/")
    domain = urlsplit(site).hostname or "danchu"
    events = []
    for item in items_for(user):
        if item.due is None:
            continue
        rule = _("Rule: %(rule)s") % {"rule": item.rule} if item.rule else ""
        description = "\n".join(part for part in (item.why, rule) if part)
        url = item.url
        if url.startswith("/"):
            url = site + url
        events.append(
            ics.Event(
                day=item.due,
                summary=item.title,
                description=description,
                url=url,
                categories=item.rule,
            )
        )
    body = ics.calendar(
        events,
        name=_("danchu deadlines — %(user)s") % {"user": user.display_name()},
        domain=domain,
        stamp=clock.now().astimezone(dt.UTC),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="danchu.ics"'
    response["Cache-Control"] = "private, max-age=600"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
