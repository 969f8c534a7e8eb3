"""Home-page items of confidence votes: CV4 deadlines and open tasks, per user."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from danchu.core import clock
from danchu.web.home import HomeItem, register


def provider(user: Any) -> list[HomeItem]:
    from danchu.votes import permissions, selectors
    from danchu.votes.models import RoundStatus

    items: list[HomeItem] = []
    today = clock.today()
    rounds = selectors.rounds_for(user).exclude(
        status__in=[RoundStatus.CANCELLED, RoundStatus.ANNOUNCED]
    )[:20]
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
