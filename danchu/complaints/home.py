"""Home-page items for the commune office: each open case's next step (acceptance or
settlement), late ones marked (GR8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.complaints import permissions, rules
from danchu.complaints.models import Case, Status
from danchu.core import clock
from danchu.web.home import HomeItem

OPEN = (Status.RECEIVED, Status.ACCEPTED)


def items(user: Any, today: dt.date | None = None) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    communes = list(permissions.office_communes(user))
    if not communes:
        return []
    today = today or clock.today()
    out: list[HomeItem] = []
    qs = (
        Case.objects.filter(commune__in=communes, status__in=OPEN)
        .select_related("commune")
        .prefetch_related("extensions")
        .order_by("received_on")[:50]
    )
    for case in qs:
        state = rules.case_state(case.facts(), today)
        accepted = state.settlement is not None
        due = state.settlement_due if accepted else state.acceptance_due
        title = (
            _("Settle case %(code)s: %(subject)s")
            if accepted
            else _("Accept or answer case %(code)s: %(subject)s")
        ) % {"code": case.code, "subject": case.subject}
        out.append(
            HomeItem(
                "deadline",
                title,
                reverse("complaints:detail", args=[case.pk]),
                due,
                "GR8",
                why=_(
                    "Complaints, denunciations and petitions are settled on time, without "
                    "backlog, and not pushed up to higher levels (GR8)."
                ),
                late=state.late,
            )
        )
    return out
