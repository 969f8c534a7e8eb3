"""Home-page items of confidence votes: CV4 deadlines and open tasks, per user."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from danchu.core import clock
from danchu.web.home import HomeItem, register


def provider(user: Any) -> list[HomeItem]:
    from django.db.models import Prefetch

    from danchu.votes import permissions, selectors
    from danchu.votes.models import ClarificationRequest, RoundStatus

    items: list[HomeItem] = []
    today = clock.today()
    # Issue 16: what the CV4 timeline reads comes with the rounds (a fixed number of queries).
    rounds = (
        selectors.rounds_for(user)
        .exclude(status__in=[RoundStatus.CANCELLED, RoundStatus.ANNOUNCED])
        .select_related("office")
        .prefetch_related(
            "subjects",
            Prefetch(
                "clarifications",
                queryset=ClarificationRequest.objects.select_related("voter__person", "subject"),
            ),
        )[:20]
    )
    for vote in rounds:
        url = reverse("votes:detail", args=[vote.pk])
        organizer = permissions.is_organizer(user, vote)
        if vote.status == RoundStatus.PREPARING and vote.vote_day:
            for item in selectors.timeline(vote, today):
                mine = organizer or item.who == getattr(user.person, "full_name", None)
                if not mine or item.done_on:
                    continue
                items.append(
                    HomeItem(
                        kind="deadline",
                        title=f"{vote.title}: {item.step.what} ({item.who})",
                        url=url,
                        due=item.due,
                        rule="CV4",
                        why=item.how,
                        late=item.late,
                    )
                )
        if permissions.is_board_member(user, vote) and vote.status in {
            RoundStatus.VOTING,
            RoundStatus.COUNTING,
            RoundStatus.COUNTED,
        }:
            items.append(
                HomeItem(kind="task", title=f"{vote.title}: Ban kiểm phiếu", url=url, rule="CV6")
            )
    return items


def register_home() -> None:
    register(provider)
