"""Households and community decisions (LD2–LD7; Law 10/2022 Arts 15–23, Decree 59 Arts 3–5).

A :class:`Household` row is one version of a household in one village, valid from a day to a day:
a household that joins opens a row, one that moves or leaves closes it (never deleted), a new
representative closes the row and opens the next. A :class:`Decision` is one matter put to the
community, from the proposal to recognition; its form's details live in :class:`Meeting`,
:class:`HouseholdBallot` or :class:`OnlineVote`. Village head elections (LD13) and charters
(LD14) build on the same decision (matters 3 and 4).

Every write goes through :mod:`danchu.residents.services`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.residents import rules
from danchu.units.models import AdminUnit


class HouseholdQuerySet(models.QuerySet["Household"]):
    def in_force(self, on: dt.date) -> HouseholdQuerySet:
        """Households in force on ``on`` (valid_from ≤ on ≤ valid_to)."""
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class EndReason(models.TextChoices):
    CHANGED = "changed", _("Details changed (next version)")
    MOVED = "moved", _("Moved to another village")
    LEFT = "left", _("Left the commune or dissolved")


class Household(models.Model):
    """One version of a household of a village, with its representative (Art. 18.2)."""

    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="households"
    )
    number = models.CharField(_("household number"), max_length=30)
    representative = models.CharField(_("household representative"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=10, choices=EndReason.choices, blank=True
    )
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    created_at = models.DateTimeField(editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village", "number", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="residents_household_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["village", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.number} — {self.representative}"

    def in_force_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class Status(models.TextChoices):
    """Where a decision stands (LD2–LD7)."""

    PROPOSED = "proposed", _("Proposed")
    COLLECTING = "collecting", _("Collecting support")
    SCHEDULED = "scheduled", _("Form chosen")
    HELD = "held", _("Result recorded")
    ISSUED = "issued", _("Decision record issued")
    SENT = "sent", _("Sent to the commune")
    RECOGNISED = "recognised", _("Recognised")
    REFUSED = "refused", _("Refused")
    NOT_PASSED = "not_passed", _("Not passed")
    LAPSED = "lapsed", _("Initiative lapsed")


MATTER_CHOICES = [
    (rules.Matter.WORKS.value, _("Contributions to works")),
    (rules.Matter.FUNDS.value, _("Residents' contributions and funds")),
    (rules.Matter.CHARTER.value, _("Village charter")),
    (rules.Matter.VILLAGE_HEAD.value, _("Electing or dismissing the village head")),
    (rules.Matter.BOARD_MEMBERS.value, _("Members of the two boards")),
    (rules.Matter.OTHER.value, _("Other self-governing matters")),
]
SCOPE_CHOICES = [
    (rules.Scope.VILLAGE.value, _("Village")),
    (rules.Scope.COMMUNE.value, _("Commune-wide")),
]
FORM_CHOICES = [
    (rules.Form.MEETING.value, _("Community meeting")),
    (rules.Form.BALLOT.value, _("Household ballot")),
    (rules.Form.ONLINE.value, _("Online vote")),
]
PROPOSER_CHOICES = [
    (rules.Proposer.CHAIRMAN.value, _("Commune chairman with the Front chair")),
    (rules.Proposer.VILLAGE_HEAD.value, _("Village head with the village Front committee")),
    (rules.Proposer.INITIATIVE.value, _("Residents' initiative")),
]


class Decision(models.Model):
    """A matter put to the community and its record (Art. 20.2), sent and recognised (LD7)."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        AdminUnit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    scope = models.CharField(_("scope"), max_length=4, choices=SCOPE_CHOICES)
    matter = models.CharField(_("matter"), max_length=20, choices=MATTER_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("what is put to the community"))
    proposer = models.CharField(_("proposed by"), max_length=20, choices=PROPOSER_CHOICES)
    proposed_on = models.DateField(_("proposed on"))
    front_agreed = models.BooleanField(_("agreed with the Front"), default=False)
    # LD2 — residents' initiative: support gathered from this day, valid 3 months
    initiative_started_on = models.DateField(_("support collected from"), null=True, blank=True)
    initiative_front_backs = models.BooleanField(_("backed by the village Front"), default=False)
    form = models.CharField(_("form"), max_length=12, choices=FORM_CHOICES, blank=True)
    follows = models.OneToOneField(
        "self",
        verbose_name=_("follows the thin meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    # Art. 20.2 — the record
    held_on = models.DateField(_("decided on"), null=True, blank=True)
    households_total = models.PositiveIntegerField(_("households in total"), null=True, blank=True)
    present = models.PositiveIntegerField(
        _("households present or answering"), null=True, blank=True
    )
    agree = models.PositiveIntegerField(_("agree"), null=True, blank=True)
    disagree = models.PositiveIntegerField(_("disagree"), null=True, blank=True)
    other = models.PositiveIntegerField(_("other opinion"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    rule = models.CharField(max_length=8, blank=True)
    why = models.TextField(blank=True)
    discussed = models.TextField(_("what was discussed"), blank=True)
    decided = models.TextField(_("what was decided"), blank=True)
    signed_by = models.TextField(_("signatures"), blank=True)
    # LD4–LD7 — sending, recognition, effect
    sent_on = models.DateField(_("sent to the commune on"), null=True, blank=True)
    sent_reason = models.TextField(blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_reason = models.TextField(_("reasons"), blank=True)
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("community decision")
        verbose_name_plural = _("community decisions")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="xa", village__isnull=True)
                | Q(scope="thon", village__isnull=False),
                name="residents_decision_village_iff_village_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def matter_enum(self) -> rules.Matter:
        return rules.Matter(self.matter)

    @property
    def scope_enum(self) -> rules.Scope:
        return rules.Scope(self.scope)

    @property
    def form_enum(self) -> rules.Form | None:
        return rules.Form(self.form) if self.form else None

    @property
    def unit(self) -> AdminUnit:
        """The community that decides: the village, or the commune."""
        return self.village if self.village is not None else self.commune


class Support(models.Model):
    """LD2: a household supporting a residents' initiative (counted against households)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="supports")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        verbose_name = _("initiative support")
        verbose_name_plural = _("initiative supports")
        constraints = [
            models.UniqueConstraint(fields=["decision", "household"], name="residents_support_once")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}/{self.household_id}"


class Meeting(models.Model):
    """LD4: a community meeting (Art. 18, Decree 59 Art. 3)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="meetings")
    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("meeting day"))
    place = models.CharField(_("place"), max_length=200)
    notice_on = models.DateField(_("notice reached households on"), null=True, blank=True)
    documents_on = models.DateField(_("documents reached households on"), null=True, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    counting_board = models.TextField(_("counting board (one per line)"), blank=True)
    witnesses = models.TextField(_("witnessing households (one per line)"), blank=True)
    secret_ballot = models.BooleanField(_("secret ballot"), default=False)

    class Meta:
        verbose_name = _("community meeting")
        verbose_name_plural = _("community meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "village"], name="residents_meeting_per_village"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.held_on:%d/%m/%Y}"


class VillageResult(models.Model):
    """One village's count (LD7): households in force on the day, present or answering, agree,
    disagree, other; commune-wide matters have one per village."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="results")
    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    households_total = models.PositiveIntegerField(_("households in total"))
    present = models.PositiveIntegerField(_("households present or answering"))
    agree = models.PositiveIntegerField(_("agree"))
    disagree = models.PositiveIntegerField(_("disagree"), default=0)
    other = models.PositiveIntegerField(_("other opinion"), default=0)
    passed = models.BooleanField(_("passed"))
    recorded_on = models.DateField()

    class Meta:
        verbose_name = _("village result")
        verbose_name_plural = _("village results")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "village"], name="residents_result_per_village"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village}: {self.agree}/{self.households_total}"


class HouseholdBallot(models.Model):
    """LD5: a ballot to every household (Art. 19, Decree 59 Art. 4)."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="ballot")
    plan_issued_on = models.DateField(_("plan issued on"))
    plan_sent_on = models.DateField(_("plan sent on"), null=True, blank=True)
    team = models.TextField(_("ballot team (one per line)"))
    team_chair = models.CharField(_("team chair (Front representative)"), max_length=200)
    notice_on = models.DateField(_("public notice on"), null=True, blank=True)
    distributed_on = models.DateField(_("distributed on"))
    deadline = models.DateField(_("return deadline"))
    question = models.TextField(_("question"))
    witnesses = models.TextField(_("witnessing households (one per line)"), blank=True)
    returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)

    class Meta:
        verbose_name = _("household ballot")
        verbose_name_plural = _("household ballots")

    def __str__(self) -> str:
        return f"{self.decision} ({self.deadline:%d/%m/%Y})"


class BallotPaper(models.Model):
    """LD5: one printed ballot per household, with its serial."""

    ballot = models.ForeignKey(HouseholdBallot, on_delete=models.CASCADE, related_name="papers")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    serial = models.PositiveIntegerField()

    class Meta:
        ordering = ["serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "household"], name="residents_one_ballot_per_household"
            ),
            models.UniqueConstraint(fields=["ballot", "serial"], name="residents_ballot_serial"),
        ]

    def __str__(self) -> str:
        return f"{self.serial:05d}"


class OnlineVote(models.Model):
    """LD6: an online vote (Decree 59 Art. 5): consent first, then agree / disagree / other."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="online")
    team = models.TextField(_("online-vote team (one per line)"))
    team_chair = models.CharField(_("team chair (Front representative)"), max_length=200)
    consent_yes = models.PositiveIntegerField(_("households choosing online"), default=0)
    consent_closed_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    agree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    other_opinions = models.TextField(blank=True)

    class Meta:
        verbose_name = _("online vote")
        verbose_name_plural = _("online votes")

    def __str__(self) -> str:
        return str(self.decision)


class OnlineCode(models.Model):
    """LD6: a one-time code for a household representative. Only its hash is stored; it records
    that the household took part (the participants list of the minutes), never what it chose."""

    vote = models.ForeignKey(OnlineVote, on_delete=models.CASCADE, related_name="codes")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    polled = models.BooleanField(default=False)  # answered the consent poll (not how)
    voted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("online-vote code")
        verbose_name_plural = _("online-vote codes")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "household"], name="residents_one_code_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"  # never the code
