"""Who may do what in a confidence vote: one place, built on ``danchu.accounts.access``.

- Organizers: a unit role with ``Cap.RUN_VOTES`` on the round's unit (or above), or the
  VOTE_ORGANIZER record role on the round. They prepare the round; they do not count and do not
  see results as organizers.
- The counting board (CV6): the COUNTING_BOARD record role on the round. Only its members issue
  ballots and codes, enter counts and close the count — nobody else, administrators included.
- Results (CV11): the voters present at the conference once announced, the authority that
  directly manages the subject, and the subject; the board, which counts and announces them.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.accounts.models import Role
from danchu.units.models import Agency
from danchu.votes import rules
from danchu.votes.models import RosterEntry, RoundStatus, Subject, VoteRound


def _person_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "person_id", None)


def is_organizer(user: Any, vote: VoteRound) -> bool:
    return access.has_capability(user, Cap.RUN_VOTES, vote.unit) or access.has_record_role(
        user, [Role.VOTE_ORGANIZER], vote
    )


def is_board_member(user: Any, vote: VoteRound) -> bool:
    return access.has_record_role(user, [Role.COUNTING_BOARD], vote)


def roster_entry(user: Any, vote: VoteRound) -> RosterEntry | None:
    pid = _person_id(user)
    if pid is None:
        return None
    return RosterEntry.objects.filter(round=vote, person_id=pid).first()


def is_voter(user: Any, vote: VoteRound) -> bool:
    return roster_entry(user, vote) is not None


def voted_at_conference(user: Any, vote: VoteRound) -> bool:
    """CV11 "the voters": convened and checked in at the conference (design choice: an absent
    voter did not take part in the vote and is not told the result by the platform)."""
    entry = roster_entry(user, vote)
    return entry is not None and entry.present


def manages(user: Any, agency: Agency) -> bool:
    """CV11 "the authority that directly manages the subject": a user holding a role that runs
    votes (chairman, Home Affairs) on exactly that agency's unit — not on a unit above it."""
    return any(u.pk == agency.unit_id for u in access.role_units(user, Cap.RUN_VOTES))


def is_subject(user: Any, subject: Subject) -> bool:
    pid = _person_id(user)
    return pid is not None and pid == subject.person_id


def _subjects_of(user: Any, vote: VoteRound) -> list[Subject]:
    pid = _person_id(user)
    if pid is None:
        return []
    return [s for s in vote.subjects.all() if s.person_id == pid]


# ---------------------------------------------------------------------------------------------


def can_create_round(user: Any, unit: Any) -> bool:
    return access.has_capability(user, Cap.RUN_VOTES, unit)


def can_view_round(user: Any, vote: VoteRound) -> bool:
    """The round's page (process, not results): organizers, board, voters, subjects, and the
    managing authorities of its subjects."""
    if is_organizer(user, vote) or is_board_member(user, vote) or is_voter(user, vote):
        return True
    if _subjects_of(user, vote):
        return True
    return any(
        manages(user, s.managed_by) for s in vote.subjects.select_related("managed_by__unit")
    )


def can_manage_round(user: Any, vote: VoteRound) -> bool:
    return vote.status != RoundStatus.CANCELLED and is_organizer(user, vote)


def can_check_in(user: Any, vote: VoteRound) -> bool:
    open_for_late = vote.status == RoundStatus.VOTING and vote.issuing_closed_at is None
    return (vote.status in {RoundStatus.PREPARING, RoundStatus.CONFERENCE} or open_for_late) and (
        is_organizer(user, vote) or is_board_member(user, vote)
    )


def can_count(user: Any, vote: VoteRound) -> bool:
    """CV6: issue ballots and codes, enter counts, close the count — board members only."""
    return is_board_member(user, vote)


def can_upload_document(user: Any, subject: Subject) -> bool:
    return subject.round.status == RoundStatus.PREPARING and (
        is_subject(user, subject) or is_organizer(user, subject.round)
    )


def can_read_dossiers(user: Any, vote: VoteRound) -> bool:
    return is_organizer(user, vote) or is_voter(user, vote)


def can_request_clarification(user: Any, vote: VoteRound) -> bool:
    return vote.status == RoundStatus.PREPARING and is_voter(user, vote)


