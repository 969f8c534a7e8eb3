"""The disclosure register (LD1): what a commune disclosed, on which channels, from when to when;
the People's Council's regular sessions; the quarterly lists (Art. 13.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.disclosures import rules
from danchu.units.models import AdminUnit

CATEGORY_CHOICES = [(n, c.label) for n, c in rules.CATEGORIES.items()]


class Channel(models.TextChoices):
    OFFICE_BOARD = rules.Channel.OFFICE_BOARD.value, _("Notice board at the commune office")
    VILLAGE_POINT = rules.Channel.VILLAGE_POINT.value, _("Village cultural house or point")
    PUBLIC_PAGE = rules.Channel.PUBLIC_PAGE.value, _("The commune's public page")
    LOUDSPEAKER = rules.Channel.LOUDSPEAKER.value, _("Commune loudspeaker")
    VILLAGE_HEADS = rules.Channel.VILLAGE_HEADS.value, _("Sent to village heads")
    SOCIAL_GROUP = rules.Channel.SOCIAL_GROUP.value, _("Social-network group")
    OTHER = rules.Channel.OTHER.value, _("Other form")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by the commune office")
    CONSULTATION_PLAN = "consultation_plan", _("Consultation: plan and draft")
    CONSULTATION_SUMMARY = "consultation_summary", _("Consultation: summary of opinions")
    VOTE_RESULT = "vote_result", _("Confidence vote: result")
    QUARTERLY_LIST = "quarterly_list", _("Quarterly list of disclosures")
    INSPECTION = "inspection", _("Inspection: conclusion")


class Disclosure(models.Model):
    """One item disclosed (Art. 11): its category, the information, the decision it follows,
    where and when it was posted (:class:`ChannelFact`)."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.PositiveSmallIntegerField(_("category (Art. 11)"), choices=CATEGORY_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("information disclosed"), blank=True)
    decision_ref = models.CharField(_("decision or document"), max_length=200, blank=True)
    decided_on = models.DateField(_("decision date"))
    override_basis = models.TextField(_("sector law setting other limits"), blank=True)
    override_within_days = models.PositiveSmallIntegerField(
        _("days to disclose under that law"), null=True, blank=True
    )
    override_within_working = models.BooleanField(_("counted in working days"), default=True)
    override_posting_days = models.PositiveSmallIntegerField(
        _("days posted under that law"), null=True, blank=True
    )
    note = models.TextField(_("internal note"), blank=True)
    source = models.CharField(
        _("source"), max_length=24, choices=Source.choices, default=Source.MANUAL
    )
    source_ref = models.CharField(max_length=120, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("issued document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disclosed_on = models.DateField(_("disclosed on"), null=True, blank=True)
    taken_down_on = models.DateField(_("taken down on"), null=True, blank=True)
    taken_down_reason = models.TextField(_("why taken down"), blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_ref"],
                condition=~models.Q(source_ref=""),
                name="disclosure_source_once",
            )
        ]
        indexes = [models.Index(fields=["commune", "decided_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def category_rule(self) -> rules.Category:
        return rules.category(self.category)

    @property
    def override(self) -> rules.Override | None:
        if not self.override_basis:
            return None
        return rules.Override(
            basis=self.override_basis,
            within_days=self.override_within_days,
            within_working=self.override_within_working,
            posting_days=self.override_posting_days,
        )


def evidence_path(instance: models.Model, filename: str) -> str:
    return f"disclosures/evidence/{filename}"


def file_path(instance: models.Model, filename: str) -> str:
    return f"disclosures/files/{filename}"


class ChannelFact(models.Model):
    """A recorded disclosure on one channel (and village): from ``start`` to ``end``
    (inclusive; empty while still posted), with its evidence (a file or a note). Back-dated
    facts carry their reason (``danchu.core.facts``)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="facts")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    village = models.ForeignKey(
        AdminUnit,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("where"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    backdate_reason = models.TextField(_("why recorded late"), blank=True)
    end_recorded_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_note = models.TextField(_("evidence note"), blank=True)
    automatic = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("disclosure on a channel")
        verbose_name_plural = _("disclosures on channels")
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.start:%d/%m/%Y}"

    @property
    def backdated(self) -> bool:
        return self.start < self.recorded_on

    def as_rule(self) -> rules.Fact:
        return rules.Fact(rules.Channel(self.channel), self.start, self.end, self.village_id)


class DisclosureFile(models.Model):
    """A file of the information disclosed (the decision, the list, the table), checked on
    upload (type by extension and first bytes, size)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=file_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("disclosed file")
        verbose_name_plural = _("disclosed files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CouncilSession(models.Model):
    """A regular session of the commune People's Council (LD1, Art. 14: the report on
    disclosures is made at the next regular one)."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("session date"))
    name = models.CharField(_("session number or name"), max_length=120)
    regular = models.BooleanField(_("regular session"), default=True)

    class Meta:
        verbose_name = _("People's Council session")
        verbose_name_plural = _("People's Council sessions")
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "on"], name="council_session_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.on:%d/%m/%Y})"


class QuarterlyList(models.Model):
    """The list of what a commune disclosed in a quarter, with form and time (Art. 13.2),
    issued as a document and then posted as a disclosure itself."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    disclosure = models.OneToOneField(
        Disclosure, null=True, blank=True, on_delete=models.PROTECT, related_name="quarterly_list"
    )

    class Meta:
        verbose_name = _("quarterly list")
        verbose_name_plural = _("quarterly lists")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "quarter"], name="quarterly_list_once"
            )
        ]

    def __str__(self) -> str:
        return f"Quý {self.quarter}/{self.year}"
