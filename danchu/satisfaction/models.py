"""LD10 — the commune's standing satisfaction channel: offices, handled matters with their
receipts' one-time codes, anonymous ratings and comments, and the office's answers.

Anonymity (docs/satisfaction.md): a :class:`Rating` keeps the office, the official (for a
receipt's code), the month and the level — no day, no time, no link to the matter or the code,
and a random key so that its order says nothing. A :class:`RatingCode` keeps the official and
the month, not the matter, so a used code does not say which resident rated. A
:class:`Comment` keeps the office and the week it came in (for the answer's time limit), not
the rating or the matter.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.people.models import Person
from danchu.satisfaction import rules
from danchu.units.models import AdminUnit


class LevelChoice(models.TextChoices):
    VERY_SATISFIED = rules.Level.VERY_SATISFIED.value, _("Very satisfied")
    SATISFIED = rules.Level.SATISFIED.value, _("Satisfied")
    NOT_SATISFIED = rules.Level.NOT_SATISFIED.value, _("Not satisfied")
    VERY_DISSATISFIED = rules.Level.VERY_DISSATISFIED.value, _("Very dissatisfied")


class Source(models.TextChoices):
    RECEIPT = "receipt", _("Receipt of a handled matter")
    OFFICE = "office", _("Office code (general rating)")


def _public_key() -> str:
    return secrets.token_urlsafe(9)


class Office(models.Model):
    """A place where the commune receives residents (the one-stop office, the police post…):
    its standing QR code opens the public rating page at ``public_key``."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    public_key = models.CharField(max_length=20, unique=True, default=_public_key, editable=False)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["commune__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="satisfaction_office_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.commune.name}"


class Matter(models.Model):
    """A handled matter (an administrative procedure settled for a resident). The resident is
    not recorded; the receipt carries a one-time code that is not stored with the matter."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="matters"
    )
    number = models.CharField(_("receipt number"), max_length=30)
    procedure = models.CharField(_("procedure"), max_length=300)
    official = models.ForeignKey(
        Person,
        verbose_name=_("official who handled it"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_on = models.DateField(_("handled on"))
    recorded_on = models.DateField(_("recorded on"))
    backdate_reason = models.CharField(_("reason for an earlier date"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="satisfaction/evidence/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("handled matter")
        verbose_name_plural = _("handled matters")
        ordering = ["-handled_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="satisfaction_matter_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.procedure}"

    @property
    def backdated(self) -> bool:
        return self.handled_on < self.recorded_on


class RatingCode(models.Model):
    """A receipt's one-time code, stored as a hash, with the official and the month only (not
    the matter): LD10, one rating per handled matter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    valid_until = models.DateField()
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("rating code")
        verbose_name_plural = _("rating codes")

    def __str__(self) -> str:
        return f"{self.office_id}/{self.month:%m/%Y}"


class Rating(models.Model):
    """One anonymous rating: the month, never the day; a random key; no link to a person, a
    matter or a code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="ratings"
    )
    official = models.ForeignKey(
        Person,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("month"))
    level = models.CharField(_("rating"), max_length=20, choices=LevelChoice.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [models.Index(fields=["office", "month"], name="satisfaction_rating_month")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.month:%m/%Y})"


class Comment(models.Model):
    """A resident's comment or recommendation, with the office's answer. It keeps the week it
    came in (for the time limit), not the rating, the matter or the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="comments"
    )
    week = models.DateField(_("week received"))
    due = models.DateField(_("answer due"))
    text = models.TextField(_("comment"))
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.BooleanField(_("published with its answer"), default=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-week", "due", "text"]

    def __str__(self) -> str:
        return self.text[:60]

    def state(self, today: dt.date) -> rules.AnswerState:
        return rules.answer_state(due=self.due, answered_on=self.answered_on, today=today)
