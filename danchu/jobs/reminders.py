"""Deadline reminders on a schedule (issue 16): once a day, ``danchu jobs tick`` (cron or a
systemd timer, docs/operations.md) starts a job that reminds each person holding a role of the
deadlines the home page shows them — the same providers (:mod:`danchu.web.home`), so a reminder
never says something the page does not — that are due within :data:`REMIND_DAYS` days or late.

Each reminder is a :class:`~danchu.jobs.models.Reminder` row (what the tick did, readable on the
job's page), at most one per person, deadline and day; with an email address the person also
gets one email listing that day's reminders. Running the tick twice a day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.jobs import registry
from danchu.jobs.models import Job, Reminder, Status
from danchu.jobs.registry import Outcome

KIND = "deadline_reminders"
REMIND_DAYS = 3
"""A deadline is reminded from this many days before it is due, and every day once it is late."""


def due_soon(item: Any, today: dt.date) -> bool:
    if item.kind != "deadline" or item.due is None:
        return False
    return bool(item.late) or item.due <= today + dt.timedelta(days=REMIND_DAYS)


def _key(item: Any) -> str:
    return f"{item.rule}|{item.url}|{item.title}|{item.due}"[:255]


def _email(user: Any, reminders: list[Reminder]) -> bool:
    if not user.email:
        return False
    lines = [
        f"- {r.title}"
        + (f" (hạn {r.due:%d/%m/%Y})" if r.due else "")
        + (" — ĐÃ QUÁ HẠN" if r.late else "")
        for r in reminders
    ]
    base = settings.SITE_URL.rstrip("/")
    body = (
        f"Kính gửi {user.get_full_name() or user.get_username()},\n\n"
        "Các việc sau sắp đến hạn hoặc đã quá hạn trên danchu:\n"
        + "\n".join(lines)
        + f"\n\nXem chi tiết: {base}/\n"
    )
    send_mail("[danchu] Nhắc hạn", body, None, [user.email], fail_silently=True)
    return True


def run(ctx: Any) -> Outcome:
    from danchu.accounts.models import RoleAssignment, User
    from danchu.web.home import items_for

    today = dt.date.fromisoformat(ctx.params.get("on") or clock.today().isoformat())
    holders = RoleAssignment.objects.current(today).values("user_id")
    users = list(User.objects.filter(is_active=True, pk__in=holders).order_by("pk"))
    total = len(users)
    sent = people = emails = 0
    for i, user in enumerate(users):
        ctx.step(i, total, "Đang xét hạn của từng người")
        items = [item for item in items_for(user) if due_soon(item, today)]
        if not items:
            continue
        with transaction.atomic():
            already = set(
                Reminder.objects.filter(user=user, sent_on=today).values_list("key", flat=True)
            )
            new = [
                Reminder(
                    job=ctx.job,
                    user=user,
                    key=_key(item),
                    title=str(item.title)[:500],
                    url=item.url[:500],
                    due=item.due,
                    late=bool(item.late),
                    sent_on=today,
                )
                for item in items
                if _key(item) not in already
            ]
            Reminder.objects.bulk_create(new)
        if not new:
            continue
        sent += len(new)
        people += 1
        if _email(user, new):
            Reminder.objects.filter(pk__in=[r.pk for r in new if r.pk]).update(emailed=True)
            emails += 1
    ctx.step(total, total, "")
    return Outcome(
        True,
        f"Ngày {today:%d/%m/%Y}: đã nhắc {sent} hạn cho {people} người ({emails} thư điện tử).",
        data={"on": today.isoformat(), "reminders": sent, "people": people, "emails": emails},
    )


def register_kind() -> None:
    registry.register(KIND, _("Deadline reminders"), run)


def tick(*, on: dt.date | None = None) -> tuple[Job, bool]:
    """Start today's reminder job unless one already ran or runs today: (job, started)."""
    from danchu.jobs import services

    on = on or clock.today()
    existing = (
        Job.objects.filter(kind=KIND, params__on=on.isoformat())
        .exclude(status=Status.FAILED)
        .first()
    )
    if existing is not None:
        return existing, False
    return services.start(kind=KIND, params={"on": on.isoformat()}, user=None, unit=None), True
