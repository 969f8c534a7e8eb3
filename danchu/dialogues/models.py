"""Dialogues and conferences (LD9, QD2, QD6, GR7).

- :class:`Dialogue` — the commune People's Committee's yearly dialogue with residents (Law
  10/2022 Art. 32; December in seed 002, reported by February): plan, invitation, questions
  collected beforehand (also from the public page), the record of questions and answers,
  follow-up :class:`Commitment` s with deadlines, the report.
- :class:`VillageConference` — each village's yearly community conference (Art. 33; Decree 59
  Arts 10–11): the notice ≥ 5 days before, the three reports, the written report to the commune.
- :class:`StaffMeeting` — each agency's yearly staff conference (QD6) and its head's dialogue
  with staff (QD2).

Every write goes through :mod:`danchu.dialogues.services`. Dates that record events default to
the platform's day; earlier days carry a reason and evidence (``danchu.core.facts``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.units.models import AdminUnit, Agency


def evidence_path(instance: models.Model, filename: str) -> str:
    return f"dialogues/evidence/{filename}"


class DialogueStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITED = "invited", _("Invitation sent")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported")


class Dialogue(models.Model):
    """LD9, QD2, GR7: one commune's dialogue with residents in a year."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    planned_on = models.DateField(_("planned day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DialogueStatus.choices, default=DialogueStatus.PLANNED
    )
    questions_open = models.BooleanField(_("taking questions on the public page"), default=False)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    held_reason = models.TextField(_("reason for the earlier day"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    reported_on = models.DateField(_("report issued on"), null=True, blank=True)
    reported_reason = models.TextField(_("reason for the earlier day"), blank=True)
    report_evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("dialogue with residents")
        verbose_name_plural = _("dialogues with residents")
        ordering = ["-year", "commune__name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="dialogues_dialogue_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.year}"


class QuestionSource(models.TextChoices):
    PUBLIC = "public", _("Public page")
    OFFICE = "office", _("Received at the office")
    VILLAGE = "village", _("Gathered in a village")
    CONFERENCE = "conference", _("Asked at the dialogue")


class Question(models.Model):
    """A resident's question or proposal and the commune's answer. An anonymous question keeps
    no name, no address and no time of day: only the day it arrived."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    asker = models.CharField(_("asked by"), max_length=200, blank=True)
    village_name = models.CharField(_("village"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=QuestionSource.choices)
    received_on = models.DateField(_("received on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    published = models.BooleanField(_("shown on the public page"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def anonymous(self) -> bool:
        return not self.asker


class Commitment(models.Model):
    """A follow-up the commune committed to at the dialogue, with its deadline."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    text = models.TextField(_("commitment"))
    responsible = models.CharField(_("responsible"), max_length=200)
    made_on = models.DateField(_("made on"))
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    done_reason = models.TextField(_("reason for the earlier day"), blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Notice given")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported to the commune")


class VillageConference(models.Model):
    """LD9 (Decree 59 Arts 10–11): a village's yearly community conference."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        AdminUnit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    planned_on = models.DateField(_("conference day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.PLANNED,
    )
    notice_on = models.DateField(_("notice given on"), null=True, blank=True)
    notice_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    notice_reason = models.TextField(_("reason for the earlier day"), blank=True)
    notice_evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    held_reason = models.TextField(_("reason for the earlier day"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    households_present = models.PositiveIntegerField(_("households present"), null=True)
    head_report = models.TextField(_("village head's report"), blank=True)
    front_report = models.TextField(_("Front working committee's report"), blank=True)
    inspection_member = models.CharField(
        _("Inspection Board member of the village"), max_length=200, blank=True
    )
    inspection_report = models.TextField(_("Inspection Board member's report"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    reported_on = models.DateField(_("report sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("village community conference")
        verbose_name_plural = _("village community conferences")
        ordering = ["-year", "village__code"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="dialogues_conference_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.year}"


class MeetingKind(models.TextChoices):
    STAFF_CONFERENCE = "staff_conference", _("Staff conference (QD6)")
    STAFF_DIALOGUE = "staff_dialogue", _("Head's dialogue with staff (QD2)")


class StaffMeeting(models.Model):
    """QD6: an agency's yearly staff conference; QD2: its head's yearly dialogue with staff."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    planned_on = models.DateField(_("planned day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    held_reason = models.TextField(_("reason for the earlier day"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    results = models.TextField(_("results reviewed"), blank=True)
    targets = models.TextField(_("targets set"), blank=True)
    exchanges = models.TextField(_("staff's questions and the head's answers"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("staff conference or dialogue")
        verbose_name_plural = _("staff conferences and dialogues")
        ordering = ["-year", "agency__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "year"], name="dialogues_staff_yearly"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()} {self.year}"
