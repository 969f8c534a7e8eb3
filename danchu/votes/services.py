"""Every write of a confidence vote: verb-first, keyword-only, one transaction, audit entry.

Services enforce the rules (CV1–CV10) and the round's state machine; views and the API check
who may call them through :mod:`danchu.votes.permissions` first. Nothing here writes a ballot's
contents, a code or a voter's name into the audit trail or the logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from danchu.accounts.models import Role, RoleAssignment
from danchu.audit.services import anchor, log
from danchu.core import clock, receipts
from danchu.core.text import nfc
from danchu.people.models import Assignment, Person
from danchu.units.models import Agency
from danchu.votes import rules, sealing, selectors
from danchu.votes.models import (
    ROUND_SETTINGS,
    BallotReceipt,
    BoardMember,
    ClarificationRequest,
    DocumentKind,
    ElectronicBallot,
    HeldVote,
    IssueBatch,
    IssuedSerial,
    IssueKind,
    IssueStatus,
    PaperEntry,
    Reopening,
    RosterEntry,
    RoundStatus,
    Subject,
    SubjectDocument,
    SubjectResult,
    VoidedItem,
    VoidReason,
    VoteRound,
    VotingCode,
)
from danchu.votes.summary import Summary


class VoteError(Exception):
    """A refused action, with a message for the user in Vietnamese."""


def _audit(
    actor: Any,
    vote: VoteRound,
    action: str,
    *,
    target: Any = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """The audit entry of a step of the round, filed under the round's unit. Never a ballot's
    contents, a code or a voter's choice (CV5)."""
    log(actor=actor, action=action, target=target or vote, unit=vote.unit, changes=changes)


def _lock(vote: VoteRound, *statuses: str, action: str = "") -> VoteRound:
    """The round, re-read and locked for the rest of the transaction; with ``statuses``, the
    ``action`` (in words, for the refusal) is refused unless the round is in one of them."""
    vote = VoteRound.objects.select_for_update().get(pk=vote.pk)
    if statuses and vote.status not in statuses:
        raise VoteError(
            f"Không thể {action} khi vòng lấy phiếu đang ở trạng thái "
            f"«{vote.get_status_display()}»."
        )
    return vote


# ---------------------------------------------------------------------------------------------
# The round
# ---------------------------------------------------------------------------------------------


def create_round(
    *,
    actor: Any,
    title: str,
    authority: Agency,
    office: Agency | None = None,
    vote_day: dt.date | None = None,
    place: str = "",
    legal_basis: str = "",
    term: Any = None,
    denominator: str = rules.Denominator.RETURNED,
    evoting: bool = False,
    double_entry: bool = False,
) -> VoteRound:
    with transaction.atomic():
        vote = VoteRound.objects.create(
            title=nfc(title),
            authority=authority,
            office=office,
            unit=authority.unit,
            vote_day=vote_day,
            place=nfc(place),
            legal_basis=_nfc_lines(legal_basis),
            term=term,
            denominator=denominator,
            evoting=evoting,
            double_entry=double_entry,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _audit(actor, vote, "votes.round.created")
    return vote


def _nfc_lines(text: str) -> str:
    """NFC for a multi-line field: each line's spaces collapsed, the line breaks kept."""
    return "\n".join(nfc(line) for line in text.strip().splitlines()).strip()


def update_round(*, actor: Any, vote: VoteRound, **fields: Any) -> VoteRound:
    """Change the round's settings (vote day D may be set later). A change that would
    contradict a recorded fact is refused with its reason (:func:`rules.setting_change_problem`:
    the vote day once attendance is recorded, everything once the vote opened, double entry
    once the pile is being typed, the whole round once the result is announced)."""
    for key in ("title", "place"):
        if isinstance(fields.get(key), str):
            fields[key] = nfc(fields[key])
    if isinstance(fields.get("legal_basis"), str):
        fields["legal_basis"] = _nfc_lines(fields["legal_basis"])
    with transaction.atomic():
        vote = _lock(vote)
        changes = {}
        for key, value in fields.items():
            if key not in ROUND_SETTINGS:
                raise ValueError(key)
            old = getattr(vote, key)
            if old != value:
                problem = rules.setting_change_problem(
                    key,
                    status=vote.status,
                    codes_issued=vote.codes.exists(),
                    entries_started=vote.paper_entries.exists(),
                )
                if problem:
                    raise VoteError(problem)
                changes[key] = [str(old), str(value)]
                setattr(vote, key, value)
        vote.save()
        if changes:
            _audit(actor, vote, "votes.round.updated", changes=changes)
    return vote


def cancel_round(*, actor: Any, vote: VoteRound, reason: str) -> None:
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.PREPARING, RoundStatus.CONFERENCE, action="hủy")
        vote.status = RoundStatus.CANCELLED
        vote.save(update_fields=["status"])
        _audit(actor, vote, "votes.round.cancelled", changes={"reason": reason})


# ---------------------------------------------------------------------------------------------
# Subjects (CV1, CV2)
# ---------------------------------------------------------------------------------------------


