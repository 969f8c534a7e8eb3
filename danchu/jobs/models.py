"""Background jobs (issue 16): long work that runs in a worker, with its progress, result and
errors kept on the job's page.

A :class:`Job` is the platform's record of one piece of long work; the django-tasks task that
runs it is an implementation detail (``task_id``). The job, not the task, is what the user sees
and what survives a worker restart: a running job whose worker is gone is queued again
(:func:`danchu.jobs.services.recover`), and its work is idempotent through :class:`JobMark`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.units.models import AdminUnit


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Completed")
    FAILED = "failed", _("Not completed")


FINISHED = (Status.DONE, Status.FAILED)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    step = models.CharField(_("current step"), max_length=255, blank=True)
    message = models.TextField(_("result"), blank=True)
    result = models.JSONField(_("result data"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    input_file = models.FileField(_("input file"), upload_to="jobs/input/", blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/results/", blank=True)
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("issued document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["started_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        """Whole percent done (integer arithmetic); 100 once done."""
        if self.status == Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


class JobMark(models.Model):
    """A piece of a job's work that is committed: written in the same transaction as the work
    itself, so a retried job skips it (nothing is done twice)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="marks")
    key = models.CharField(max_length=100)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="jobs_mark_once")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.key}"


class Reminder(models.Model):
    """One deadline reminder sent to one person (the daily tick): kept so the same reminder is
    never sent twice on a day, and so what the tick did can be read afterwards."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    due = models.DateField(null=True, blank=True)
    late = models.BooleanField(default=False)
    sent_on = models.DateField()
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "sent_on"], name="jobs_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return self.title
