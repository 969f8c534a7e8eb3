"""Home-page items: each commune's report deadline (SV8) and SV7 decisions awaiting the
chairman.

Issue 16: both lists are scoped in the database (the communes the user runs or sits on the
committee of; the plan units the user chairs), so a province's Home Affairs officer does not load
every commune's survey to keep none: a fixed number of queries whatever the number of communes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role, RoleAssignment
from danchu.core import clock
from danchu.surveys import permissions, rules, selectors
from danchu.surveys.models import CommuneSurvey, Flag
from danchu.web.home import HomeItem


def _runs_commune(user: Any) -> Q:
    """``permissions.can_run_commune`` as a filter: the commune's own runners (RUN_SURVEYS held
    on the commune itself) and its committee (record roles)."""
    units = [u.pk for u in access.role_units(user, Cap.RUN_SURVEYS)]
    records = [
        pk
        for role in permissions.COMMITTEE_ROLES
        for pk in access.user_records(user, role, CommuneSurvey)
    ]
    return Q(unit_id__in=units) | Q(pk__in=records)


def _chairs(user: Any) -> Q | None:
    """``permissions.can_decide_flag`` as a filter: plan units at or below a unit the user
    chairs today."""
    paths = list(
        RoleAssignment.objects.current()
        .filter(user=user, role=Role.CHAIRMAN, unit__isnull=False)
        .values_list("unit__path", flat=True)
    )
    if not paths:
        return None
    condition = Q()
    for path in paths:
        condition |= Q(round__plan_unit__path__startswith=path)
    return condition


def home_items(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    today = clock.today()
    items: list[HomeItem] = []
    rounds = selectors.rounds_for(user).filter(year__gte=today.year - 1)
    communes = CommuneSurvey.objects.filter(
        _runs_commune(user), round__in=rounds, reported_on__isnull=True
    )
    for cs in communes.select_related("unit", "round__plan_unit"):
        due = rules.last_day(cs.round.report_before)
        items.append(
            HomeItem(
                kind="deadline",
                title=_("Survey report of %(unit)s") % {"unit": cs.unit.name},
                url=reverse("surveys:commune", args=[cs.pk]),
                due=due,
                rule="SV8",
                why=f"Báo cáo kết quả lấy ý kiến về {cs.round.plan_unit.name} trước ngày "
                f"{cs.round.report_before:%d/%m/%Y} (SV8).",
                late=today > due,
            )
        )
    chairs = _chairs(user)
    if chairs is None:
        return items
    for flag in Flag.objects.filter(chairs, round__in=rounds, handling="").select_related(
        "person", "round__plan_unit"
    ):
        items.append(
            HomeItem(
                kind="task",
                title=_("Decide on %(name)s (low confidence two years running)")
                % {"name": flag.person.full_name},
                url=reverse("surveys:flag", args=[flag.pk]),
                rule="SV7",
            )
        )
    return items
