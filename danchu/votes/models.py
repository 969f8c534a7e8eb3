"""Confidence-vote rounds (seed 001): subjects, roster, dossiers, board, ballots and results.

Secrecy by construction (CV5, CV11):
- :class:`IssuedSerial` records which paper-ballot serials the board issued, never to whom.
- :class:`VotingCode` holds only a hash of each one-time e-voting code and a "used" flag: no
  timestamps, no link to a voter, no link to a ballot.
- :class:`ElectronicBallot` has a random UUID key, no timestamps and no foreign key to a code,
  a voter or a user; the order rows were written in cannot be recovered from the table.
- :class:`PaperEntry` rows are the board's typing of the paper ballots taken out of the box.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.people.models import Assignment, Person, Term
from danchu.units.models import AdminUnit, Agency
from danchu.votes import rules


class RoundStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    CONFERENCE = "conference", _("Conference (check-in)")
    VOTING = "voting", _("Voting open")
    COUNTING = "counting", _("Counting")
    COUNTED = "counted", _("Counted, not yet announced")
    ANNOUNCED = "announced", _("Result announced")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses during which no figure about ballot contents may be shown (no partial tally).
SEALED_STATUSES = frozenset({RoundStatus.VOTING, RoundStatus.COUNTING})
IN_FORCE_EXCLUDES = frozenset({RoundStatus.CANCELLED})


class Denominator(models.TextChoices):
    RETURNED = rules.Denominator.RETURNED.value, _("Ballots returned (Regulation 96-QĐ/TW)")
    CONVENED = rules.Denominator.CONVENED.value, _("All convened (People's Council vote)")


class VoteRound(models.Model):
    title = models.CharField(_("title"), max_length=255)
    authority = models.ForeignKey(
        Agency,
        verbose_name=_("organizing authority"),
        on_delete=models.PROTECT,
        related_name="vote_rounds",
    )
    office = models.ForeignKey(
        Agency,
        verbose_name=_("organizing office"),
        on_delete=models.PROTECT,
        related_name="organized_vote_rounds",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="vote_rounds"
    )
    vote_day = models.DateField(_("vote day"), null=True, blank=True)
    place = models.CharField(_("place of the conference"), max_length=255, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    term = models.ForeignKey(
        Term, verbose_name=_("term of office"), null=True, blank=True, on_delete=models.PROTECT
    )
    denominator = models.CharField(
        _("shares counted over"),
        max_length=10,
        choices=Denominator.choices,
        default=Denominator.RETURNED,
        help_text=_(
            "CV9: ballots returned by default; the total convened for a vote held by a "
            "People's Council."
        ),
    )
    evoting = models.BooleanField(_("electronic voting in the hall"), default=False)
    double_entry = models.BooleanField(_("double entry of paper ballots"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.PREPARING
    )
    dossiers_sent_on = models.DateField(_("dossiers sent to voters on"), null=True, blank=True)
    # Filled when the count closes.
    issued_count = models.PositiveIntegerField(default=0)
    returned_count = models.PositiveIntegerField(default=0)
    convened_count = models.PositiveIntegerField(default=0)
    present_count = models.PositiveIntegerField(default=0)
    anomalies = models.JSONField(default=list, blank=True)
    reconciliation_reason = models.TextField(_("why the figures do not reconcile"), blank=True)
    counted_on = models.DateField(null=True, blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    audit_seq = models.PositiveBigIntegerField(null=True, blank=True)
    audit_hash = models.CharField(max_length=128, blank=True)
    minutes_number = models.CharField(max_length=60, blank=True)
    # Issue 11 — the conference as it ran (DOC1 minutes: start and closing times, secretary).
    opened_at = models.DateTimeField(_("vote opened at"), null=True, blank=True)
    opening_decision = models.TextField(
        _("decision to open the vote despite the CV4 timeline"), blank=True
    )
    opening_exceptions = models.JSONField(default=list, blank=True)
    issuing_closed_at = models.DateTimeField(
        _("issuing of ballots closed at"), null=True, blank=True
    )
    passes_compared_at = models.DateTimeField(_("entry passes compared at"), null=True, blank=True)
    count_closed_at = models.DateTimeField(_("count closed at"), null=True, blank=True)
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("secretary of the conference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # CV5: the round's X25519 public key (base64) that seals each e-ballot while the vote is
    # open; its private half is the key file "vote-<id>.key" outside the database, used once
    # when voting closes and then deleted (danchu.votes.sealing).
    ballot_key = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("confidence-vote round")
        verbose_name_plural = _("confidence-vote rounds")
        ordering = ["-vote_day", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_sealed(self) -> bool:
        return self.status in SEALED_STATUSES

    @property
    def has_result(self) -> bool:
        return self.status in {RoundStatus.COUNTED, RoundStatus.ANNOUNCED}


ROUND_SETTINGS = (
    "title",
    "office",
    "vote_day",
    "place",
    "legal_basis",
    "term",
    "denominator",
    "evoting",
    "double_entry",
)
"""What organizers may change while the round is prepared (``services.update_round``), in the
order the form and the admin show it, after the organizing authority (fixed once created)."""


class Subject(models.Model):
    """A person voted on in a round, from one of their assignments (CV1)."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="subjects")
    order = models.PositiveSmallIntegerField(_("number on the ballot"))
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("post"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="vote_subjects")
    full_name = models.CharField(_("full name"), max_length=200)
    position_name = models.CharField(_("post held"), max_length=255)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    managed_by = models.ForeignKey(
        Agency,
        verbose_name=_("directly managing authority"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("CV11: this authority sees the result."),
    )
    managed_by_reason = models.TextField(_("why this managing authority"), blank=True)
    self_report_on = models.DateField(_("self-report received on"), null=True, blank=True)
    explanation_on = models.DateField(
        _("supplementary explanation received on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("person voted on")
        verbose_name_plural = _("people voted on")
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="vote_subject_once_per_round"),
            models.UniqueConstraint(fields=["round", "order"], name="vote_subject_order_unique"),
        ]

    def __str__(self) -> str:
        return rules.subject_line(self.full_name, self.position_name, self.unit_name)


class DocumentKind(models.TextChoices):
    SELF_REPORT = "self_report", _("Self-assessment report")
    ASSETS = "assets", _("Asset and income declaration")
    EXPLANATION = "explanation", _("Supplementary explanation")


class SubjectDocument(models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="votes/dossiers/%Y/")
    received_on = models.DateField(_("received on"))

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["subject", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.subject.full_name}"


class RosterEntry(models.Model):
    """A convened voter (CV3)."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="roster")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    position_name = models.CharField(_("post held"), max_length=255, blank=True)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("convened voter")
        verbose_name_plural = _("convened voters")
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="vote_roster_once")]

    def __str__(self) -> str:
        return str(self.person)


class ClarificationRequest(models.Model):
    """A voter's written request for clarification, forwarded to the subject (CV4)."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="clarifications")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="clarifications")
    voter = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("request"))
    submitted_on = models.DateField(_("submitted on"))
    forwarded_on = models.DateField(_("forwarded to the subject on"), null=True, blank=True)

    class Meta:
        verbose_name = _("clarification request")
        verbose_name_plural = _("clarification requests")
        ordering = ["submitted_on", "pk"]

    def __str__(self) -> str:
        return f"Yêu cầu làm rõ — {self.subject.full_name}"


