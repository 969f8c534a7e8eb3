"""Start, run, report on and recover background jobs.

- :func:`start` creates the :class:`~danchu.jobs.models.Job` and enqueues its django-tasks task
  in the same transaction: with the database backend (the default) the task row is written in
  that transaction itself, so both exist or neither does; with any other backend (Redis…) the
  task is enqueued by ``transaction.on_commit``, so no worker ever sees a job that was not
  committed, and :func:`recover` enqueues a committed job whose enqueue was lost.
- :func:`execute` is the task body: it claims the job, runs its kind's handler with a
  :class:`JobContext` and records the outcome. Progress (``ctx.step(done, total, text)``) is
  written in its own short transaction so the job's page sees it while the work goes on.
- :func:`recover` queues again a job found running whose worker is gone (its process no longer
  exists on this machine, or no sign of life for ``stale_after`` seconds from another machine).
  Handlers are idempotent (:meth:`JobContext.mark`), so a retried job never does its work twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from django.db.models import F

from danchu.audit import services as audit
from danchu.core import clock
from danchu.jobs import registry
from danchu.jobs.models import Job, JobMark, Status
from danchu.jobs.registry import Outcome

logger = logging.getLogger("danchu.jobs")

MAX_ATTEMPTS = 3
"""A job whose worker stopped in the middle is run again, at most this many times in all."""
HEARTBEAT_SECONDS = 5.0
"""How often a running job's worker writes its sign of life."""
STALE_AFTER = dt.timedelta(minutes=2)
"""A job running on another machine with no sign of life for this long is taken as abandoned.
On the worker's own machine the process itself is checked, which needs no wait."""
PROGRESS_EVERY = 0.5
"""Seconds between two progress writes (the first, the last and a new step text always go)."""

WAITING = "Việc đã vào hàng đợi của tiến trình nền."
RETRYING = "Tiến trình nền đã dừng giữa chừng; công việc được chạy lại từ điểm đã lưu."
CRASHED = "Công việc dừng vì một lỗi của hệ thống; không có gì được ghi dở. Hãy báo quản trị viên."
GAVE_UP = "Tiến trình nền dừng giữa chừng {n} lần; công việc dừng lại. Hãy báo quản trị viên."


def worker_name() -> str:
    """This process as ``host:pid``: what :func:`worker_alive` checks."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_alive(job: Job, *, stale_after: dt.timedelta = STALE_AFTER) -> bool:
    """Is the worker that claimed ``job`` still there? On this machine: does its process exist
    (a killed worker is seen at once). Elsewhere: has it written a sign of life lately."""
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # a process of another user holds that number
        return True
    seen = job.heartbeat_at or job.started_at
    return seen is not None and seen >= clock.now() - stale_after


# --- progress ---------------------------------------------------------------------------------


def _in_work_transaction() -> bool:
    """Inside a transaction of the job's own work (not the test suite's wrapping one)?"""
    return any(not getattr(a, "_from_testcase", False) for a in connection.atomic_blocks)


def _update_in_thread(job_id: int, fields: dict[str, Any]) -> None:
    """Write ``fields`` through another connection (a thread has its own), committed at once."""

    def run() -> None:
        try:
            Job.objects.filter(pk=job_id).update(**fields)
        except OperationalError:  # pragma: no cover - a busy database: the next step writes
            logger.info("progress of job %s not written this time", job_id)
        finally:
            connections[DEFAULT_DB_ALIAS].close()

    thread = threading.Thread(target=run, name=f"job-{job_id}-progress", daemon=True)
    thread.start()
    thread.join(timeout=10)


class Progress:
    """``step(done, total, text)``: how far the job is, seen by its page and ``danchu jobs show``.

    Outside the work's own transaction a step is one short UPDATE of the job row (autocommit).
    Inside it (the all-or-nothing write of an import) the step goes through a second connection
    on PostgreSQL; SQLite has one writer at a time, held by the work, so there the step is kept
    and written as soon as the work's transaction ends."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self.text = ""
        self._last = 0.0
        self._pending: dict[str, Any] | None = None

    def step(self, done: int, total: int, text: str = "") -> None:
        text = (text or self.text)[:255]
        moment = time.monotonic()
        busy = text == self.text and done not in (0, total) and moment - self._last < PROGRESS_EVERY
        self.done, self.total, self.text = done, total, text
        fields = {"done": done, "total": total, "step": text, "heartbeat_at": clock.now()}
        if busy:
            self._pending = fields
            return
        self._last = moment
        if not _in_work_transaction():
            Job.objects.filter(pk=self.job_id).update(**fields)
            self._pending = None
        elif connection.vendor == "postgresql":
            _update_in_thread(self.job_id, fields)
            self._pending = None
        else:
            self._pending = fields

    def flush(self) -> None:
        if self._pending is not None and not _in_work_transaction():
            Job.objects.filter(pk=self.job_id).update(**self._pending)
            self._pending = None