def add_subject(
    *, actor: Any, vote: VoteRound, assignment: Assignment, managed_by: Agency | None = None
) -> Subject:
    """Add the holder of ``assignment`` as a subject. CV1 exclusions and the CV2 limit of two
    places are refused with the reason."""
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.PREPARING, action="thêm người được lấy phiếu")
        assignment = Assignment.objects.select_related("person", "position", "agency__unit").get(
            pk=assignment.pk
        )
        person = assignment.person
        verdict = rules.eligibility(
            selectors.candidate_facts(assignment),
            selectors.vote_year(vote),
            selectors.check_day(vote),
        )
        if not verdict.eligible:
            raise VoteError(f"{person.full_name}: không lấy phiếu (CV1). {verdict.why}")
        if vote.subjects.filter(person=person).exists():
            raise VoteError(f"{person.full_name} đã có trong danh sách của vòng này.")
        same = selectors.same_post_rounds(assignment, vote)
        problem = rules.same_post_problem(person.full_name, assignment.position.name, same)
        if problem:
            raise VoteError(problem)
        places = selectors.other_places(person, vote)
        check = rules.check_places(places)
        if not check.allowed:
            raise VoteError(f"{person.full_name}: {check.why}")
        order = (vote.subjects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        derived = derive_manager(assignment, vote)
        subject = Subject.objects.create(
            round=vote,
            order=order,
            assignment=assignment,
            person=person,
            full_name=person.full_name,
            position_name=assignment.position.name,
            unit_name=assignment.agency.name,
            managed_by=managed_by or derived[0],
            managed_by_reason="" if managed_by else derived[1],
        )
        _audit(
            actor,
            vote,
            "votes.subject.added",
            target=subject,
            changes={"person": person.full_name, "position": subject.position_name},
        )
    return subject


def derive_manager(assignment: Assignment, vote: VoteRound) -> tuple[Agency, str]:
    """CV11 (issue 11): the authority directly managing a post, derived from the post — the
    body of the kind :func:`rules.manager_kind` names in the unit above the post's unit — with
    why; failing such a body, :func:`default_manager`."""
    kind, why = rules.manager_kind(assignment.agency.kind)
    parent = assignment.agency.unit.parent
    if parent is not None:
        found = Agency.objects.filter(unit=parent, kind=kind).order_by("pk").first()
        if found is not None:
            return found, f"Xác định theo chức vụ ({why})."
    fallback = default_manager(assignment, vote)
    return fallback, "Không tìm thấy cơ quan cấp trên tương ứng: cơ quan quản lý của đơn vị."


def set_manager(*, actor: Any, subject: Subject, agency: Agency, reason: str) -> None:
    """CV11 (issue 11): the organizers change the managing authority of a subject on the
    round's page, with the reason (shown there), until the count closes."""
    reason = nfc(reason).strip()
    if not reason:
        raise VoteError("Ghi lý do đổi cơ quan quản lý trực tiếp.")
    with transaction.atomic():
        vote = _lock(
            subject.round,
            RoundStatus.PREPARING,
            RoundStatus.CONFERENCE,
            RoundStatus.VOTING,
            RoundStatus.COUNTING,
            action="đổi cơ quan quản lý trực tiếp",
        )
        old = subject.managed_by.name
        Subject.objects.filter(pk=subject.pk).update(managed_by=agency, managed_by_reason=reason)
        _audit(
            actor,
            vote,
            "votes.subject.manager_changed",
            target=subject,
            changes={"from": old, "to": agency.name, "reason": reason},
        )


def default_manager(assignment: Assignment, vote: VoteRound) -> Agency:
    """CV11 "the authority that directly manages the subject" when nobody says otherwise
    (design choice): the managing agency of the subject's own agency; failing that, the agency
    above the organizing authority (a commune's Council or Front chairman is managed from
    above the commune); failing that, the organizing authority itself."""
    return assignment.agency.superior or vote.authority.superior or vote.authority


def remove_subject(*, actor: Any, subject: Subject) -> None:
    with transaction.atomic():
        vote = _lock(subject.round, RoundStatus.PREPARING, action="bớt người được lấy phiếu")
        _audit(actor, vote, "votes.subject.removed", target=subject)
        subject.delete()
        for i, s in enumerate(vote.subjects.order_by("order"), start=1):
            if s.order != i:
                Subject.objects.filter(pk=s.pk).update(order=i)


# ---------------------------------------------------------------------------------------------
# Roster (CV3)
# ---------------------------------------------------------------------------------------------


def fill_roster_from_positions(*, actor: Any, vote: VoteRound) -> int:
    """The default roster (seed 001: members of the People's Committee and heads of the
    agencies of the unit): everyone holding a leader post in an agency of the round's unit on
    the vote day. Returns how many were added; the roster stays editable."""
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.PREPARING, action="lập danh sách triệu tập")
        added = 0
        for person, position in selectors.default_roster(vote):
            _, created = RosterEntry.objects.get_or_create(
                round=vote, person=person, defaults={"position_name": position}
            )
            added += created
        _audit(actor, vote, "votes.roster.filled", changes={"added": added})
    return added


def add_voter(
    *, actor: Any, vote: VoteRound, person: Person, position_name: str = ""
) -> RosterEntry:
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.PREPARING, action="thêm người được triệu tập")
        entry, _ = RosterEntry.objects.get_or_create(
            round=vote, person=person, defaults={"position_name": nfc(position_name)}
        )
        _audit(actor, vote, "votes.roster.added", changes={"person": person.full_name})
    return entry


def remove_voter(*, actor: Any, entry: RosterEntry) -> None:
    with transaction.atomic():
        vote = _lock(entry.round, RoundStatus.PREPARING, action="bớt người được triệu tập")
        _audit(actor, vote, "votes.roster.removed", changes={"person": entry.person.full_name})
        entry.delete()


# ---------------------------------------------------------------------------------------------
# Before the vote (CV4)
# ---------------------------------------------------------------------------------------------


def upload_document(
    *, actor: Any, subject: Subject, kind: str, file: Any, on: dt.date
) -> SubjectDocument:
    """A subject's self-report, asset declaration or supplementary explanation. The self-report
    step is done when both the report and the declaration are in (CV4, D−20)."""
    with transaction.atomic():
        vote = _lock(subject.round, RoundStatus.PREPARING, action="nộp hồ sơ")
        doc = SubjectDocument.objects.create(subject=subject, kind=kind, file=file, received_on=on)
        kinds = set(subject.documents.values_list("kind", flat=True))
        if {
            DocumentKind.SELF_REPORT,
            DocumentKind.ASSETS,
        } <= kinds and subject.self_report_on is None:
            subject.self_report_on = on
        if kind == DocumentKind.EXPLANATION and subject.explanation_on is None:
            subject.explanation_on = on
        subject.save(update_fields=["self_report_on", "explanation_on"])
        _audit(
            actor,
            vote,
            "votes.dossier.uploaded",
            target=subject,
            changes={"kind": kind, "received_on": on},
        )
    return doc


def mark_dossiers_sent(*, actor: Any, vote: VoteRound, on: dt.date) -> None:
    """CV4: the office sends the dossiers to the voters (due D−15)."""
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.PREPARING, action="gửi hồ sơ")
        vote.dossiers_sent_on = on
        vote.save(update_fields=["dossiers_sent_on"])
        _audit(actor, vote, "votes.dossiers.sent", changes={"on": on})


def request_clarification(
    *, actor: Any, vote: VoteRound, voter: RosterEntry, subject: Subject, text: str, on: dt.date
) -> ClarificationRequest:
    """CV4: a voter's written request (due D−10), forwarded to the subject by the office."""
    text = nfc(text)
    if not text:
        raise VoteError("Nội dung yêu cầu làm rõ: bắt buộc.")
    if subject.round_id != vote.pk or voter.round_id != vote.pk:
        raise VoteError("Yêu cầu không thuộc vòng lấy phiếu này.")
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.PREPARING, action="gửi yêu cầu làm rõ")
        req = ClarificationRequest.objects.create(
            round=vote, subject=subject, voter=voter, text=text, submitted_on=on
        )
        _audit(actor, vote, "votes.clarification.requested", target=subject)
    return req


def forward_clarification(*, actor: Any, request: ClarificationRequest, on: dt.date) -> None:
    with transaction.atomic():
        request.forwarded_on = on
        request.save(update_fields=["forwarded_on"])
        _audit(actor, request.round, "votes.clarification.forwarded", target=request.subject)


# ---------------------------------------------------------------------------------------------
# At the conference (CV3, CV6)
# ---------------------------------------------------------------------------------------------


def check_in(*, actor: Any, entry: RosterEntry, present: bool = True) -> None:
    """CV3: record who is present. Once the vote is open a late arrival is still checked in
    (never checked out) until the board closes the issuing of ballots; each raises the count of
    voters present that the quorum, the ballots in hand and the minutes use (issue 11)."""
    with transaction.atomic():
        vote = _lock(entry.round, action="điểm danh")
        problem = rules.late_checkin_problem(
            status=vote.status, issuing_closed=vote.issuing_closed_at is not None
        )
        if problem:
            raise VoteError(problem)
        late = vote.status == RoundStatus.VOTING
        if late and not present:
            raise VoteError("Bỏ phiếu đã mở: không xóa điểm danh người đã có mặt.")
        RosterEntry.objects.filter(pk=entry.pk).update(present=present)
        if vote.status == RoundStatus.PREPARING:
            vote.status = RoundStatus.CONFERENCE
            vote.save(update_fields=["status"])
        if late:
            q = selectors.quorum(vote)
            vote.convened_count, vote.present_count = q.convened, q.present
            vote.save(update_fields=["convened_count", "present_count"])
        _audit(
            actor,
            vote,
            "votes.attendance.late" if late else "votes.attendance.checked",
            changes={"person": entry.person.full_name, "present": present},
        )