class BoardMember(models.Model):
    """A member of the counting board elected by the conference (CV6)."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="board")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_head = models.BooleanField(_("head of the board"), default=False)

    class Meta:
        verbose_name = _("counting board member")
        verbose_name_plural = _("counting board members")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="vote_board_member_once")
        ]

    def __str__(self) -> str:
        return str(self.user)


class IssuedSerial(models.Model):
    """A paper-ballot serial the board issued. Which, and how many — never to whom (CV5)."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="serials")
    serial = models.CharField(max_length=12)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "serial"], name="vote_serial_unique")
        ]

    def __str__(self) -> str:
        return self.serial


def _random_uuid() -> uuid.UUID:
    return uuid.uuid4()


class VotingCode(models.Model):
    """A one-time e-voting code handed to a present voter, stored as a hash only.

    A random key (never the printing order), no timestamps, no voter, no ballot: "used" is all
    that is known (returned = used codes); "voided" when the board voided it (spoiled slip)."""

    id = models.UUIDField(primary_key=True, default=_random_uuid, editable=False)
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    voided = models.BooleanField(default=False)

    def __str__(self) -> str:
        return "Mã bỏ phiếu"  # never the code


class ElectronicBallot(models.Model):
    """A submitted electronic ballot: a random key, the lines, and nothing that links it to a
    voter, a code, a time or an order (CV5). ``signature`` only if the voter chose to sign.

    While the vote is open only ``sealed`` is filled: lines and signature encrypted to the
    round's public key, padded to one length (danchu.votes.sealing). When voting closes the
    box is opened and rewritten in random order with ``lines``/``signature`` and no ``sealed``."""

    id = models.UUIDField(primary_key=True, default=_random_uuid, editable=False)
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="e_ballots")
    lines = models.CharField(max_length=400, blank=True)  # cell codes, "|"-separated
    signature = models.CharField(max_length=200, blank=True)
    sealed = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]  # random: never the order of submission

    def __str__(self) -> str:
        return "Phiếu điện tử"  # never its contents


