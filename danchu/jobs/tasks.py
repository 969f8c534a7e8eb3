"""The one django-tasks task: run a background job by its id. What the job does is decided by
its kind (:mod:`danchu.jobs.registry`), so the task's arguments are just the id."""

from __future__ import annotations

from django_tasks import task

from danchu.jobs import services


@task()
def run_job(job_id: int) -> str:
    return services.execute(job_id)