def _person_checks(vote: VoteRound) -> tuple[set[int], set[int]]:
    present = set(vote.roster.filter(present=True).values_list("person_id", flat=True))
    subjects = set(vote.subjects.values_list("person_id", flat=True))
    return present, subjects


def _user_name(user: Any) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.get_username()


def elect_board(
    *,
    actor: Any,
    vote: VoteRound,
    users: Sequence[Any],
    head: Any,
    secretary: Person | None = None,
) -> None:
    """CV6: record the counting board the conference elected; its members alone count. The
    members are voters present at the conference and none is a subject of the round (issue 11);
    the conference's ``secretary`` (DOC1: the minutes name chair and secretary) likewise."""
    members = list(dict.fromkeys(users))
    problem = rules.board_problem(len(members))
    if problem:
        raise VoteError(problem)
    if head not in members:
        raise VoteError("Trưởng ban kiểm phiếu phải là một thành viên của ban.")
    with transaction.atomic():
        vote = _lock(
            vote, RoundStatus.PREPARING, RoundStatus.CONFERENCE, action="bầu Ban kiểm phiếu"
        )
        present, subjects = _person_checks(vote)
        problems = rules.board_member_problems(
            [
                (
                    _user_name(u),
                    u.person_id is not None and u.person_id in present,
                    u.person_id is not None and u.person_id in subjects,
                )
                for u in members
            ]
        )
        if secretary is not None:
            sp = rules.secretary_problem(
                secretary.full_name, secretary.pk in present, secretary.pk in subjects
            )
            if sp:
                problems.append(sp)
        if problems:
            raise VoteError(" ".join(problems))
        vote.secretary = secretary
        vote.save(update_fields=["secretary"])
        ct = ContentType.objects.get_for_model(VoteRound)
        RoleAssignment.objects.filter(
            role=Role.COUNTING_BOARD, record_type=ct, record_id=vote.pk
        ).delete()
        vote.board.all().delete()
        for user in members:
            BoardMember.objects.create(round=vote, user=user, is_head=user == head)
            ra = RoleAssignment(user=user, role=Role.COUNTING_BOARD, valid_from=dt.date(2000, 1, 1))
            ra.record = vote
            ra.save()
        _audit(
            actor,
            vote,
            "votes.board.elected",
            changes={
                "members": [u.get_username() for u in members],
                "head": head.get_username(),
                "secretary": secretary.full_name if secretary else "",
            },
        )
    from danchu.accounts.access import forget_roles

    for user in members:
        forget_roles(user)


def opening_exceptions(vote: VoteRound, today: dt.date | None = None) -> list[str]:
    """CV4: what departs from the timeline if the vote opened today (issue 11)."""
    today = today or clock.today()
    missing = [s.full_name for s in vote.subjects.order_by("order") if s.self_report_on is None]
    late = [
        f"{i.step.what} — {i.who}: hạn {rules.vn_date(i.due)}, "
        + (f"nhận {rules.vn_date(i.done_on)} (muộn)." if i.done_on else "chưa có (quá hạn).")
        for i in selectors.late_items(vote, today)
        if not (i.step.step == rules.Step.SELF_REPORT and i.done_on is None)
    ]
    return rules.opening_exceptions(vote_day=vote.vote_day, today=today, missing=missing, late=late)


def open_vote(*, actor: Any, vote: VoteRound, decision: str = "") -> rules.Quorum:
    """The vote opens only when the quorum holds (CV3), a board and the conference's secretary
    are elected (CV6, DOC1) and there is someone to vote on. Opening before D, or with a
    self-report missing or a CV4 step late, needs the organizing office's recorded
    ``decision`` with its reason: the exceptions and the decision are kept and printed in the
    minutes (issue 11)."""
    decision = nfc(decision).strip()
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.PREPARING, RoundStatus.CONFERENCE, action="mở bỏ phiếu")
        q = selectors.quorum(vote)
        if not q.met:
            raise VoteError(f"Chưa đủ điều kiện tiến hành (CV3): {q.why}")
        problem = rules.board_problem(vote.board.count())
        if problem:
            raise VoteError(f"Chưa bầu Ban kiểm phiếu (CV6): {problem}")
        if vote.secretary_id is None:
            raise VoteError("Hội nghị chưa bầu thư ký (người ghi biên bản).")
        if not vote.subjects.exists():
            raise VoteError("Chưa có người được lấy phiếu.")
        exceptions = opening_exceptions(vote)
        if exceptions and not decision:
            raise VoteError(
                "Chưa đúng trình tự CV4; chỉ mở bỏ phiếu khi cơ quan tổ chức ghi quyết định "
                "và lý do: " + " ".join(exceptions)
            )
        vote.status = RoundStatus.VOTING
        vote.convened_count, vote.present_count = q.convened, q.present
        vote.opened_at = clock.now()
        vote.opening_exceptions = exceptions
        vote.opening_decision = decision if exceptions else ""
        if vote.evoting and not vote.ballot_key:
            vote.ballot_key = sealing.create_key(vote.pk)  # CV5: ballots sealed until closing
        vote.save(
            update_fields=[
                "status",
                "convened_count",
                "present_count",
                "ballot_key",
                "opened_at",
                "opening_exceptions",
                "opening_decision",
            ]
        )
        _audit(
            actor,
            vote,
            "votes.round.opened",
            changes={
                "convened": q.convened,
                "present": q.present,
                "exceptions": exceptions,
                "decision": vote.opening_decision,
            },
        )
    return q


def close_issuing(*, actor: Any, vote: VoteRound) -> None:
    """CV6: the board closes the issuing of ballots; from then no late arrival is checked in
    and no more ballots or codes are issued (issue 11)."""
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.VOTING, action="kết thúc phát phiếu")
        _board_user(vote, actor, "Người kết thúc phát phiếu")
        if vote.issuing_closed_at is not None:
            raise VoteError("Đã kết thúc phát phiếu.")
        vote.issuing_closed_at = clock.now()
        vote.save(update_fields=["issuing_closed_at"])
        _audit(actor, vote, "votes.issuing.closed", changes={"present": vote.present_count})


# ---------------------------------------------------------------------------------------------
# Ballots and codes (CV5, CV7)
# ---------------------------------------------------------------------------------------------

SERIAL_DIGITS = 6