class BallotReceipt(models.Model):
    """Issue 16: while voting is open, a keyed digest of (code, ballot) for each electronic
    ballot stored (:mod:`danchu.core.receipts`), so a voter whose connection dropped and who
    sends the same ballot with the same code again is told it was recorded. No ballot, time or
    order: a random key and the digest. Deleted, with its key file, when voting closes."""

    id = models.UUIDField(primary_key=True, default=_random_uuid, editable=False)
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return "Biên nhận phiếu"  # never its digest


class IssueKind(models.TextChoices):
    BALLOTS = "ballots", _("Paper ballots")
    CODES = "codes", _("E-voting codes")


class IssueStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second board member")
    ISSUED = "issued", _("Issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class IssueBatch(models.Model):
    """CV6: ballots or codes are issued by two counting-board members: one asks for a number
    (and, beyond the voters present, says why), another confirms; only then are they made and
    printed. Both names stay on the record and in the audit trail."""

    id = models.UUIDField(primary_key=True, default=_random_uuid, editable=False)
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="issue_batches")
    kind = models.CharField(_("kind"), max_length=10, choices=IssueKind.choices)
    count = models.PositiveIntegerField(_("how many"))
    reason = models.TextField(_("why more than the voters present"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("issue of ballots or codes")
        verbose_name_plural = _("issues of ballots or codes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count}"


class VoidReason(models.TextChoices):
    LOST = "lost", _("Lost")
    SPOILED = "spoiled", _("Spoiled")


class VoidedItem(models.Model):
    """A paper ballot or an e-voting code the board voided (lost, spoiled): counted off the
    ballots in voters' hands, listed in the minutes. A spoiled one is identified (its serial,
    or its code, which then opens no ballot); a lost one may not be."""

    id = models.UUIDField(primary_key=True, default=_random_uuid, editable=False)
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="voids")
    kind = models.CharField(_("kind"), max_length=10, choices=IssueKind.choices)
    reason = models.CharField(_("reason"), max_length=10, choices=VoidReason.choices)
    serial = models.CharField(_("serial"), max_length=12, blank=True)
    identified = models.BooleanField(_("identified"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("voided ballot or code")
        verbose_name_plural = _("voided ballots or codes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_reason_display()}"


class PaperEntry(models.Model):
    """One paper ballot as typed by a board member; with double entry, two passes."""

    id = models.UUIDField(primary_key=True, default=_random_uuid, editable=False)
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="paper_entries")
    pass_no = models.PositiveSmallIntegerField(default=1)
    seq = models.PositiveIntegerField(_("ballot number in the pile"))
    serial = models.CharField(_("serial"), max_length=12, blank=True)
    lines = models.CharField(max_length=400)
    extra_names = models.PositiveSmallIntegerField(_("names written in"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pass_no", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "pass_no", "seq"], name="vote_paper_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Phiếu số {self.seq} (lượt {self.pass_no})"


class SubjectResult(models.Model):
    """CV8/CV9 for one subject, saved when the count closes."""

    subject = models.OneToOneField(Subject, on_delete=models.CASCADE, related_name="result")
    issued = models.PositiveIntegerField()
    returned = models.PositiveIntegerField()
    valid = models.PositiveIntegerField()
    invalid = models.PositiveIntegerField()
    high = models.PositiveIntegerField()
    confidence = models.PositiveIntegerField()
    low = models.PositiveIntegerField()
    invalid_reasons = models.JSONField(default=dict)
    outcome = models.CharField(max_length=20)
    why = models.TextField()

    def __str__(self) -> str:
        return f"Kết quả — {self.subject.full_name}"

    def pct(self, count: int) -> str:
        from fractions import Fraction

        return rules.percent(Fraction(count, self.returned)) if self.returned else "0.00"

    @property
    def high_pct(self) -> str:
        return self.pct(self.high)

    @property
    def confidence_pct(self) -> str:
        return self.pct(self.confidence)

    @property
    def low_pct(self) -> str:
        return self.pct(self.low)


class HeldVote(models.Model):
    """A confidence vote held on an offline laptop, as recorded on the online installation from
    its summary file (``danchu vote import-summary``; CV10, CV12).

    Only the non-secret facts: that the vote took place, the numbers of people and ballots, who
    was voted on, that the report went to the competent authority, and the laptop's audit
    anchor. Never a subject's figures or outcome: they stay offline and in the sealed minutes."""

    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        Agency,
        verbose_name=_("organizing authority"),
        on_delete=models.PROTECT,
        related_name="held_votes",
    )
    office_name = models.CharField(_("organizing office"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=255)
    vote_day = models.DateField(_("vote day"), null=True, blank=True)
    place = models.CharField(_("place of the conference"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices)
    counted_on = models.DateField(_("count closed on"))
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    convened = models.PositiveIntegerField(_("convened"))
    present = models.PositiveIntegerField(_("present"))
    issued = models.PositiveIntegerField(_("ballots issued"))
    returned = models.PositiveIntegerField(_("ballots returned"))
    subjects = models.JSONField(_("people voted on"), default=list)
    minutes_number = models.CharField(_("number of the minutes"), max_length=60, blank=True)
    report_from = models.CharField(_("report sent by"), max_length=255)
    report_to = models.CharField(_("report sent to"), max_length=255)
    report_on = models.DateField(_("report dated"))
    audit_seq = models.PositiveBigIntegerField(_("position in the laptop's audit trail"))
    audit_hash = models.CharField(_("hash of the laptop's audit trail"), max_length=64)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("confidence vote held offline")
        verbose_name_plural = _("confidence votes held offline")
        ordering = ["-counted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit_hash"], name="vote_held_once_per_anchor")
        ]

    def __str__(self) -> str:
        return self.title


class Reopening(models.Model):
    """A counted or announced result reopened by the organizing authority, with its reason
    (issue 10, "records that hold"). The round goes back to counting; what it was is kept here
    and the results page lists every reopening: when, by whom and why."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="reopenings")
    reopened_at = models.DateTimeField(_("reopened at"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    from_status = models.CharField(_("status before"), max_length=12, choices=RoundStatus.choices)
    counted_on = models.DateField(_("count closed on"), null=True, blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    minutes_number = models.CharField(_("minutes in force"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("reopening of a result")
        verbose_name_plural = _("reopenings of a result")
        ordering = ["reopened_at", "pk"]

    def __str__(self) -> str:
        return f"Mở lại — {self.round.title}"
