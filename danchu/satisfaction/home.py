"""Home-page items: residents' comments waiting for the office's answer (LD10), for those who
run the office, with the earliest answer day."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.satisfaction import permissions, rules
from danchu.satisfaction.models import Comment
from danchu.web.home import HomeItem


def home_items(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    communes = permissions.run_communes(user)
    if not communes:
        return []
    today = clock.today()
    rows = (
        Comment.objects.filter(office__commune__in=communes, answered_on__isnull=True)
        .values("office_id", "office__name")
        .annotate(n=Count("id"), due=Min("due"))
        .order_by("due")
    )
    return [
        HomeItem(
            kind="deadline",
            title=_("%(n)s comments to answer — %(office)s")
            % {"n": row["n"], "office": row["office__name"]},
            url=reverse("satisfaction:office", args=[row["office_id"]]) + "#comments",
            due=row["due"],
            rule="LD10",
            why=rules.ANSWER_READING,
            late=today > row["due"],
        )
        for row in rows
    ]
