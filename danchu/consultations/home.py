"""Home-page items: windows closing, aggregates due (DC7), opinions to answer (DC4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.consultations import permissions
from danchu.consultations.models import Consultation, Status
from danchu.core import clock
from danchu.web.home import HomeItem


def items(user: Any, today: dt.date | None = None) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or clock.today()
    out: list[HomeItem] = []
    # Issue 16: audiences, sends and the count of unanswered opinions come with the
    # consultations (a fixed number of queries whatever the number of communes); the bodies the
    # user gathers for are read once.
    open_ones = (
        Consultation.objects.filter(permissions.visible(user))
        .exclude(status=Status.ISSUED)
        .select_related("unit")
        .prefetch_related("audiences", "sends")
        .annotate(
            missing=Count(
                "opinions",
                filter=Q(opinions__answer_kind="") | Q(opinions__answer_text=""),
                distinct=True,
            )
        )
    )
    gatherer = permissions.gatherer_paths(user)
    for c in open_ones:
        url = reverse("consultations:detail", args=[c.pk])
        manage = permissions.can_manage(user, c)
        bodies = {body for path, body in gatherer if c.unit.path.startswith(path)}
        if manage:
            for a in c.audiences.all():
                if a.window_end >= today:
                    out.append(
                        HomeItem(
                            "deadline",
                            _("Opinions close: %(title)s") % {"title": c.title},
                            url,
                            a.window_end,
                            "DC2",
                            why=_(
                                "Opinions are taken until the end of the window in the plan; "
                                "citizens have at least 20 days from publication (DC2)."
                            ),
                        )
                    )
            missing = c.missing  # as ``services.unanswered``, counted by the database
            if missing:
                out.append(
                    HomeItem(
                        "task",
                        _("%(n)s opinion(s) to answer: %(title)s")
                        % {"n": missing, "title": c.title},
                        reverse("consultations:opinions", args=[c.pk]),
                        rule="DC4",
                    )
                )
        for send in c.sends.all():
            if send.sent_on is None and (manage or send.body in bodies):
                out.append(
                    HomeItem(
                        "deadline",
                        _("Aggregate due from %(body)s: %(title)s")
                        % {"body": send.get_body_display(), "title": c.title},
                        url,
                        send.due,
                        "DC7",
                        why=_(
                            "The People's Council, the Fatherland Front and the trade union "
                            "send their aggregated opinions by the plan's deadline (DC7)."
                        ),
                        late=send.due < today,
                    )
                )
    return out
