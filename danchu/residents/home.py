"""Home-page items: steps of community decisions due for those who run them (LD4–LD7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.residents import permissions, selectors
from danchu.residents.models import Status
from danchu.residents.rules import StepState
from danchu.web.home import HomeItem

OPEN = (
    Status.COLLECTING,
    Status.PROPOSED,
    Status.SCHEDULED,
    Status.HELD,
    Status.ISSUED,
    Status.SENT,
)


def items(user: Any, today: dt.date | None = None) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or clock.today()
    out: list[HomeItem] = []
    decisions = (
        selectors.visible(user)
        .filter(status__in=OPEN)
        .prefetch_related("meetings__village", "results")
        .order_by("-proposed_on")[:50]
    )
    for d in decisions:
        if not (permissions.can_run(user, d) or permissions.can_answer(user, d)):
            continue
        url = reverse("residents:detail", args=[d.pk])
        for step in selectors.steps(d, today):
            if step.state in (StepState.IN_PROGRESS, StepState.MISSED) and step.done_on is None:
                out.append(
                    HomeItem(
                        "deadline",
                        _("%(step)s: %(title)s") % {"step": step.title, "title": d.title},
                        url,
                        step.due,
                        step.rule,
                        why=step.why,
                        late=step.state == StepState.MISSED,
                    )
                )
    return out
