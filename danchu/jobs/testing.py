"""For tests: run the queued tasks in this process with the database worker's own code
(``django_tasks_db``'s ``Worker.run_task``), inside the test's transaction. The restart test
runs a real ``danchu db_worker`` process instead (danchu/jobs/tests/test_restart.py)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued(limit: int = 100) -> int:
    """Run every ready task once, oldest first; returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        result = DBTaskResult.objects.ready().first()
        if result is None:
            break
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