def serial_mac(vote_id: int, serial: str) -> str:
    """A short keyed check printed in the ballot's QR code: a serial typed by hand onto a
    home-made ballot does not carry it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"cv:{vote_id}:{serial}".encode(), hashlib.sha256).hexdigest()[:10]


def qr_payload(vote_id: int, serial: str) -> str:
    return f"CV{vote_id}-{serial}-{serial_mac(vote_id, serial)}"


QR_PAYLOAD = re.compile(r"^CV(\d+)-(\d+)-([0-9a-fA-F]{10})$")
SERIAL_MAX = 12  # IssuedSerial.serial / PaperEntry.serial


def read_serial(vote_id: int, text: str) -> str:
    """CV7: a paper ballot's serial as the board typed it, or as a scanner read the ballot's QR
    code (``CV<round>-<serial>-<check>``). A QR code whose keyed check fails, or that belongs
    to another round, was not printed by the board: the serial is kept behind
    :data:`rules.FAILED_QR_MARK`, so the count treats the ballot as not issued and lists it."""
    text = text.strip()
    found = QR_PAYLOAD.match(text)
    if found:
        round_id, serial, check = found.groups()
        genuine = int(round_id) == vote_id and hmac.compare_digest(
            check.lower(), serial_mac(vote_id, serial)
        )
        text = serial if genuine else rules.FAILED_QR_MARK + serial
    if len(text) > SERIAL_MAX:
        raise VoteError(
            f"Số phiếu «{text[:20]}…» dài quá {SERIAL_MAX} ký tự: gõ số in trên phiếu hoặc "
            "quét mã QR của phiếu."
        )
    return text


def _board_user(vote: VoteRound, user: Any, what: str) -> None:
    pk = getattr(user, "pk", None)
    if pk is None or not vote.board.filter(user_id=pk).exists():
        raise VoteError(f"{what} phải là thành viên Ban kiểm phiếu của vòng này (CV6).")


def _in_hand(vote: VoteRound) -> int:
    """Ballots and codes issued so far, less those voided (lost, spoiled)."""
    return vote.serials.count() + vote.codes.count() - vote.voids.count()


ISSUE_MAX = 5000


def request_issue(
    *, actor: Any, vote: VoteRound, kind: str, count: int, reason: str = ""
) -> IssueBatch:
    """CV6, first of two board members: ask for ``count`` paper ballots or e-voting codes.
    Nothing is made yet. Beyond the voters checked in (CV3) the request needs a reason, which
    goes into the minutes' anomalies; a second member confirms (:func:`confirm_issue`)."""
    reason = nfc(reason)
    if kind not in IssueKind.values:
        raise VoteError("Loại phát không hợp lệ: phiếu giấy hoặc mã bỏ phiếu điện tử.")
    if kind == IssueKind.CODES and not vote.evoting:
        raise VoteError("Vòng này không dùng bỏ phiếu điện tử.")
    if not 1 <= count <= ISSUE_MAX:
        raise VoteError(f"Số phiếu hoặc mã phát: từ 1 đến {ISSUE_MAX}.")
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.CONFERENCE, RoundStatus.VOTING, action="phát phiếu")
        _board_user(vote, actor, "Người đề nghị phát")
        if vote.issuing_closed_at is not None:
            raise VoteError("Ban kiểm phiếu đã kết thúc phát phiếu.")
        present = vote.roster.filter(present=True).count()
        problem = rules.issue_problem(present=present, in_hand=_in_hand(vote), requested=count)
        if problem and not reason:
            raise VoteError(problem)
        batch = IssueBatch.objects.create(
            round=vote,
            kind=kind,
            count=count,
            reason=reason if problem else "",
            requested_by=actor,
        )
        _audit(
            actor,
            vote,
            "votes.issue.requested",
            changes={"kind": kind, "count": count, "present": present, "reason": batch.reason},
        )
    return batch


def withdraw_issue(*, actor: Any, batch: IssueBatch) -> None:
    """A board member withdraws a request nobody confirmed yet."""
    with transaction.atomic():
        vote = _lock(batch.round)
        _board_user(vote, actor, "Người rút đề nghị")
        updated = IssueBatch.objects.filter(pk=batch.pk, status=IssueStatus.PENDING).update(
            status=IssueStatus.WITHDRAWN
        )
        if not updated:
            raise VoteError("Đề nghị này đã được xác nhận hoặc đã rút.")
        _audit(
            actor, vote, "votes.issue.withdrawn", changes={"kind": batch.kind, "count": batch.count}
        )


def confirm_issue(*, actor: Any, batch: IssueBatch) -> list[str]:
    """CV6, second board member: confirm a pending request; the serials (paper ballots) or the
    one-time codes are made now and returned for printing, in random order. The member who asked
    cannot confirm their own request. The bound of :func:`request_issue` is checked again."""
    with transaction.atomic():
        vote = _lock(batch.round, RoundStatus.CONFERENCE, RoundStatus.VOTING, action="phát phiếu")
        if vote.issuing_closed_at is not None:
            raise VoteError("Ban kiểm phiếu đã kết thúc phát phiếu.")
        batch = IssueBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != IssueStatus.PENDING:
            raise VoteError("Đề nghị này đã được xác nhận hoặc đã rút.")
        _board_user(vote, actor, "Người xác nhận")
        if actor.pk == batch.requested_by_id:
            raise VoteError(
                "Người đề nghị phát không tự xác nhận được: cần một thành viên khác của Ban "
                "kiểm phiếu (CV6)."
            )
        present = vote.roster.filter(present=True).count()
        problem = rules.issue_problem(
            present=present, in_hand=_in_hand(vote), requested=batch.count
        )
        if problem and not batch.reason:
            raise VoteError(problem)
        if batch.kind == IssueKind.CODES:
            made = _make_codes(vote, batch.count)
        else:
            made = _make_serials(vote, batch.count)
        batch.status, batch.confirmed_by = IssueStatus.ISSUED, actor
        batch.save(update_fields=["status", "confirmed_by"])
        _audit(
            actor,
            vote,
            f"votes.{batch.kind}.issued",
            changes={
                "count": batch.count,
                "total": vote.serials.count()
                if batch.kind == IssueKind.BALLOTS
                else vote.codes.count(),
                "requested_by": batch.requested_by.get_username(),
                "confirmed_by": actor.get_username(),
                "present": present,
                "reason": batch.reason,
            },
        )
    return made


def _make_serials(vote: VoteRound, count: int) -> list[str]:
    taken = set(vote.serials.values_list("serial", flat=True))
    rng = secrets.SystemRandom()
    new: set[str] = set()
    while len(new) < count:
        s = str(rng.randrange(10 ** (SERIAL_DIGITS - 1), 10**SERIAL_DIGITS))
        if s not in taken:
            new.add(s)
    serials = list(new)
    rng.shuffle(serials)
    IssuedSerial.objects.bulk_create([IssuedSerial(round=vote, serial=s) for s in serials])
    rng.shuffle(serials)  # printed in another random order than stored
    return serials


def _make_codes(vote: VoteRound, count: int) -> list[str]:
    codes: list[str] = []
    for _ in range(count):
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    stored = list(codes)
    secrets.SystemRandom().shuffle(stored)  # rows never in the printing order
    VotingCode.objects.bulk_create(
        [VotingCode(round=vote, code_hash=_code_hash(vote.pk, c)) for c in stored]
    )
    return codes


def issue_ballots(
    *, actor: Any, vote: VoteRound, count: int, confirmed_by: Any, reason: str = ""
) -> list[str]:
    """The board issues ``count`` paper ballots, asked by ``actor`` and confirmed by another
    member ``confirmed_by`` at the same moment (both recorded): random serials, returned in
    shuffled order for printing. The platform keeps which serials and how many — never to whom
    (CV5). The pages go through :func:`request_issue` then :func:`confirm_issue`."""
    batch = request_issue(
        actor=actor, vote=vote, kind=IssueKind.BALLOTS, count=count, reason=reason
    )
    return confirm_issue(actor=confirmed_by, batch=batch)


