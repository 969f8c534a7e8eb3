"""The offline hall's smoke test (scripts/offline-hall-check.sh): on an installation made from
the wheelhouse alone, with the demo data, open a confidence vote and print the path of its
electronic ballot, which the check then fetches from the running server.

Run with the installed interpreter: ``VENV/bin/python scripts/offline_hall_smoke.py``."""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
django.setup()

from danchu.accounts.models import User  # noqa: E402
from danchu.votes import services  # noqa: E402
from danchu.votes.demo import PREPARING_TITLE  # noqa: E402
from danchu.votes.models import VoteRound  # noqa: E402


def main() -> None:
    vote = VoteRound.objects.get(title=PREPARING_TITLE)
    organizer = User.objects.get(username="tochuc")
    subjects = set(vote.subjects.values_list("person_id", flat=True))
    entries = list(vote.roster.select_related("person").order_by("pk"))
    for entry in entries:
        services.check_in(actor=organizer, entry=entry)
    board = []
    for i, entry in enumerate(e for e in entries if e.person_id not in subjects):
        if len(board) == 3:
            break
        user, _ = User.objects.get_or_create(username=f"kiemphieu-hall-{i}")
        user.person = entry.person
        user.save()
        board.append(user)
    services.elect_board(
        actor=organizer, vote=vote, users=board, head=board[0], secretary=board[1].person
    )
    services.open_vote(actor=organizer, vote=vote, decision="Kiểm tra cài đặt ngoại tuyến.")
    print(f"/votes/e/{vote.pk}/ {vote.subjects.order_by('order').first().full_name}")


if __name__ == "__main__":
    main()
