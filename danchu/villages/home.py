"""Home-page items for those who act: the steps of an election still to do (LD13), recognition
due (LD13, LD14), a new election due after a dismissal (LD13), charter files to send (LD14) and
charter reviews due or overdue (QD5). A bounded number of queries whatever the number of
villages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.residents.rules import StepState
from danchu.villages import permissions, rules, selectors
from danchu.villages.models import (
    CharterStatus,
    ElectionStatus,
)
from danchu.web.home import HomeItem

OPEN = (StepState.IN_PROGRESS, StepState.MISSED)


def items(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = clock.today()
    out: list[HomeItem] = []
    elections = (
        selectors.elections(user)
        .filter(status__in=[ElectionStatus.PREPARING, ElectionStatus.ELECTED])
        .prefetch_related("steps")
    )
    for e in elections:
        if not permissions.can_run_election(user, e.village):
            continue
        url = reverse("villages:election", args=[e.pk])
        for step in selectors.election_steps(e, today):
            if step.state in OPEN:
                out.append(
                    HomeItem(
                        kind="deadline",
                        title=f"{e.village.name}: {step.title}",
                        url=url,
                        due=step.due,
                        rule=step.rule,
                        why=step.why,
                        late=step.state == StepState.MISSED,
                    )
                )
    dismissals = (
        selectors.dismissals(user)
        .filter(decided_on__isnull=False, new_election__isnull=True)
        .select_related("village")
    )
    for d in dismissals:
        if not permissions.can_run_election(user, d.village):
            continue
        due = rules.new_election_due(d.decided_on)  # type: ignore[arg-type]
        out.append(
            HomeItem(
                kind="deadline",
                title=_("New village head election: %(village)s") % {"village": d.village.name},
                url=reverse("villages:dismissal", args=[d.pk]),
                due=due.due,
                rule="LD13",
                why=due.why,
                late=today > due.due,
            )
        )
    charters = list(
        selectors.charters(user).filter(status__in=[CharterStatus.ADOPTED, CharterStatus.IN_FORCE])
    )
    years = selectors.review_years(sorted({c.commune_id for c in charters}))
    for c in charters:
        url = reverse("villages:charter", args=[c.pk])
        if c.status == CharterStatus.IN_FORCE:
            due_day = selectors.review_due(c, years[c.commune_id])
            if due_day is None or (due_day - today).days > 90:
                continue
            out.append(
                HomeItem(
                    kind="deadline",
                    title=_("Charter review: %(village)s") % {"village": c.village.name},
                    url=url,
                    due=due_day,
                    rule="QD5",
                    why=f"Rà soát hương ước theo chu kỳ {years[c.commune_id]} năm do xã quy định "
                    "— QD5",
                    late=rules.review_overdue(due_day, today),
                )
            )
            continue
        for step in selectors.charter_steps(c, today):
            if step.state in OPEN:
                out.append(
                    HomeItem(
                        kind="deadline",
                        title=f"{c.village.name}: {step.title}",
                        url=url,
                        due=step.due,
                        rule=step.rule,
                        why=step.why,
                        late=step.state == StepState.MISSED,
                    )
                )
    return out


__all__ = ["items"]