def _code_hash(vote_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    normal = code.strip().upper().replace("-", "").replace(" ", "")
    return hmac.new(key, f"code:{vote_id}:{normal}".encode(), hashlib.sha256).hexdigest()


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def issue_codes(
    *, actor: Any, vote: VoteRound, count: int, confirmed_by: Any, reason: str = ""
) -> list[str]:
    """The board prints ``count`` one-time e-voting codes, asked by ``actor`` and confirmed by
    ``confirmed_by``; only their hashes are kept, in random order."""
    batch = request_issue(actor=actor, vote=vote, kind=IssueKind.CODES, count=count, reason=reason)
    return confirm_issue(actor=confirmed_by, batch=batch)


def void_ballot(
    *, actor: Any, vote: VoteRound, reason: str, serial: str = "", note: str = ""
) -> VoidedItem:
    """A paper ballot lost or spoiled: counted off the ballots in hand (so a replacement may be
    issued within the bound) and listed in the minutes. A spoiled ballot is in the board's hands,
    so its serial is required; a voided serial found in the box is not the board's (CV7)."""
    serial = read_serial(vote.pk, serial) if serial.strip() else ""
    if reason not in VoidReason.values:
        raise VoteError("Lý do hủy: mất hoặc hỏng.")
    if reason == VoidReason.SPOILED and not serial:
        raise VoteError("Phiếu hỏng: nhập số phiếu in trên phiếu.")
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.CONFERENCE, RoundStatus.VOTING, action="hủy phiếu")
        _board_user(vote, actor, "Người hủy phiếu")
        if serial and not vote.serials.filter(serial=serial).exists():
            raise VoteError(f"Số phiếu {serial} không có trong danh sách Ban kiểm phiếu đã phát.")
        if serial and vote.voids.filter(kind=IssueKind.BALLOTS, serial=serial).exists():
            raise VoteError(f"Phiếu số {serial} đã được hủy.")
        if vote.voids.filter(kind=IssueKind.BALLOTS).count() >= vote.serials.count():
            raise VoteError("Không còn phiếu giấy đã phát nào để hủy.")
        item = VoidedItem.objects.create(
            round=vote,
            kind=IssueKind.BALLOTS,
            reason=reason,
            serial=serial,
            identified=bool(serial),
            note=nfc(note),
            recorded_by=actor,
        )
        _audit(
            actor,
            vote,
            "votes.ballots.voided",
            changes={"reason": reason, "serial": serial, "note": item.note},
        )
    return item


def void_code(
    *, actor: Any, vote: VoteRound, reason: str, code: str = "", note: str = ""
) -> VoidedItem:
    """An e-voting code lost or spoiled. With the code (a spoiled slip handed back) it can no
    longer open a ballot; a lost slip's code is unknown, so it stays usable — if it is used, more
    ballots come back than codes in hand, an anomaly that blocks the count."""
    if reason not in VoidReason.values:
        raise VoteError("Lý do hủy: mất hoặc hỏng.")
    if reason == VoidReason.SPOILED and not code.strip():
        raise VoteError("Mã hỏng: nhập mã in trên phiếu mã.")
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.CONFERENCE, RoundStatus.VOTING, action="hủy mã")
        _board_user(vote, actor, "Người hủy mã")
        if code.strip():
            hit = VotingCode.objects.filter(
                round_id=vote.pk, code_hash=_code_hash(vote.pk, code), used=False, voided=False
            ).update(voided=True)
            if hit != 1:
                raise VoteError("Mã này không phải mã chưa dùng của vòng này.")
        if vote.voids.filter(kind=IssueKind.CODES).count() >= vote.codes.count():
            raise VoteError("Không còn mã đã phát nào để hủy.")
        item = VoidedItem.objects.create(
            round=vote,
            kind=IssueKind.CODES,
            reason=reason,
            identified=bool(code.strip()),
            note=nfc(note),
            recorded_by=actor,
        )
        _audit(
            actor,
            vote,
            "votes.codes.voided",
            changes={"reason": reason, "identified": item.identified, "note": item.note},
        )
    return item


def _check_lines(vote: VoteRound, lines: Sequence[str]) -> str:
    n = vote.subjects.count()
    if len(lines) != n:
        raise VoteError(f"Phiếu phải có đúng {n} dòng (một dòng cho mỗi người).")
    codes = []
    for i, cell in enumerate(lines, start=1):
        try:
            codes.append(rules.Line.parse(cell).code)
        except ValueError:
            raise VoteError(f"Dòng {i}: mã «{cell}» không hợp lệ.") from None
    return "|".join(codes)


def _code_refusal(vote_id: int, code: str) -> str:
    """Why a code opened no ballot, in words for the voter holding it: already spent, voided, or
    not a code of this round (a typo). Saying which tells nothing about any ballot's contents."""
    row = (
        VotingCode.objects.filter(round_id=vote_id, code_hash=_code_hash(vote_id, code))
        .values_list("used", "voided")
        .first()
    )
    if row and row[1]:
        return "Mã bỏ phiếu này đã bị Ban kiểm phiếu hủy: xin Ban kiểm phiếu mã khác."
    if row and row[0]:
        return "Mã bỏ phiếu này đã được dùng: mỗi mã chỉ bỏ được một phiếu."
    return "Mã bỏ phiếu không đúng: kiểm tra lại mã in trên phiếu (chữ hoa hay thường đều được)."


def _ballot_key(vote_id: int) -> str:
    """The round's public sealing key; made here for a round opened before sealing existed."""
    key = VoteRound.objects.filter(pk=vote_id).values_list("ballot_key", flat=True).first()
    if key:
        return key
    with transaction.atomic():
        locked = VoteRound.objects.select_for_update().get(pk=vote_id)
        if not locked.ballot_key:
            locked.ballot_key = sealing.create_key(vote_id)
            locked.save(update_fields=["ballot_key"])
        return locked.ballot_key


def _receipt_scope(vote_id: int) -> str:
    return f"vote-{vote_id}"


def _receipt(vote_id: int, code: str, text: str, signature: str) -> str:
    normal = code.strip().upper().replace("-", "").replace(" ", "")
    return receipts.digest(_receipt_scope(vote_id), normal, f"{text}\n{signature}")


def submit_electronic_ballot(
    *, vote: VoteRound, code: str, lines: Sequence[str], signature: str = ""
) -> bool:
    """CV5: a one-time code opens one ballot. The code is spent and the ballot stored in one
    transaction, and nothing links them: the code row only turns "used", the ballot gets a
    random key and is sealed to the round's key (:mod:`danchu.votes.sealing`: a copy of the
    database shows nothing countable until voting closes), and no audit entry or log line is
    written for it.

    Issue 16: the same ballot sent again with the same code (a dropped connection) is not
    refused: it returns True ("already recorded", nothing stored twice). The receipt that tells
    is a keyed digest kept only while voting is open (:class:`BallotReceipt`); another ballot
    with a used code is still refused. Returns False for a ballot stored now."""
    text = _check_lines(vote, lines)
    signature = nfc(signature)[:200]
    public = _ballot_key(vote.pk)
    sealed = sealing.seal(public, vote.pk, text, signature)
    with transaction.atomic():
        current = VoteRound.objects.filter(pk=vote.pk).values_list("status", flat=True).first()
        if current != RoundStatus.VOTING:
            raise VoteError("Bỏ phiếu chưa mở hoặc đã kết thúc.")
        digest = _receipt(vote.pk, code, text, signature)
        spent = VotingCode.objects.filter(
            round_id=vote.pk, code_hash=_code_hash(vote.pk, code), used=False, voided=False
        ).update(used=True)
        if spent != 1:
            if BallotReceipt.objects.filter(round_id=vote.pk, digest=digest).exists():
                return True
            raise VoteError(_code_refusal(vote.pk, code))
        ElectronicBallot.objects.create(round_id=vote.pk, sealed=sealed)
        BallotReceipt.objects.create(round_id=vote.pk, digest=digest)
    return False