class Heartbeat:
    """A thread writing the job's sign of life every :data:`HEARTBEAT_SECONDS` while it runs."""

    def __init__(self, job_id: int, worker: str) -> None:
        self.job_id, self.worker = job_id, worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job_id}-heartbeat")
        self._thread.daemon = True
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                # SQLite busy with the work's own write: the next beat tries again.
                with contextlib.suppress(OperationalError):
                    Job.objects.filter(
                        pk=self.job_id, status=Status.RUNNING, worker=self.worker
                    ).update(heartbeat_at=clock.now())
        finally:
            connections[DEFAULT_DB_ALIAS].close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=HEARTBEAT_SECONDS * 5)


@dataclass
class JobContext:
    """What a handler gets: the job, its progress and its marks of committed work."""

    job: Job
    progress: Progress = field(init=False)

    def __post_init__(self) -> None:
        self.progress = Progress(self.job.pk)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.job.params)

    def step(self, done: int, total: int, text: str = "") -> None:
        self.progress.step(done, total, text)

    def marked(self, key: str) -> dict[str, Any] | None:
        """The data of a piece of work already committed by an earlier attempt, or None."""
        mark = JobMark.objects.filter(job=self.job, key=key).first()
        return None if mark is None else dict(mark.data)

    def mark(self, key: str, data: dict[str, Any] | None = None) -> None:
        """Record that a piece of work is committed: call it inside that work's transaction."""
        if not _in_work_transaction():
            raise RuntimeError("JobContext.mark belongs inside the work's transaction.atomic()")
        JobMark.objects.create(job=self.job, key=key, data=data or {}, at=clock.now())

    def input_bytes(self) -> bytes:
        with self.job.input_file.open("rb") as handle:
            return bytes(handle.read())


# --- start ------------------------------------------------------------------------------------


def _uses_database_backend() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def _enqueue(job_id: int) -> None:
    from danchu.jobs.tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def _schedule(job_id: int) -> None:
    if _uses_database_backend():
        _enqueue(job_id)  # the task row is part of this very transaction
    else:
        transaction.on_commit(lambda: _enqueue(job_id))


def start(
    *,
    kind: str,
    params: dict[str, Any] | None,
    user: Any,
    unit: Any,
    input_file: tuple[str, bytes] | None = None,
    request: Any = None,
) -> Job:
    """Create the job of ``kind`` and enqueue its task, in one transaction with an audit entry.
    ``input_file`` is ``(name, bytes)`` of an upload the worker reads (removed once finished)."""
    if not registry.known(kind):
        raise ValueError(f"unknown job kind {kind!r}")
    actor = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        job = Job(
            kind=kind,
            params=params or {},
            started_by=actor,
            unit=unit,
            created_at=clock.now(),
            step=WAITING,
        )
        if input_file is not None:
            name, data = input_file
            job.input_file.save(name.rsplit("/", 1)[-1], ContentFile(data), save=False)
        job.save()
        audit.log(
            actor=actor,
            action="jobs.job.started",
            target=job,
            unit=unit,
            changes={"kind": kind},
            request=request,
        )
        _schedule(job.pk)
    return job


