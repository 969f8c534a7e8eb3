"""Reads of a confidence vote that pages, the API, exports and services share.

No function here returns a count over ballot contents while the vote is open or being counted
(no partial tally): :func:`full_count` runs only inside :func:`services.close_count`, over every
ballot at once, and afterwards the stored :class:`SubjectResult` rows are read instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from danchu.core import clock
from danchu.core.text import nfc
from danchu.people.models import Assignment, Person, PositionCategory
from danchu.units.models import AdminUnit, Agency
from danchu.votes import rules
from danchu.votes.models import (
    ElectronicBallot,
    PaperEntry,
    RosterEntry,
    RoundStatus,
    Subject,
    VoteRound,
    VotingCode,
)

# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


def check_day(vote: VoteRound) -> dt.date:
    """The day CV1 is judged on: the vote day, or today while D is not set."""
    return vote.vote_day or clock.today()


def vote_year(vote: VoteRound) -> int:
    return check_day(vote).year


# ---------------------------------------------------------------------------------------------
# CV1, CV2
# ---------------------------------------------------------------------------------------------


def candidate_facts(a: Assignment) -> rules.Candidate:
    return rules.Candidate(
        full_name=a.person.full_name,
        position=a.position.name,
        unit=a.agency.name,
        post_started_on=a.start_date,
        how_started=a.how_started,
        retirement_announced_on=a.person.retirement_announced_on,
    )


@dataclass(frozen=True)
class CandidateRow:
    assignment: Assignment
    eligibility: rules.Eligibility
    already_subject: bool
    other_places: list[str]

    @property
    def places_check(self) -> rules.PlacesCheck:
        return rules.check_places(self.other_places)


def candidates(vote: VoteRound) -> list[CandidateRow]:
    """CV1: the leader posts in the agencies of the round's unit in force on the check day, each
    with its eligibility and, when excluded, the reason."""
    day = check_day(vote)
    posts = (
        Assignment.objects.active_on(day)
        .filter(agency__unit=vote.unit, position__category=PositionCategory.LEADER)
        .select_related("person", "position", "agency")
        .order_by("agency__name", "position__name")
    )
    taken = set(vote.subjects.values_list("person_id", flat=True))
    return [
        CandidateRow(
            a,
            rules.eligibility(candidate_facts(a), day.year, day),
            a.person_id in taken,
            other_places(a.person, vote),
        )
        for a in posts
    ]


def rounds_in_force(vote: VoteRound | None = None) -> QuerySet[VoteRound]:
    """CV2 "rounds in force" (design choice): rounds not cancelled in the same term of office
    (rounds without a term count together)."""
    qs = VoteRound.objects.exclude(status=RoundStatus.CANCELLED)
    if vote is not None:
        qs = qs.filter(term=vote.term) if vote.term_id else qs.filter(term__isnull=True)
    return qs


def place_label(subject: Subject) -> str:
    return f"{subject.round.title} — {subject.position_name}, {subject.unit_name}"


def other_places(person: Person, vote: VoteRound) -> list[str]:
    """CV2: where else this person is voted on in the rounds in force — one place per post
    (issue 11: the same post in two rounds is one place, and is refused again)."""
    subjects = (
        Subject.objects.filter(person=person, round__in=rounds_in_force(vote))
        .exclude(round=vote)
        .select_related("round")
        .order_by("round__pk")
    )
    seen: set[int] = set()
    places = []
    for s in subjects:
        if s.assignment_id not in seen:
            seen.add(s.assignment_id)
            places.append(place_label(s))
    return places


def manager_choices(vote: VoteRound) -> list[Agency]:
    """CV11: the authorities an organizer may name as directly managing a subject — the
    agencies of the round's unit and of every unit above it."""
    units = []
    unit: AdminUnit | None = vote.unit
    while unit is not None:
        units.append(unit.pk)
        unit = unit.parent
    return list(
        Agency.objects.filter(unit_id__in=units)
        .select_related("unit")
        .order_by("unit__level", "name")
    )


def same_post_rounds(assignment: Assignment, vote: VoteRound) -> list[str]:
    """CV2 (issue 11): the other rounds in force of the term that already vote on this post."""
    subjects = (
        Subject.objects.filter(assignment=assignment, round__in=rounds_in_force(vote))
        .exclude(round=vote)
        .select_related("round")
        .order_by("round__pk")
    )
    return [s.round.title for s in subjects]