def _shake_the_box(vote: VoteRound) -> None:
    """CV5, no order that links a ballot to its voter: the random keys hide the order in which
    electronic ballots came in, but the database keeps it underneath (SQLite's rowid,
    PostgreSQL's physical row order). Open the sealed ballots with the round's private key and
    rewrite them all, in the clear, in a random order when the box closes."""
    box = list(
        ElectronicBallot.objects.filter(round=vote).values_list("lines", "signature", "sealed")
    )
    if any(sealed for _, _, sealed in box):
        try:
            private = sealing.opener(vote.pk)
            box = [
                (*sealing.unseal(private, vote.pk, sealed), "") if sealed else (lines, sig, "")
                for lines, sig, sealed in box
            ]
        except sealing.SealError as exc:
            raise VoteError(str(exc)) from None
    secrets.SystemRandom().shuffle(box)
    ElectronicBallot.objects.filter(round=vote).delete()
    ElectronicBallot.objects.bulk_create(
        [ElectronicBallot(round=vote, lines=lines, signature=sig) for lines, sig, _ in box]
    )


def close_voting(*, actor: Any, vote: VoteRound) -> None:
    """No more ballots: the electronic ones are opened and shaken (:func:`_shake_the_box`), the
    round's private key file is deleted once that is committed, and the board starts counting
    the paper ballots."""
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.VOTING, action="kết thúc bỏ phiếu")
        _shake_the_box(vote)
        BallotReceipt.objects.filter(round=vote).delete()  # issue 16: nothing left to link
        vote.status = RoundStatus.COUNTING
        vote.issuing_closed_at = vote.issuing_closed_at or clock.now()
        vote.save(update_fields=["status", "issuing_closed_at"])
        _audit(actor, vote, "votes.round.voting_closed")
        round_id = vote.pk
        transaction.on_commit(lambda: sealing.delete_key(round_id))
        transaction.on_commit(lambda: receipts.forget(_receipt_scope(round_id)))


class DuplicateSerial(VoteError):
    """The serial typed is already on another ballot of the same pass (issue 11): said at once,
    saved only when the member confirms the paper really bears it twice."""


def enter_paper_ballot(
    *,
    actor: Any,
    vote: VoteRound,
    seq: int,
    lines: Sequence[str],
    serial: str = "",
    extra_names: int = 0,
    pass_no: int = 1,
    duplicate_ok: bool = False,
) -> PaperEntry:
    """Type one paper ballot (the ``seq``-th taken from the box), or correct one's own.

    With double entry each pass may be split into batches typed by several members (issue 11):
    a ballot number belongs to whoever typed it in that pass, a member types in one pass only,
    and nobody reads the other pass until the passes are compared (:func:`compare_passes`);
    after that only the ballots where the passes differ may be corrected. A serial already
    typed on another ballot of the pass raises :class:`DuplicateSerial` unless
    ``duplicate_ok``."""
    text = _check_lines(vote, lines)
    if pass_no not in (1, 2) or (pass_no == 2 and not vote.double_entry):
        raise VoteError("Lượt nhập không hợp lệ.")
    if seq < 1:
        raise VoteError("Số thứ tự phiếu phải từ 1.")
    if extra_names < 0:
        raise VoteError("Số tên ghi thêm không được âm.")
    serial = read_serial(vote.pk, serial)
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.COUNTING, action="nhập phiếu")
        if vote.double_entry and (
            PaperEntry.objects.filter(round=vote, pass_no=3 - pass_no, entered_by=actor).exists()
        ):
            raise VoteError("Nhập hai lượt phải do hai thành viên khác nhau.")
        existing = PaperEntry.objects.filter(round=vote, pass_no=pass_no, seq=seq).first()
        if existing is not None and existing.entered_by_id != actor.pk:
            raise VoteError(
                f"Phiếu số {seq} của lượt {pass_no} do thành viên khác của Ban kiểm phiếu nhập."
            )
        if vote.passes_compared_at is not None and seq not in selectors.mismatches(vote):
            raise VoteError(
                f"Hai lượt đã được đối chiếu: chỉ sửa được phiếu hai lượt không khớp "
                f"(phiếu số {seq} đã khớp)."
            )
        if serial and not duplicate_ok:
            twin = (
                PaperEntry.objects.filter(round=vote, pass_no=pass_no, serial=serial)
                .exclude(seq=seq)
                .values_list("seq", flat=True)
                .first()
            )
            if twin is not None:
                raise DuplicateSerial(
                    f"Số phiếu {serial} đã nhập ở phiếu số {twin} của lượt này. Nếu hai tờ phiếu "
                    "thật sự cùng số, xác nhận để lưu: theo CV7 mọi phiếu mang số này đều không "
                    "hợp lệ."
                )
        entry, created = PaperEntry.objects.update_or_create(
            round=vote,
            pass_no=pass_no,
            seq=seq,
            defaults={
                "serial": serial,
                "lines": text,
                "extra_names": extra_names,
                "entered_by": actor,
            },
        )
        if not created:
            # A correction of one's own ballot: which ballot, never what it says (CV5).
            _audit(actor, vote, "votes.paper.corrected", changes={"seq": seq, "pass": pass_no})
    return entry


def delete_paper_entry(*, actor: Any, entry: PaperEntry) -> None:
    """A member deletes a ballot of their own pass (a mistyped or phantom one), audited, until
    the passes are compared (double entry) or the count closes (issue 11)."""
    with transaction.atomic():
        vote = _lock(entry.round, RoundStatus.COUNTING, action="xóa phiếu đã nhập")
        if entry.entered_by_id != actor.pk:
            raise VoteError("Chỉ người đã nhập mới xóa được.")
        if vote.passes_compared_at is not None and entry.seq not in selectors.mismatches(vote):
            raise VoteError("Hai lượt đã được đối chiếu: không xóa được phiếu đã khớp.")
        seq, pass_no = entry.seq, entry.pass_no
        entry.delete()
        _audit(actor, vote, "votes.paper.deleted", changes={"seq": seq, "pass": pass_no})


def compare_passes(*, actor: Any, vote: VoteRound) -> list[int]:
    """Double entry: the board compares the two passes once both are typed (issue 11). Until
    then each pass is blind to the other; from then the differences are listed for the board
    and only they may be corrected."""
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.COUNTING, action="đối chiếu hai lượt nhập")
        _board_user(vote, actor, "Người đối chiếu")
        if not vote.double_entry:
            raise VoteError("Vòng này không nhập hai lượt.")
        if vote.passes_compared_at is not None:
            raise VoteError("Hai lượt đã được đối chiếu.")
        for p in (1, 2):
            if not PaperEntry.objects.filter(round=vote, pass_no=p).exists():
                raise VoteError(f"Lượt {p} chưa nhập phiếu nào.")
        diff = selectors.mismatches(vote)
        vote.passes_compared_at = clock.now()
        vote.save(update_fields=["passes_compared_at"])
        _audit(actor, vote, "votes.passes.compared", changes={"mismatches": len(diff)})
    return diff


