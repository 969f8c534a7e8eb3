"""Home-page items for those who act: the year's dialogue to plan (LD9, GR7), its steps and its
report due (GR7), commitments due or overdue, village conferences' notice and report (LD9), and
staff conferences and dialogues due (QD6, QD2). A bounded number of queries whatever the number
of records."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.accounts.models import RoleAssignment
from danchu.core import clock
from danchu.dialogues import rules, selectors
from danchu.dialogues.models import Commitment, DialogueStatus
from danchu.dialogues.rules import Kind, StepState
from danchu.residents.permissions import COMMUNE_RUNNERS
from danchu.units.models import Level
from danchu.web.home import HomeItem

OPEN = (StepState.IN_PROGRESS, StepState.MISSED)
HORIZON_DAYS = 45
"""A step shows on the home page once its due day is within 45 days (or passed)."""


def _item(title: str, url: str, step: selectors.Step) -> HomeItem:
    return HomeItem(
        kind="deadline",
        title=title,
        url=url,
        due=step.due,
        rule=step.rule,
        why=step.why,
        late=step.state == StepState.MISSED,
    )


def items(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = clock.today()
    out: list[HomeItem] = []
    ran = {
        r.unit_id: r.unit
        for r in RoleAssignment.objects.current()
        .filter(user=user, role__in=list(COMMUNE_RUNNERS), unit__level=Level.COMMUNE)
        .select_related("unit")
        if r.unit is not None
    }
    headed = set(
        RoleAssignment.objects.current()
        .filter(user=user, role="village_head", unit__isnull=False)
        .values_list("unit_id", flat=True)
    )
    if not ran and not headed:
        return []
    planned = set(
        selectors.dialogues(user)
        .filter(commune_id__in=list(ran), year=today.year)
        .values_list("commune_id", flat=True)
    )
    for commune_id, commune in ran.items():
        if commune_id not in planned:
            due = rules.year_due(today.year, Kind.COMMUNE_DIALOGUE)
            out.append(
                HomeItem(
                    kind="task",
                    title=_("%(commune)s: plan the dialogue with residents of %(year)s")
                    % {"commune": commune.name, "year": today.year},
                    url=reverse("dialogues:dialogue_new"),
                    due=due.due,
                    rule=due.rule,
                    why=due.why,
                    late=False,
                )
            )
    for d in (
        selectors.dialogues(user)
        .filter(commune_id__in=list(ran))
        .exclude(status=DialogueStatus.REPORTED)
    ):
        url = reverse("dialogues:dialogue", args=[d.pk])
        for step in selectors.dialogue_steps(d, today):
            if step.state in OPEN and (step.due - today).days <= HORIZON_DAYS:
                out.append(_item(f"{d.commune.name} {d.year}: {step.title}", url, step))
    commitments = Commitment.objects.filter(
        dialogue__commune_id__in=list(ran), done_on__isnull=True
    ).select_related("dialogue__commune")
    for c in commitments:
        if (c.due_on - today).days > HORIZON_DAYS:
            continue
        out.append(
            HomeItem(
                kind="deadline",
                title=f"{c.dialogue.commune.name}: {c.text[:80]}",
                url=reverse("dialogues:dialogue", args=[c.dialogue_id]),
                due=c.due_on,
                rule="LD9",
                why=_("Commitment made at the dialogue with residents"),
                late=c.due_on < today,
            )
        )
    for conf in selectors.conferences(user).filter(reported_on__isnull=True):
        if conf.commune_id not in ran and conf.village_id not in headed:
            continue
        url = reverse("dialogues:conference", args=[conf.pk])
        for step in selectors.conference_steps(conf, today):
            if step.state in OPEN and (step.due - today).days <= HORIZON_DAYS:
                out.append(_item(f"{conf.village.name} {conf.year}: {step.title}", url, step))
    for m in selectors.staff_meetings(user).filter(unit_id__in=list(ran), held_on__isnull=True):
        url = reverse("dialogues:staff", args=[m.pk])
        for step in selectors.staff_steps(m, today):
            if step.state in OPEN and (step.due - today).days <= HORIZON_DAYS:
                out.append(_item(f"{m.agency.name}: {step.title}", url, step))
    return out
