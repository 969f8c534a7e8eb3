"""Positions, people, assignments and terms of office.

The questions the process modules ask — how long has she held this post, was he appointed this
year, has a retirement been announced, where did she work before the transfer — are answered by
``danchu.people.selectors`` from these records.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.collation import split_full_name
from danchu.core.text import canonical_tones, fold, nfc
from danchu.units.models import AdminUnit, Agency, Level


class PositionCategory(models.TextChoices):
    LEADER = "leader", _("Leader")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PART_TIME = "part_time", _("Part-time official")
    MEMBER = "member", _("Member")
    OTHER = "other", _("Other")


class Position(models.Model):
    """A position (chức danh), e.g. Chủ tịch UBND, or the six commune civil-servant posts of SV1."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    category = models.CharField(_("category"), max_length=20, choices=PositionCategory.choices)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    family_name = models.CharField(max_length=60, editable=False, default="")
    middle_name = models.CharField(max_length=100, editable=False, default="", blank=True)
    given_name = models.CharField(max_length=60, editable=False, default="")
    search_name = models.CharField(max_length=200, editable=False, default="", db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    national_id = models.CharField(
        _("personal identification number"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        help_text=_("12 digits; stored only where a process needs it (ID1)."),
    )
    home_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("unit of record"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The unit that keeps this person's record."),
    )
    retirement_announced_on = models.DateField(
        _("retirement announced on"),
        null=True,
        blank=True,
        help_text=_("Date of the notice of retirement; such a person is not voted on (CV1)."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.full_name = nfc(self.full_name)
        # ID2: the sort parts fold the two tone-placement styles (Hòa = Hoà); the name is kept
        # as typed.
        self.family_name, self.middle_name, self.given_name = split_full_name(
            canonical_tones(self.full_name)
        )
        self.search_name = fold(self.full_name)
        if self.national_id == "":
            self.national_id = None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from danchu.people.rules import validate_national_id

        if self.national_id:
            problems = validate_national_id(self.national_id, self.date_of_birth, self.gender)
            if problems:
                raise ValidationError({"national_id": problems})


class Term(models.Model):
    """A term of office (nhiệm kỳ), e.g. 2021–2026, of a body at one level."""

    name = models.CharField(_("name"), max_length=60)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end <= self.start:
            raise ValidationError({"end": _("The term must end after it starts.")})


class HowStarted(models.TextChoices):
    APPOINTED = "appointed", _("Appointed")
    ELECTED = "elected", _("Elected")
    TRANSFERRED = "transferred", _("Transferred in")
    RECRUITED = "recruited", _("Recruited")
    OTHER = "other", _("Other")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active_on(self, on: dt.date) -> AssignmentQuerySet:
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Assignment(models.Model):
    """A person holds a position in an agency from a date to a date (several at once allowed)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="assignments"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="assignments"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="assignments"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    how_started = models.CharField(
        _("how it started"), max_length=20, choices=HowStarted.choices, default=HowStarted.APPOINTED
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous post (transfer)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_posts",
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term of office"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position} ({self.agency})"

    @property
    def unit(self) -> AdminUnit:
        return self.agency.unit

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An assignment cannot end before it starts.")})