def person_places(person: Person) -> list[Subject]:
    """CV2: every place a person is voted at, for the managing authority's joint view."""
    return list(
        Subject.objects.filter(person=person)
        .exclude(round__status=RoundStatus.CANCELLED)
        .select_related("round", "managed_by__unit")
        .order_by("round__vote_day", "round__pk")
    )


# ---------------------------------------------------------------------------------------------
# Roster and quorum (CV3)
# ---------------------------------------------------------------------------------------------


def default_roster(vote: VoteRound) -> list[tuple[Person, str]]:
    """Seed 001: the members of the People's Committee and the heads of the unit's agencies —
    read as everyone holding a leader post in an agency of the round's unit."""
    posts = (
        Assignment.objects.active_on(check_day(vote))
        .filter(agency__unit=vote.unit, position__category=PositionCategory.LEADER)
        .select_related("person", "position", "agency")
        .order_by("person_id", "start_date")
    )
    seen: dict[int, tuple[Person, str]] = {}
    for a in posts:
        seen.setdefault(a.person_id, (a.person, f"{a.position.name}, {a.agency.name}"))
    return list(seen.values())


def roster(vote: VoteRound) -> list[RosterEntry]:
    """The convened voters in Vietnamese order (ID2: given name, then middle name, then family
    name, with ICU's Vietnamese collation)."""
    from danchu.core.collation import name_sort_key

    entries = list(vote.roster.select_related("person"))
    entries.sort(
        key=lambda e: (
            name_sort_key(e.person.given_name, e.person.middle_name, e.person.family_name),
            e.pk,
        )
    )
    return entries


def roster_candidates(vote: VoteRound) -> QuerySet[Person]:
    """People the organizers may add to the roster by hand (CV3, "editable"): those of the
    round's unit, or holding a post in one of its agencies, not yet convened."""
    from django.db.models import Q

    from danchu.people.selectors import vietnamese_order

    posts = Assignment.objects.active_on(check_day(vote)).filter(agency__unit=vote.unit)
    people = Person.objects.filter(
        Q(home_unit=vote.unit) | Q(pk__in=posts.values("person_id"))
    ).exclude(pk__in=vote.roster.values("person_id"))
    return vietnamese_order(people)


def quorum(vote: VoteRound) -> rules.Quorum:
    convened = vote.roster.count()
    present = vote.roster.filter(present=True).count()
    return rules.quorum(convened, present)


# ---------------------------------------------------------------------------------------------
# Timeline (CV4)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    step: rules.TimelineStep
    who: str
    due: dt.date
    done_on: dt.date | None
    status: str
    how: str = ""

    @property
    def late(self) -> bool:
        return self.status in {rules.StepStatus.LATE, rules.StepStatus.OVERDUE}


def _deadline(vote_day: dt.date, step: rules.TimelineStep) -> Any:
    from danchu.legalcal.deadlines import before

    return before(
        vote_day,
        step.days_before,
        rule="CV4",
        why=f"{step.what}: chậm nhất {step.days_before} ngày trước ngày lấy phiếu — CV4",
    )


def timeline(vote: VoteRound, today: dt.date | None = None) -> list[TimelineItem]:
    """Every CV4 step with its due date and on-time/late status: one row per subject for the
    subjects' steps, one for the office's, one per clarification request."""
    if vote.vote_day is None:
        return []
    today = today or clock.today()
    items: list[TimelineItem] = []
    steps = {s.step: (s, _deadline(vote.vote_day, s)) for s in rules.CV4_STEPS}

    def add(step: rules.Step, who: str, done: dt.date | None) -> None:
        spec, deadline = steps[step]
        st = rules.step_status(deadline.due, done, today)
        items.append(TimelineItem(spec, who, deadline.due, done, str(st), deadline.how))

    subjects = list(vote.subjects.all())
    for s in subjects:
        add(rules.Step.SELF_REPORT, s.full_name, s.self_report_on)
    add(
        rules.Step.DOSSIER_SENT,
        vote.office.name if vote.office else vote.authority.name,
        vote.dossiers_sent_on,
    )
    if "clarifications" in getattr(vote, "_prefetched_objects_cache", {}):
        requests = list(vote.clarifications.all())  # prefetched by a list (home page)
    else:
        requests = list(vote.clarifications.select_related("voter__person", "subject"))
    for req in requests:
        add(
            rules.Step.CLARIFICATION_REQUEST,
            f"{req.voter.person.full_name} → {req.subject.full_name}",
            req.submitted_on,
        )
    asked = {req.subject_id for req in requests}
    for s in subjects:
        if s.pk in asked or s.explanation_on:
            add(rules.Step.SUPPLEMENTARY_EXPLANATION, s.full_name, s.explanation_on)
    return items