def can_see_result(user: Any, subject: Subject) -> bool:
    """CV11 for one subject's result."""
    vote = subject.round
    if not vote.has_result:
        return False
    viewer = rules.Viewer(
        voted_at_conference=voted_at_conference(user, vote),
        manages_subject=manages(user, subject.managed_by),
        is_subject=is_subject(user, subject),
        on_counting_board=is_board_member(user, vote),
    )
    return rules.may_see_result(viewer, announced=vote.status == RoundStatus.ANNOUNCED)


def visible_results(user: Any, vote: VoteRound) -> list[Subject]:
    """The subjects of ``vote`` whose result ``user`` may see (CV11)."""
    subjects = vote.subjects.select_related("managed_by__unit", "result", "round")
    return [s for s in subjects if hasattr(s, "result") and can_see_result(user, s)]


def can_see_minutes(user: Any, vote: VoteRound) -> bool:
    """The minutes (MẬT, CV10) carry every subject's result: the board that signs them, and a
    managing authority of every subject on them — under the one CV11 check of the results page
    (issue 11): the authority sees each result only once it is announced, so the minutes too."""
    if not vote.has_result:
        return False
    if is_board_member(user, vote):
        return True
    if vote.status != RoundStatus.ANNOUNCED:
        return False
    subjects = list(vote.subjects.select_related("managed_by__unit", "round"))
    return bool(subjects) and all(
        manages(user, s.managed_by) and can_see_result(user, s) for s in subjects
    )


def can_see_report(user: Any, vote: VoteRound) -> bool:
    """CV12: the report is the organizing office's own (issue 11): its organizers read it once
    the result is announced; otherwise it follows the minutes (the same CV11 check)."""
    if vote.status == RoundStatus.ANNOUNCED and is_organizer(user, vote):
        return True
    return can_see_minutes(user, vote)


def can_download_document(user: Any, document: Any) -> bool:
    """A dossier file: the subject, the organizing office, the convened voters (CV4)."""
    subject = document.subject
    vote = subject.round
    return is_subject(user, subject) or can_read_dossiers(user, vote) or can_view_round(user, vote)


def file_checker(user: Any, name: str) -> bool:
    """For danchu.web.files: who may download an uploaded dossier file."""
    from danchu.votes.models import SubjectDocument

    document = SubjectDocument.objects.select_related("subject__round").filter(file=name).first()
    return document is not None and can_download_document(user, document)


def sees_votes_menu(user: Any) -> bool:
    """The menu entry: organizers, board members, and anyone on a roster or voted on."""
    from danchu.web.nav import cap_or_roles

    if cap_or_roles(Cap.RUN_VOTES, Role.VOTE_ORGANIZER, Role.COUNTING_BOARD)(user):
        return True
    person_id = _person_id(user)
    return person_id is not None and (
        RosterEntry.objects.filter(person_id=person_id).exists()
        or Subject.objects.filter(person_id=person_id).exists()
    )


# Issued documents and the lock after announcement (issue 10) -----------------------------------


def can_send_report(user: Any, vote: VoteRound) -> bool:
    """CV12: the organizing office (an organizer of the round) sends the report once the result
    is announced. Sending does not show it the figures: reading the report follows CV11."""
    return vote.status == RoundStatus.ANNOUNCED and is_organizer(user, vote)


def can_reopen(user: Any, vote: VoteRound) -> bool:
    """Reopening a counted or announced result (design choice): the organizing authority — an
    organizer of the round — never the board that counted it, nor an administrator as such."""
    return vote.status in {RoundStatus.COUNTED, RoundStatus.ANNOUNCED} and is_organizer(user, vote)


def is_board_head(user: Any, vote: VoteRound) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and is_board_member(user, vote)
        and vote.board.filter(user_id=user.pk, is_head=True).exists()
    )


def can_correct_minutes(user: Any, vote: VoteRound) -> bool:
    """A correction of the minutes in force (new numbered minutes naming them, with a reason):
    the head of the counting board, who signs them, or an organizer of the round."""
    return vote.has_result and (is_board_head(user, vote) or is_organizer(user, vote))


def can_see_issued(user: Any, vote: VoteRound, kind: str) -> bool:
    """An issued document of the round, in force or replaced: the minutes (CV10) and the
    report (CV12) to whoever may see them now."""
    if kind == "votes.minutes":
        return can_see_minutes(user, vote)
    if kind == "votes.report":
        return can_see_report(user, vote)
    return False
