"""Who may see and do what with dialogues and conferences.

- **commune dialogue** (LD9, QD2, GR7: plan, invitation, questions, answers, commitments, the
  report): the commune chairman, vice-chairman or officer of that commune.
- **village conference** (LD9): the village head of that village, or the commune's runners.
- **staff conference / staff dialogue** (QD6, QD2): the chairman, vice-chairman or officer of
  the agency's unit.
- **see**: those who run them, and anyone with ``VIEW_UNIT`` on the commune or above (the
  Front committee and the People's Council through their supervisor roles, Home Affairs).
- **residents**: the public page of a dialogue taking questions, and the answers the commune
  chose to publish — no login.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.dialogues.models import Dialogue, StaffMeeting, VillageConference
from danchu.residents.permissions import commune_of, heads_village, runs_commune
from danchu.units.models import AdminUnit

__all__ = [
    "can_run_conference",
    "can_run_dialogue",
    "can_run_staff",
    "can_see_conference",
    "can_see_dialogue",
    "can_see_staff",
    "can_see_unit",
    "commune_of",
    "file_checker",
    "runs_commune",
]


def can_see_unit(user: Any, unit: AdminUnit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return access.has_capability(user, Cap.VIEW_UNIT, unit)


def can_run_dialogue(user: Any, commune: AdminUnit) -> bool:
    return runs_commune(user, commune)


def can_see_dialogue(user: Any, dialogue: Dialogue) -> bool:
    return can_see_unit(user, dialogue.commune)


def can_run_conference(user: Any, village: AdminUnit) -> bool:
    return runs_commune(user, commune_of(village)) or heads_village(user, village)


def can_see_conference(user: Any, conference: VillageConference) -> bool:
    return can_run_conference(user, conference.village) or can_see_unit(user, conference.commune)


def can_run_staff(user: Any, unit: AdminUnit) -> bool:
    return runs_commune(user, unit)


def can_see_staff(user: Any, meeting: StaffMeeting) -> bool:
    return can_see_unit(user, meeting.unit)


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: evidence is read by those who see its record."""
    from django.db.models import Q

    from danchu.dialogues.models import Commitment

    d = (
        Dialogue.objects.select_related("commune")
        .filter(Q(evidence=name) | Q(report_evidence=name))
        .first()
    )
    if d is not None:
        return can_see_dialogue(user, d)
    c = Commitment.objects.select_related("dialogue__commune").filter(evidence=name).first()
    if c is not None:
        return can_see_dialogue(user, c.dialogue)
    conf = (
        VillageConference.objects.select_related("village", "commune")
        .filter(Q(evidence=name) | Q(notice_evidence=name))
        .first()
    )
    if conf is not None:
        return can_see_conference(user, conf)
    m = StaffMeeting.objects.select_related("unit").filter(evidence=name).first()
    if m is not None:
        return can_see_staff(user, m)
    return False