def late_items(vote: VoteRound, today: dt.date | None = None) -> list[TimelineItem]:
    return [i for i in timeline(vote, today) if i.late]


# ---------------------------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """What may be shown while counting: how many, never what they say."""

    serials_issued: int
    codes_issued: int
    codes_used: int
    paper_entered: dict[int, int]
    present: int = 0
    ballots_voided: int = 0
    codes_voided: int = 0

    @property
    def issued(self) -> int:
        return self.serials_issued + self.codes_issued

    @property
    def in_hand(self) -> int:
        """Issued less voided: what the bound by the voters present (CV3, CV6) applies to."""
        return self.issued - self.ballots_voided - self.codes_voided


def progress(vote: VoteRound) -> Progress:
    passes: dict[int, int] = {}
    for p in PaperEntry.objects.filter(round=vote).values_list("pass_no", flat=True):
        passes[p] = passes.get(p, 0) + 1
    return Progress(
        serials_issued=vote.serials.count(),
        codes_issued=vote.codes.count(),
        codes_used=vote.codes.filter(used=True).count(),
        paper_entered=passes,
        present=vote.roster.filter(present=True).count(),
        ballots_voided=vote.voids.filter(kind="ballots").count(),
        codes_voided=vote.voids.filter(kind="codes").count(),
    )


def mismatches(vote: VoteRound) -> list[int]:
    """Double entry: ballot numbers (``seq``) where the two passes differ or one is missing."""
    first = {
        e.seq: (e.serial, e.lines, e.extra_names)
        for e in PaperEntry.objects.filter(round=vote, pass_no=1)
    }
    second = {
        e.seq: (e.serial, e.lines, e.extra_names)
        for e in PaperEntry.objects.filter(round=vote, pass_no=2)
    }
    return sorted(seq for seq in set(first) | set(second) if first.get(seq) != second.get(seq))


def mismatch_rows(vote: VoteRound) -> list[tuple[int, PaperEntry | None, PaperEntry | None]]:
    entries: dict[int, dict[int, PaperEntry]] = {1: {}, 2: {}}
    for e in PaperEntry.objects.filter(round=vote):
        entries[e.pass_no][e.seq] = e
    return [(seq, entries[1].get(seq), entries[2].get(seq)) for seq in mismatches(vote)]


@dataclass
class FullCount:
    issued: int
    returned: int
    anomalies: list[rules.AnomalyNote]
    rows: list[tuple[Subject, rules.SubjectTally, rules.Decision]]
    reconciles: bool

    @property
    def needs_reason(self) -> bool:
        """Any irregularity (voided ballots alone are not one) or figures that do not
        reconcile: the board records its decision before the count closes."""
        real = [a for a in self.anomalies if a.kind not in rules.INFORMATIONAL_ANOMALIES]
        return bool(real) or not self.reconciles


def _to_ballot(lines: str, extra: int, issued: bool) -> rules.Ballot:
    return rules.Ballot(tuple(rules.Line.parse(c) for c in lines.split("|")), extra, issued)


