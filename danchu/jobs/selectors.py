"""Reads for the job pages, the API and the command line."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts import access
from danchu.jobs import registry
from danchu.jobs.models import Job, Status


def jobs_for(user: Any) -> QuerySet[Job]:
    """The jobs a user may see: their own, and those of the units they may see."""
    own = Q(started_by=user)
    if access.is_system_admin(user):
        return Job.objects.select_related("unit", "started_by")
    seen = access.scope(user, Job.objects.filter(unit__isnull=False), "unit").values("pk")
    return Job.objects.filter(own | Q(pk__in=seen)).select_related("unit", "started_by")


def my_jobs(user: Any) -> QuerySet[Job]:
    return Job.objects.filter(started_by=user).select_related("unit")


def progress_line(job: Job) -> str:
    """One line for the terminal: ``#12 Nhập danh sách người [#####.....] 50% 10.000/20.000 …``."""
    width = 30
    filled = width * job.percent // 100
    bar = "#" * filled + "." * (width - filled)
    count = f" {job.done:,}/{job.total:,}".replace(",", ".") if job.total else ""
    status = Status(job.status).label
    text = f" {job.step}" if job.step and not job.finished else ""
    return f"#{job.pk} {registry.label(job.kind)} [{bar}] {job.percent}%{count} {status}{text}"