def close_count(*, actor: Any, vote: VoteRound, reason: str = "", on: dt.date) -> None:
    """CV7–CV9 over every ballot at once; saves the result. Unresolved double-entry mismatches
    stop it; figures that do not reconcile or anomalies need the board's reason."""
    reason = nfc(reason)
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.COUNTING, action="kết thúc kiểm phiếu")
        if vote.double_entry and vote.passes_compared_at is None:
            raise VoteError("Hai lượt nhập chưa được đối chiếu.")
        if vote.double_entry:
            diff = selectors.mismatches(vote)
            if diff:
                raise VoteError(
                    f"Còn {len(diff)} phiếu nhập hai lượt không khớp (số thứ tự "
                    f"{', '.join(str(d) for d in diff[:20])}): phải đối chiếu trước khi kết thúc."
                )
        count = selectors.full_count(vote)
        if count.needs_reason and not reason:
            raise VoteError(
                "Số liệu không khớp hoặc có bất thường; Ban kiểm phiếu phải ghi rõ lý do: "
                + " ".join(a.text for a in count.anomalies)
            )
        for subject, tally_, decision in count.rows:
            SubjectResult.objects.create(
                subject=subject,
                issued=tally_.issued,
                returned=tally_.returned,
                valid=tally_.valid,
                invalid=tally_.invalid,
                high=tally_.counts[rules.Level.HIGH],
                confidence=tally_.counts[rules.Level.CONFIDENCE],
                low=tally_.counts[rules.Level.LOW],
                invalid_reasons={str(k): v for k, v in tally_.invalid_reasons.items()},
                outcome=str(decision.outcome),
                why=decision.why,
            )
        vote.issued_count, vote.returned_count = count.issued, count.returned
        vote.anomalies = [a.as_dict() for a in count.anomalies]
        vote.reconciliation_reason = reason
        vote.counted_on = on
        vote.count_closed_at = clock.now()
        vote.status = RoundStatus.COUNTED
        # Only totals go into the trail: per-subject results are disclosed under CV11 alone.
        _audit(
            actor,
            vote,
            "votes.count.closed",
            changes={
                "issued": count.issued,
                "returned": count.returned,
                "anomalies": len(count.anomalies),
                "reason": reason,
            },
        )
        vote.audit_seq, vote.audit_hash = anchor()
        vote.save()
        # CV10: the minutes are issued now, so their numbers follow the order counts close.
        _issue_minutes(actor=actor, vote=vote, on=on)


def announce(*, actor: Any, vote: VoteRound, on: dt.date) -> None:
    """CV6/CV11: the board announces the result to the conference; from now the voters present,
    the subjects and their managing authorities see it."""
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.COUNTED, action="công bố kết quả")
        vote.status = RoundStatus.ANNOUNCED
        vote.announced_on = on
        vote.save(update_fields=["status", "announced_on"])
        _audit(actor, vote, "votes.result.announced")
        _correct_report_after_reopening(actor=actor, vote=vote, on=on)


def _correct_report_after_reopening(*, actor: Any, vote: VoteRound, on: dt.date) -> None:
    """A report sent before the result was reopened is replaced when it is announced again:
    same CV4 late steps as the report sent, the new figures, the reason of the reopening."""
    from danchu.documents import issuing

    sent = issuing.current(vote, REPORT)
    since = _reopening_since(vote, sent) if sent is not None else None
    if sent is None or since is None:
        return
    doc = _issue_report(
        actor=actor,
        vote=vote,
        on=on,
        late=list(sent.figures.get("late", [])),
        replaces=sent,
        reason=_reopening_reason(since),
    )
    _audit(
        actor,
        vote,
        "votes.report.corrected",
        changes={"replaces": sent.number, "number": doc.number},
    )


# ---------------------------------------------------------------------------------------------
# Issued documents (CV10, CV12; issue 10): numbered when issued, stored as issued, corrected
# by a new document; the result locked once announced, reopened only with a reason
# ---------------------------------------------------------------------------------------------

MINUTES = "votes.minutes"
REPORT = "votes.report"


def _reopening_since(vote: VoteRound, doc: Any) -> Reopening | None:
    """The latest reopening of ``vote`` after ``doc`` was issued."""
    return (
        vote.reopenings.filter(reopened_at__gte=doc.issued_at)
        .order_by("-reopened_at", "-pk")
        .first()
    )


def _reopening_reason(reopening: Reopening) -> str:
    from django.utils.timezone import localtime

    return (
        f"Kết quả được mở lại ngày {localtime(reopening.reopened_at):%d/%m/%Y}: {reopening.reason}"
    )


OFFLINE_ONLY = (
    "Biên bản kiểm phiếu là tài liệu MẬT: theo khoản 5 Điều 5 Luật Bảo vệ bí mật nhà nước "
    "(29/2018/QH14), chỉ soạn thảo, lưu giữ trên máy chưa từng kết nối Internet. Cài đặt này "
    "không phải máy kiểm phiếu ngoại tuyến (DANCHU_OFFLINE_HALL): hãy kiểm phiếu trên máy tại "
    "hội trường (docs/offline-hall.md)."
)


def offline_hall_problem() -> None:
    """CV10 (issue 11): MẬT minutes are produced only on an installation configured as the
    offline hall laptop (setting ``DANCHU_OFFLINE_HALL``)."""
    if not getattr(settings, "DANCHU_OFFLINE_HALL", False):
        raise VoteError(OFFLINE_ONLY)


def _issue_minutes(
    *, actor: Any, vote: VoteRound, on: dt.date, reason: str = "", number: str = ""
) -> Any:
    """CV10: issue the minutes now — the number taken from the authority's secret series (or
    ``number``, one taken before this was the rule), every copy stored as issued. If minutes are
    in force they are corrected: the new ones name them, with ``reason`` (by default the reason
    of the reopening since)."""
    from danchu.documents import issuing
    from danchu.votes import minutes

    offline_hall_problem()
    in_force = issuing.current(vote, MINUTES)
    correction = None
    if in_force is not None:
        if not reason:
            since = _reopening_since(vote, in_force)
            reason = _reopening_reason(since) if since else ""
        if not reason:
            raise VoteError("Biên bản kiểm phiếu đã được ban hành; muốn sửa phải nêu lý do.")
        correction = minutes.Correction(in_force.number, in_force.issued_on, reason)

    def render(issue: Any) -> Any:
        return issuing.Rendered(
            files=minutes.minutes_files(vote, issue.number, issue.on, correction),
            figures=minutes.minutes_figures(vote),
        )

    try:
        doc = issuing.issue(
            kind=MINUTES,
            target=vote,
            title=f"Biên bản kiểm phiếu — {vote.title}",
            render=render,
            actor=actor,
            agency=vote.authority,
            unit=vote.unit,
            symbol="" if number else "BB",
            number=number,
            secret=True,
            on=on,
            replaces=in_force,
            reason=reason,
        )
    except ValueError as exc:
        raise VoteError(f"Không ban hành được biên bản kiểm phiếu: {exc}") from None
    vote.minutes_number = doc.number
    VoteRound.objects.filter(pk=vote.pk).update(minutes_number=doc.number)
    return doc


def minutes_in_force(*, actor: Any, vote: VoteRound) -> Any:
    """The minutes to serve. Minutes are issued when the count closes (:func:`close_count`); a
    round closed before that was the rule gets its minutes issued here, once, dated the day its
    count closed and keeping the number it already took, if any."""
    from danchu.documents import issuing

    doc = issuing.current(vote, MINUTES)
    if doc is not None:
        return doc
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.COUNTED, RoundStatus.ANNOUNCED, action="lập biên bản")
        doc = issuing.current(vote, MINUTES)
        if doc is None:
            today = clock.today()
            on = min(vote.counted_on or today, today)
            doc = _issue_minutes(actor=actor, vote=vote, on=on, number=vote.minutes_number)
    return doc


def issue_minutes_number(*, actor: Any, vote: VoteRound) -> str:
    """CV10: the number of the minutes in force (issuing them if a round closed before minutes
    were issued at the close has none yet)."""
    return str(minutes_in_force(actor=actor, vote=vote).number)


