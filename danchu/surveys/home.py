"""Home-page items: each commune's report deadline (SV8) and SV7 decisions awaiting the
chairman."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.surveys import permissions, rules, selectors
from danchu.surveys.models import CommuneSurvey, Flag
from danchu.web.home import HomeItem


def home_items(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = clock.today()
    items: list[HomeItem] = []
    rounds = selectors.rounds_for(user).filter(year__gte=today.year - 1)
    communes = CommuneSurvey.objects.filter(round__in=rounds, reported_on__isnull=True)
    for cs in communes.select_related("unit", "round__plan_unit"):
        if not permissions.can_run_commune(user, cs):
            continue
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
    for flag in Flag.objects.filter(round__in=rounds, handling="").select_related(
        "person", "round__plan_unit"
    ):
        if permissions.can_decide_flag(user, flag):
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
