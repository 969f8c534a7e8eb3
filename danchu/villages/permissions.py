"""Who may see and do what with village head elections and charters.

- **elections** (LD13: the chairman's plan, the team, the notice, the candidate list, the vote,
  recognition, dismissal, the interim head): the commune chairman, vice-chairman or officer of
  that commune. Design choice: the village head does not run the election of their own office.
- **charters** (LD14: the draft, its posting, the meeting, sending): the commune's runners or the
  village head of that village; **recognition** and the **review cycle** (QD5): the commune's
  runners only.
- **see**: those who run them, and anyone with ``VIEW_UNIT`` on the commune or above (Front,
  People's Council, Home Affairs).
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import RoleAssignment
from danchu.residents.permissions import commune_of, heads_village, runs_commune
from danchu.units.models import AdminUnit

__all__ = [
    "can_run_charter",
    "can_run_election",
    "can_see",
    "commune_of",
    "file_checker",
    "runs_commune",
]


def can_run_election(user: Any, village: AdminUnit) -> bool:
    return runs_commune(user, commune_of(village))


def can_run_charter(user: Any, village: AdminUnit) -> bool:
    return runs_commune(user, commune_of(village)) or heads_village(user, village)


def can_recognise(user: Any, village: AdminUnit) -> bool:
    return runs_commune(user, commune_of(village))


def can_see(user: Any, village: AdminUnit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return can_run_charter(user, village) or access.has_capability(
        user, Cap.VIEW_UNIT, commune_of(village)
    )


def may_see_some(user: Any) -> bool:
    """A role that sees villages at all: VIEW_UNIT anywhere (or everywhere), or a village head.
    Pages and lists refuse anyone else rather than show an empty list."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        access.has_capability(user, Cap.VIEW_UNIT, None)
        or bool(access.role_units(user, Cap.VIEW_UNIT))
        or bool(headed_villages(user))
    )


def headed_villages(user: Any) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        RoleAssignment.objects.current()
        .filter(user=user, role="village_head", unit__isnull=False)
        .values_list("unit_id", flat=True)
    )


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: evidence and charter files are read by those who see the
    village's elections and charters."""
    from django.db.models import Q

    from danchu.villages.models import Charter, CharterReview, Dismissal, StepRecord

    step = StepRecord.objects.select_related("election__village").filter(evidence=name).first()
    if step is not None:
        return can_see(user, step.election.village)
    charter = (
        Charter.objects.select_related("village")
        .filter(Q(file=name) | Q(posted_evidence=name))
        .first()
    )
    if charter is not None:
        return can_see(user, charter.village)
    review = CharterReview.objects.select_related("charter__village").filter(evidence=name).first()
    if review is not None:
        return can_see(user, review.charter.village)
    dismissal = Dismissal.objects.select_related("village").filter(evidence=name).first()
    if dismissal is not None:
        return can_see(user, dismissal.village)
    return False