def full_count(vote: VoteRound) -> FullCount:
    """CV7–CV9 over every returned ballot of the round, paper and electronic together. Called
    by ``services.close_count`` only (never while the vote is open, never on part of the
    ballots)."""
    if vote.status != RoundStatus.COUNTING:
        raise PermissionError("no partial tally")
    subjects = list(vote.subjects.order_by("order"))
    voided_serials = set(
        vote.voids.filter(kind="ballots").exclude(serial="").values_list("serial", flat=True)
    )
    # A voided ballot found in the box is not one the board issued (CV7).
    issued_serials = frozenset(vote.serials.values_list("serial", flat=True)) - voided_serials
    codes_issued = vote.codes.count()
    codes_used = VotingCode.objects.filter(round=vote, used=True).count()
    voids: dict[str, dict[str, int]] = {"ballots": {}, "codes": {}}
    for kind, reason in vote.voids.values_list("kind", "reason"):
        voids[kind][reason] = voids[kind].get(reason, 0) + 1
    voided = sum(sum(v.values()) for v in voids.values())
    paper = list(PaperEntry.objects.filter(round=vote, pass_no=1).order_by("seq"))
    electronic = list(ElectronicBallot.objects.filter(round=vote).values_list("lines", flat=True))
    issued = vote.serials.count() + codes_issued
    # Every paper ballot of the platform is issued with a serial (CV5), so the list is always
    # known — even empty, when the board issued none: then no paper ballot is the board's.
    flags, anomalies = rules.check_serials([p.serial for p in paper], issued_serials)
    ballots = [_to_ballot(p.lines, p.extra_names, ok) for p, ok in zip(paper, flags, strict=True)]
    ballots += [_to_ballot(lines, 0, True) for lines in electronic]
    returned = len(ballots)
    # Counts bounded by facts (CV3, CV6, CV8): the box against the voters present and the
    # ballots in their hands; each of these blocks the count until the board decides.
    reasons = list(
        vote.issue_batches.filter(status="issued")
        .exclude(reason="")
        .values_list("reason", flat=True)
    )
    bounds = [
        rules.returned_over_present(vote.present_count, returned),
        rules.returned_over_issued(issued, returned, voided),
        rules.issued_over_present(vote.present_count, issued - voided, reasons),
        rules.voided_note(voids["ballots"], voids["codes"]),
    ]
    anomalies[:0] = [a for a in bounds if a]
    if codes_used != len(electronic):
        anomalies.append(
            rules.AnomalyNote(
                rules.Anomaly.RETURNED_OVER_ISSUED,
                f"Số mã đã dùng ({codes_used}) khác số phiếu điện tử lưu được ({len(electronic)}).",
                count=abs(codes_used - len(electronic)),
            )
        )
    tallies = rules.tally(ballots, len(subjects), issued)
    denominator = rules.Denominator(vote.denominator)
    rows = []
    for subject, t in zip(subjects, tallies, strict=True):
        base = rules.denominator_count(denominator, t.returned, vote.convened_count)
        decision = rules.outcome(
            t.counts[rules.Level.LOW], base, denominator, high=t.counts[rules.Level.HIGH]
        )
        rows.append((subject, t, decision))
    return FullCount(issued, returned, anomalies, rows, all(t.reconciles for t in tallies))


# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------


def rounds_for(user: Any) -> QuerySet[VoteRound]:
    """The rounds a user may open: the same groups as ``permissions.can_view_round``."""
    from django.db.models import Q

    from danchu.accounts import access
    from danchu.accounts.access import Cap
    from danchu.accounts.models import Role

    if not getattr(user, "is_authenticated", False):
        return VoteRound.objects.none()
    cond = Q(unit__in=access.visible_units(user, Cap.RUN_VOTES))
    record_ids = access.user_records(user, Role.VOTE_ORGANIZER, VoteRound) + access.user_records(
        user, Role.COUNTING_BOARD, VoteRound
    )
    cond |= Q(pk__in=record_ids)
    if user.person_id:
        cond |= Q(roster__person_id=user.person_id) | Q(subjects__person_id=user.person_id)
    managed = [u.pk for u in access.role_units(user, Cap.RUN_VOTES)]
    if managed:
        cond |= Q(subjects__managed_by__unit_id__in=managed)
    ids = VoteRound.objects.filter(cond).values("pk")
    return VoteRound.objects.filter(pk__in=ids).select_related("unit", "authority")


# ---------------------------------------------------------------------------------------------
# Votes held offline (CV10, CV12)
# ---------------------------------------------------------------------------------------------


def held_vote_authority(unit_code: str, name: str, on: dt.date) -> Agency:
    """The organizing authority a summary file names: the agency called ``name`` of the unit
    with official code ``unit_code`` (the one in force on ``on`` when both maps have the code).
    Raises ``LookupError`` with a message for the operator."""
    found = list(Agency.objects.filter(unit__code=unit_code, name=nfc(name)).select_related("unit"))
    if len(found) > 1:
        found = [a for a in found if a.unit.in_force_on(on)]
    if not found:
        raise LookupError(f"Không có cơ quan «{name}» thuộc đơn vị mã «{unit_code}».")
    if len(found) > 1:
        raise LookupError(f"«{name}» (mã đơn vị {unit_code}) khớp với nhiều cơ quan.")
    return found[0]
