"""Command-line side of background jobs: ``--wait`` prints a progress line until the job ends."""

from __future__ import annotations

import time
from typing import Any, TextIO

from danchu.jobs import selectors
from danchu.jobs.models import Job, Status

NO_WORKER_HINT = (
    "Chưa có tiến trình nền nào nhận việc: hãy chạy `danchu jobs run-worker` "
    "(hoặc dịch vụ danchu-worker, xem docs/operations.md)."
)


def describe(job: Job) -> list[str]:
    """The job as ``danchu jobs show`` prints it: progress line, result, errors."""
    lines = [selectors.progress_line(job)]
    if job.finished and job.message:
        lines.append(job.message)
    for error in job.errors:
        where = []
        if error.get("row"):
            where.append(f"Dòng {error['row']}")
        if error.get("column"):
            where.append(f"cột «{error['column']}»")
        lines.append((", ".join(where) + ": " if where else "") + str(error.get("message", "")))
    return lines


def wait(
    job: Job,
    out: TextIO | Any,
    *,
    poll: float = 1.0,
    timeout: float | None = None,
    hint_after: float = 10.0,
) -> Job:
    """Print a progress line each time it changes, until the job is done or failed."""
    began = time.monotonic()
    last = ""
    hinted = False
    while True:
        job.refresh_from_db()
        line = selectors.progress_line(job)
        if line != last:
            out.write(line)
            last = line
        if job.finished:
            return job
        waited = time.monotonic() - began
        if job.status == Status.QUEUED and waited > hint_after and not hinted:
            out.write(NO_WORKER_HINT)
            hinted = True
        if timeout is not None and waited > timeout:
            return job
        time.sleep(poll)
