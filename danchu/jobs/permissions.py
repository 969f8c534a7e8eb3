"""Who may see a job: the person who started it, and whoever may see its unit (VIEW_UNIT on the
unit or above it). A job with no unit (started at the command line for the whole installation)
is seen by its owner and the system administrators."""

from __future__ import annotations

from typing import Any

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.jobs.models import Job


def can_view(user: Any, job: Job) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if job.started_by_id is not None and job.started_by_id == user.pk:
        return True
    if job.unit_id is None:
        return access.is_system_admin(user)
    return access.has_capability(user, Cap.VIEW_UNIT, job.unit)


def file_checker(user: Any, name: str) -> bool:
    job = Job.objects.select_related("unit").filter(result_file=name).first()
    return job is not None and can_view(user, job)