def correct_minutes(*, actor: Any, vote: VoteRound, reason: str) -> Any:
    """New minutes that name the ones in force and say why; the old ones stay readable."""
    reason = nfc(reason)
    if not reason:
        raise VoteError("Đính chính biên bản: cần nêu lý do.")
    with transaction.atomic():
        old = minutes_in_force(actor=actor, vote=vote)
        vote = _lock(vote, RoundStatus.COUNTED, RoundStatus.ANNOUNCED, action="đính chính biên bản")
        doc = _issue_minutes(actor=actor, vote=vote, on=clock.today(), reason=reason)
        _audit(
            actor,
            vote,
            "votes.minutes.corrected",
            changes={"replaces": old.number, "number": doc.number, "reason": reason},
        )
    return doc


def _issue_report(
    *,
    actor: Any,
    vote: VoteRound,
    on: dt.date,
    late: list[dict[str, Any]],
    replaces: Any = None,
    reason: str = "",
) -> Any:
    from danchu.documents import issuing
    from danchu.votes import minutes

    correction = (
        minutes.Correction(replaces.number, replaces.issued_on, reason) if replaces else None
    )

    def render(issue: Any) -> Any:
        return issuing.Rendered(
            files=minutes.report_files(
                vote,
                number=issue.number,
                on=issue.on,
                late=late,
                correction=correction,
                signer=minutes.report_signer(vote, actor, issue.on),
            ),
            figures=minutes.report_figures(vote, late),
        )

    try:
        return issuing.issue(
            kind=REPORT,
            target=vote,
            title=f"Báo cáo kết quả lấy phiếu tín nhiệm — {vote.title}",
            render=render,
            actor=actor,
            agency=vote.office or vote.authority,
            unit=vote.unit,
            symbol="BC",
            secret=True,  # issue 11: it carries every result (CV10/CV11): MẬT, its own series
            on=on,
            replaces=replaces,
            reason=reason,
        )
    except ValueError as exc:
        raise VoteError(f"Không gửi được báo cáo: {exc}") from None


def send_report(*, actor: Any, vote: VoteRound) -> Any:
    """CV12: the organizing office sends the report to the competent authority, today. Its
    number is taken from the office's series, its files and figures — the CV4 late steps as
    they are today included — are stored, and every later download serves them."""
    from danchu.documents import issuing
    from danchu.votes import minutes

    with transaction.atomic():
        vote = _lock(vote, RoundStatus.ANNOUNCED, action="gửi báo cáo")
        sent = issuing.current(vote, REPORT)
        if sent is not None:
            raise VoteError(f"Báo cáo đã gửi (số {sent.number}, ngày {sent.issued_on:%d/%m/%Y}).")
        today = clock.today()
        doc = _issue_report(actor=actor, vote=vote, on=today, late=minutes.late_facts(vote, today))
        _audit(actor, vote, "votes.report.sent", changes={"number": doc.number})
    return doc


def reopen_result(*, actor: Any, vote: VoteRound, reason: str) -> Reopening:
    """Issue 10: a counted or announced result is locked; the organizing authority reopens it,
    with a reason, as its own audited step. The round goes back to counting (the typed ballots
    stay; the results are taken down); closing the count again issues minutes that replace the
    old ones, and announcing again a report that replaces the one sent."""
    reason = nfc(reason)
    if not reason:
        raise VoteError("Mở lại kết quả: cần nêu lý do.")
    with transaction.atomic():
        vote = _lock(vote, RoundStatus.COUNTED, RoundStatus.ANNOUNCED, action="mở lại kết quả")
        reopening = Reopening.objects.create(
            round=vote,
            reopened_at=clock.now(),
            reopened_by=actor,
            reason=reason,
            from_status=vote.status,
            counted_on=vote.counted_on,
            announced_on=vote.announced_on,
            minutes_number=vote.minutes_number,
        )
        SubjectResult.objects.filter(subject__round=vote).delete()
        before = vote.status
        vote.status = RoundStatus.COUNTING
        vote.counted_on = vote.announced_on = None
        vote.save(update_fields=["status", "counted_on", "announced_on"])
        _audit(
            actor,
            vote,
            "votes.result.reopened",
            target=reopening,
            changes={"status": [before, vote.status], "reason": reason},
        )
    return reopening


# ---------------------------------------------------------------------------------------------
# Votes held on the offline laptop (CV10, CV12): the online record of the non-secret facts
# ---------------------------------------------------------------------------------------------

# What a later summary of the same vote (same audit anchor) may change: the result announced
# after the first export. Anything else differing means a different or altered file.
HELD_VOTE_MAY_ADVANCE = frozenset({"status", "announced_on", "report_on"})


def _held_vote_fields(facts: Summary) -> dict[str, Any]:
    return {
        "office_name": facts.office,
        "title": facts.title,
        "vote_day": facts.vote_day,
        "place": facts.place,
        "status": facts.status,
        "counted_on": facts.counted_on,
        "announced_on": facts.announced_on,
        "convened": facts.convened,
        "present": facts.present,
        "issued": facts.issued,
        "returned": facts.returned,
        "subjects": [asdict(s) for s in facts.subjects],
        "minutes_number": facts.minutes_number,
        "report_from": facts.report_from,
        "report_to": facts.report_to,
        "report_on": facts.report_on,
        "audit_seq": facts.audit_seq,
        "fingerprint": facts.fingerprint(),
    }


def record_held_vote(*, actor: Any, authority: Agency, facts: Summary) -> tuple[HeldVote, str]:
    """Record on the online installation that a vote held offline took place and was reported
    to the competent authority (CV12), from its validated summary. Idempotent, keyed by the
    laptop's audit anchor: the same summary again changes nothing ("unchanged"); a later one of
    the same vote may only move it from counted to announced ("updated"); any other difference
    is refused. Returns the record and "created", "updated" or "unchanged"."""
    fields = _held_vote_fields(facts)
    with transaction.atomic():
        held = HeldVote.objects.select_for_update().filter(audit_hash=facts.audit_hash).first()
        if held is None:
            held = HeldVote.objects.create(
                unit=authority.unit, authority=authority, audit_hash=facts.audit_hash, **fields
            )
            log(
                actor=actor,
                action="votes.held_vote.recorded",
                target=held,
                unit=held.unit,
                changes={
                    "title": held.title,
                    "audit": [held.audit_seq, held.audit_hash],
                    "fingerprint": held.fingerprint,
                },
            )
            return held, "created"
        if held.fingerprint == fields["fingerprint"]:
            return held, "unchanged"
        before = {k: getattr(held, k) for k in fields} | {"authority": held.authority_id}
        after = fields | {"authority": authority.pk}
        differ = {k for k in after if k != "fingerprint" and before[k] != after[k]}
        advances = held.status == RoundStatus.COUNTED and facts.status == RoundStatus.ANNOUNCED
        if not advances or not differ <= HELD_VOTE_MAY_ADVANCE:
            raise VoteError(
                f"Đã ghi nhận một bản tóm tắt khác có cùng mã kiểm toán ({held.title}); "
                f"tệp này khác ở: {', '.join(sorted(differ))}. Không ghi gì."
            )
        for key in differ | {"fingerprint"}:
            setattr(held, key, after[key])
        held.save()
        log(
            actor=actor,
            action="votes.held_vote.updated",
            target=held,
            unit=held.unit,
            changes={k: [str(before[k]), str(after[k])] for k in sorted(differ)},
        )
    return held, "updated"
