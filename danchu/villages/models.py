"""Village head elections (LD13) and village charters (LD14, QD5).

Both ride on a community decision of :mod:`danchu.residents` (matter 4 ``truong_thon``, matter 3
``huong_uoc``): the vote, the record (Art. 20.2), sending and the commune's recognition are
residents' services; this app keeps what comes before and after — the election's steps on the
legal calendar, the candidates and their votes, the head's terms, dismissals; the charter's
drafts and versions, its posting, its time in force and its review.

Every write goes through :mod:`danchu.villages.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.residents.models import Decision, Household
from danchu.units.models import AdminUnit
from danchu.villages import rules


def evidence_path(instance: models.Model, filename: str) -> str:
    return f"villages/evidence/{filename}"


def charter_path(instance: models.Model, filename: str) -> str:
    return f"villages/charters/{filename}"


class ElectionStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    ELECTED = "elected", _("Elected, awaiting recognition")
    NOT_ELECTED = "not_elected", _("Nobody elected")
    RECOGNISED = "recognised", _("Recognised")
    REFUSED = "refused", _("Recognition refused")


STEP_CHOICES = [
    (rules.ElectionStep.PLAN.value, _("Chairman's decision and plan")),
    (rules.ElectionStep.CANDIDATES.value, _("Candidate list minutes (Form 05)")),
    (rules.ElectionStep.TEAM.value, _("Election team decision")),
    (rules.ElectionStep.NOTICE.value, _("Public notice")),
]


class Election(models.Model):
    """LD13: the election of one village's head on a day, through a community decision."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    election_on = models.DateField(_("election day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="village_election"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ElectionStatus.choices, default=ElectionStatus.PREPARING
    )
    elected_name = models.CharField(_("elected"), max_length=200, blank=True)
    after_dismissal = models.OneToOneField(
        "Dismissal",
        verbose_name=_("after the dismissal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="new_election",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("village head election")
        verbose_name_plural = _("village head elections")
        ordering = ["-election_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.village} {self.election_on:%d/%m/%Y}"


class StepRecord(models.Model):
    """LD13: one step before the election, as it happened: the day (back-dated only with a
    reason and evidence), the document's number, the evidence, and for the team and the
    candidate list their names (one per line)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=12, choices=STEP_CHOICES)
    done_on = models.DateField(_("done on"))
    recorded_on = models.DateField(_("recorded on"))
    reason = models.TextField(_("reason for the earlier day"), blank=True)
    document_ref = models.CharField(_("document number"), max_length=100, blank=True)
    names = models.TextField(_("names (one per line)"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_note = models.TextField(_("evidence note"), blank=True)

    class Meta:
        verbose_name = _("election step")
        verbose_name_plural = _("election steps")
        constraints = [
            models.UniqueConstraint(fields=["election", "step"], name="villages_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.election} {self.step}"

    @property
    def backdated(self) -> bool:
        return self.done_on < self.recorded_on


class Candidate(models.Model):
    """LD13: a candidate of the Front working committee's list (Form 05) and their votes."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("name"), max_length=200)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class HeadTerm(models.Model):
    """A village head's time in office: elected and recognised, or interim after a dismissal."""

    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("village head"), max_length=200)
    interim = models.BooleanField(_("interim"), default=False)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    started_on = models.DateField(_("from"))
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    ended_on = models.DateField(_("left office on"), null=True, blank=True)

    class Meta:
        verbose_name = _("village head term")
        verbose_name_plural = _("village head terms")
        ordering = ["village", "-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.village}: {self.name}"


class DismissalGround(models.TextChoices):
    HOUSEHOLDS = "households", _("Requested by at least half of the households")
    OTHER = "other", _("Other grounds")


class Dismissal(models.Model):
    """LD13: dismissal of a village head: requests of households counted against those in
    force (≥ 50% starts it) or other grounds; then an interim head and a new election within
    60 days."""

    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(HeadTerm, on_delete=models.PROTECT, related_name="dismissals")
    ground = models.CharField(_("ground"), max_length=12, choices=DismissalGround.choices)
    ground_text = models.TextField(_("grounds"), blank=True)
    opened_on = models.DateField(_("opened on"))
    decided_on = models.DateField(_("dismissed on"), null=True, blank=True)
    decided_reason = models.TextField(blank=True)
    households_counted = models.PositiveIntegerField(null=True, blank=True)
    requesters_counted = models.PositiveIntegerField(null=True, blank=True)
    interim_name = models.CharField(_("interim head"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("dismissal")
        verbose_name_plural = _("dismissals")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.term} ({self.opened_on:%d/%m/%Y})"


class DismissalRequest(models.Model):
    """LD13: one household asking for the dismissal (counted while in force)."""

    dismissal = models.ForeignKey(Dismissal, on_delete=models.CASCADE, related_name="requests")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dismissal", "household"], name="villages_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.dismissal_id}/{self.household_id}"


class CharterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Draft posted")
    VOTING = "voting", _("Put to the community")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    ADOPTED = "adopted", _("Adopted, awaiting recognition")
    IN_FORCE = "in_force", _("In force")
    REFUSED = "refused", _("Recognition refused")
    REPLACED = "replaced", _("Replaced by a newer version")


class Charter(models.Model):
    """LD14: one version of a village's charter (hương ước, quy ước), from the draft to
    recognition; an amendment is a new version naming the one it replaces."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    file = models.FileField(_("file"), upload_to=charter_path, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CharterStatus.choices, default=CharterStatus.DRAFT
    )
    posted_on = models.DateField(_("draft posted on"), null=True, blank=True)
    posted_place = models.CharField(_("posted at"), max_length=200, blank=True)
    posted_reason = models.TextField(blank=True)
    posted_evidence = models.FileField(upload_to=evidence_path, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_to = models.DateField(_("in force until"), null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("village charter")
        verbose_name_plural = _("village charters")
        ordering = ["village", "-version", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "version"], name="villages_charter_version_once"
            ),
            models.UniqueConstraint(
                fields=["village"],
                condition=Q(status="in_force"),
                name="villages_one_charter_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class CharterReview(models.Model):
    """QD5: a review of a charter in force (kept as is, or an amendment started)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    finding = models.TextField(_("finding"))
    reason = models.TextField(blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)

    class Meta:
        verbose_name = _("charter review")
        verbose_name_plural = _("charter reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.charter} {self.reviewed_on:%d/%m/%Y}"


class ReviewCycle(models.Model):
    """QD5: how often the commune's villages review their charters (design choice: 5 years
    unless the commune sets another cycle)."""

    commune = models.OneToOneField(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    years = models.PositiveSmallIntegerField(_("years"), default=rules.DEFAULT_REVIEW_YEARS)

    class Meta:
        verbose_name = _("charter review cycle")
        verbose_name_plural = _("charter review cycles")

    def __str__(self) -> str:
        return f"{self.commune}: {self.years}"