# --- run --------------------------------------------------------------------------------------


def _claim(job_id: int, me: str) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        if job.status == Status.RUNNING and job.worker != me and worker_alive(job):
            return None  # another live worker has it (a duplicate task)
        now = clock.now()
        job.status = Status.RUNNING
        job.attempts = F("attempts") + 1
        job.worker = me
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "attempts", "worker", "started_at", "heartbeat_at"])
        job.refresh_from_db()
        return job


def execute(job_id: int) -> str:
    """The task body: run the job once (a finished job is left alone) and record its outcome."""
    me = worker_name()
    job = _claim(job_id, me)
    if job is None:
        return "skipped"
    ctx = JobContext(job)
    if job.attempts > MAX_ATTEMPTS:
        outcome = Outcome(False, GAVE_UP.format(n=MAX_ATTEMPTS))
    else:
        beat = None if connection.in_atomic_block else Heartbeat(job.pk, me)
        try:
            outcome = registry.get(job.kind).handler(ctx)
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            outcome = Outcome(False, CRASHED)
        finally:
            if beat is not None:
                beat.stop()
    ctx.progress.flush()
    finish(job, outcome)
    return job.status


def finish(job: Job, outcome: Outcome) -> None:
    """Record the outcome: status, message, errors and result data; the upload is removed."""
    with transaction.atomic():
        job.refresh_from_db()
        job.status = Status.DONE if outcome.ok else Status.FAILED
        job.message = outcome.message
        job.errors = outcome.errors
        job.result = outcome.data
        if outcome.document is not None:
            job.document = outcome.document
        job.finished_at = clock.now()
        if outcome.ok and job.total:
            job.done = job.total
        job.step = ""
        upload = job.input_file.name
        job.input_file = ""  # type: ignore[assignment]
        job.save()
        audit.log(
            actor=job.started_by,
            action="jobs.job.finished",
            target=job,
            unit=job.unit,
            changes={"kind": job.kind, "status": job.status, "errors": len(outcome.errors)},
        )
        if upload:  # names, national ids, first passwords: not kept once read
            transaction.on_commit(lambda: default_storage.delete(upload))


def recover(*, stale_after: dt.timedelta = STALE_AFTER) -> list[int]:
    """Queue again every job found running whose worker is gone; enqueue committed jobs whose
    enqueue was lost. Returns the ids of the jobs queued again."""
    from django_tasks_db.models import DBTaskResult

    retried: list[int] = []
    for job in Job.objects.filter(status=Status.RUNNING):
        if worker_alive(job, stale_after=stale_after):
            continue
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job.pk)
            if job.status != Status.RUNNING or worker_alive(job, stale_after=stale_after):
                continue
            if job.task_id:
                DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                    status="FAILED",
                    finished_at=clock.now(),
                    exception_class_path="danchu.jobs.WorkerLost",
                    traceback=f"worker {job.worker} stopped",
                )
            lost = job.worker
            if job.attempts >= MAX_ATTEMPTS:
                finish(job, Outcome(False, GAVE_UP.format(n=job.attempts)))
                continue
            job.status = Status.QUEUED
            job.step = RETRYING
            job.worker = ""
            job.save(update_fields=["status", "step", "worker"])
            audit.log(
                actor=None,
                action="jobs.job.retried",
                target=job,
                unit=job.unit,
                changes={"kind": job.kind, "lost_worker": lost, "attempts": job.attempts},
            )
            _schedule(job.pk)
            retried.append(job.pk)
    lost_enqueue = Job.objects.filter(
        status=Status.QUEUED, task_id="", created_at__lt=clock.now() - dt.timedelta(minutes=1)
    )
    for job in lost_enqueue:
        _enqueue(job.pk)
    return retried
