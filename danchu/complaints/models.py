"""GR8: the reception schedule of the commune's leaders, each reception held, and the cases
(complaints, denunciations, petitions) with their recorded facts. Time limits live in
:mod:`danchu.complaints.rules`; states are computed from the facts, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.complaints import rules
from danchu.units.models import AdminUnit


class Kind(models.TextChoices):
    COMPLAINT = rules.Kind.COMPLAINT.value, _("Complaint")
    DENUNCIATION = rules.Kind.DENUNCIATION.value, _("Denunciation")
    PETITION = rules.Kind.PETITION.value, _("Petition")


class Complexity(models.TextChoices):
    ORDINARY = rules.Complexity.ORDINARY.value, _("Ordinary")
    COMPLEX = rules.Complexity.COMPLEX.value, _("Complex")
    VERY_COMPLEX = rules.Complexity.VERY_COMPLEX.value, _("Very complex")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Not accepted (answered in writing)")
    SETTLED = "settled", _("Settled")
    TRANSFERRED = "transferred", _("Transferred on a legal ground")


class TransferGround(models.TextChoices):
    NOT_COMPETENT = (
        rules.TransferGround.NOT_COMPETENT.value,
        _("Not within the commune's competence"),
    )
    SECOND_TIME = rules.TransferGround.SECOND_TIME.value, _("Second-time complaint")
    DENOUNCED_ABOVE = (
        rules.TransferGround.DENOUNCED_ABOVE.value,
        _("The denounced person is managed by a higher level"),
    )
    CRIME = rules.TransferGround.CRIME.value, _("Signs of a crime")


class ReceptionSlot(models.Model):
    """GR8: one entry of the reception schedule (who, when, where), shown on the public page."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.CharField(_("leader"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    on = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))
    place = models.CharField(_("place"), max_length=300)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["on", "starts"]
        verbose_name = _("reception slot")
        verbose_name_plural = _("reception schedule")

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.leader}"


class Case(models.Model):
    """GR8: a complaint, denunciation or petition, from receipt to its answer or transfer."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number in the year"))
    year = models.PositiveIntegerField(_("year"))
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content"))
    citizen_name = models.CharField(_("citizen's name"), max_length=200)
    citizen_address = models.CharField(_("address"), max_length=300, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=30, blank=True)
    citizen_id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    reference_hash = models.CharField(_("reference code (SHA-256)"), max_length=64, unique=True)
    received_on = models.DateField(_("received on"))
    received_reason = models.TextField(_("reason for an earlier date"), blank=True)
    received_evidence = models.FileField(
        _("evidence of the earlier date"), upload_to="complaints/evidence/", blank=True
    )
    remote = models.BooleanField(_("remote or difficult area"), default=False)
    complexity = models.CharField(
        _("complexity"), max_length=20, choices=Complexity.choices, default=Complexity.ORDINARY
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_reason = models.TextField(_("reason for an earlier date"), blank=True)
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for an earlier date"), blank=True)
    transfer_ground = models.CharField(
        _("legal ground"), max_length=30, choices=TransferGround.choices, blank=True
    )
    transfer_to = models.CharField(_("transferred to"), max_length=300, blank=True)
    transfer_note = models.TextField(_("note"), blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-received_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "number"], name="complaints_case_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="transferred") | ~models.Q(transfer_ground=""),
                name="complaints_transfer_has_ground",
            ),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.number:03d}/{self.year}"

    @property
    def confidential(self) -> bool:
        """Luật Tố cáo 2018: the denouncer's identity is kept confidential."""
        return self.kind == Kind.DENUNCIATION

    def facts(self) -> rules.CaseFacts:
        return rules.CaseFacts(
            kind=rules.Kind(self.kind),
            received_on=self.received_on,
            accepted_on=self.accepted_on,
            refused_on=self.refused_on,
            settled_on=self.settled_on,
            transferred_on=self.transferred_on,
            complexity=rules.Complexity(self.complexity),
            remote=self.remote,
            extension_days=tuple(e.days for e in self.extensions.all()),
        )


class Extension(models.Model):
    """GR8 (Luật Tố cáo 2018, Art. 30): an extension of the settlement time."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    on = models.DateField(_("decided on"))
    backdate_reason = models.TextField(_("reason for an earlier date"), blank=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"+{self.days}"


class Reception(models.Model):
    """GR8: a reception held — who received, the citizen, what was said and what was done."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    slot = models.ForeignKey(
        ReceptionSlot,
        verbose_name=_("schedule entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
    )
    held_on = models.DateField(_("held on"))
    received_by = models.CharField(_("received by"), max_length=200)
    citizen_name = models.CharField(_("citizen's name"), max_length=200)
    citizen_address = models.CharField(_("address"), max_length=300, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=30, blank=True)
    citizen_id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    content = models.TextField(_("content"))
    outcome = models.TextField(_("what was done"))
    case = models.ForeignKey(
        Case,
        verbose_name=_("case registered"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
    )
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.received_by}"
