"""Background jobs (issue 16): started with their task in one transaction, progress seen while
they run, result and errors kept on a page that only the owner and the unit see, recovered when
their worker is gone, never doing their work twice."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from danchu.audit.models import AuditEntry
from danchu.dataio.jobs import COMMITTED, ROSTER
from danchu.dataio.tests.files import csv_bytes
from danchu.dataio.tests.test_roster import HEAD, VILLAGER, row
from danchu.jobs import registry, reminders, services
from danchu.jobs.models import Job, JobMark, Reminder, Status
from danchu.jobs.registry import Outcome
from danchu.jobs.testing import run_queued
from danchu.people.models import Person
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db

SEEN: list[int] = []


def _counting(ctx):  # type: ignore[no-untyped-def]
    """A test kind: three steps, then a result."""
    for i in range(3):
        ctx.step(i, 3, f"bước {i + 1}")
        SEEN.append(Job.objects.get(pk=ctx.job.pk).done)
    return Outcome(True, "Xong ba bước.", data={"n": 3})


def _broken(ctx):  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


registry.register("test_counting", "Đếm thử", _counting)
registry.register("test_broken", "Hỏng thử", _broken)


def _roster_job(world, rows):  # type: ignore[no-untyped-def]
    return services.start(
        kind=ROSTER,
        params={"file_name": "ds.csv"},
        user=world.bob,
        unit=world.commune_a,
        input_file=("ds.csv", csv_bytes([HEAD, *rows])),
    )


def test_start_writes_the_job_its_task_and_an_audit_entry_together(world):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    task = DBTaskResult.objects.get()
    assert job.task_id == str(task.id) or Job.objects.get().task_id == str(task.id)
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert task.task_path == "danchu.jobs.tasks.run_job"
    assert job.status == Status.QUEUED and job.created_at is not None
    assert AuditEntry.objects.get().action == "jobs.job.started"


def test_a_rolled_back_start_leaves_neither_job_nor_task(world):  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
        raise RuntimeError("the caller's transaction fails")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_unknown_kind_is_refused(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        services.start(kind="nope", params={}, user=world.bob, unit=None)


def test_progress_is_written_while_the_job_runs_and_the_result_stays(world):  # type: ignore[no-untyped-def]
    SEEN.clear()
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    assert run_queued() == 1
    assert SEEN == [0, 1, 2]  # each step was in the row while the work went on
    job.refresh_from_db()
    assert (job.status, job.message, job.result, job.attempts) == (
        Status.DONE,
        "Xong ba bước.",
        {"n": 3},
        1,
    )
    assert job.percent == 100 and job.finished_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_crash_fails_the_job_with_a_vietnamese_message(world):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_broken", params={}, user=world.bob, unit=world.commune_a)
    run_queued()
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.message == services.CRASHED


def test_a_finished_job_is_not_run_again_by_a_duplicate_task(world):  # type: ignore[no-untyped-def]
    SEEN.clear()
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    run_queued()
    assert services.execute(job.pk) == "skipped"
    assert len(SEEN) == 3


def test_roster_job_with_problems_keeps_every_row_error(world):  # type: ignore[no-untyped-def]
    job = _roster_job(world, [VILLAGER, row(full_name="Sai", unit_code="T0002")])
    run_queued()
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.message == "Không ghi gì: tệp có 1 lỗi."
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Mã đơn vị")]
    assert not Person.objects.exists()
    assert not job.input_file  # the upload (names, ids, passwords) is not kept


def test_retried_roster_job_after_its_commit_imports_nothing_twice(world):  # type: ignore[no-untyped-def]
    """The worker died after the import committed but before the job was marked done: the mark
    written in the import's transaction makes the retry skip the import."""
    job = _roster_job(world, [VILLAGER])
    run_queued()
    assert JobMark.objects.get(job=job).key == COMMITTED
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, worker="elsewhere:1")
    assert services.recover(stale_after=dt.timedelta(0)) == [job.pk]
    Job.objects.filter(pk=job.pk).update(input_file="")  # even the upload is gone by now
    run_queued()
    job.refresh_from_db()
    assert job.status == Status.DONE and job.attempts == 2
    assert job.message == "Đã nhập 1 người, 0 chức vụ, 0 tài khoản vào Xã An Hòa."
    assert Person.objects.count() == 1
    assert AuditEntry.objects.filter(action="dataio.roster.imported").count() == 1


def test_recover_leaves_a_job_whose_worker_lives(world):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    Job.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, worker=services.worker_name(), attempts=1
    )
    assert services.recover(stale_after=dt.timedelta(0)) == []


def test_recover_requeues_a_job_whose_process_is_gone(world):  # type: ignore[no-untyped-def]
    import socket

    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    gone = 2**22 + 12345  # above the usual pid_max: no such process
    assert not os.path.exists(f"/proc/{gone}")
    Job.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, worker=f"{socket.gethostname()}:{gone}", attempts=1
    )
    assert services.recover() == [job.pk]  # no waiting: the process is checked
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.step == services.RETRYING
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # the first is not claimed
    assert AuditEntry.objects.filter(action="jobs.job.retried").count() == 1


def test_recover_waits_for_a_silent_worker_on_another_machine(world, clock):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    Job.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, worker="other-host:1", attempts=1, heartbeat_at=clock_now()
    )
    assert services.recover() == []
    clock.shift(dt.timedelta(minutes=3))
    assert services.recover() == [job.pk]


def test_a_job_abandoned_too_often_fails(world):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    Job.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, worker="other-host:1", attempts=services.MAX_ATTEMPTS
    )
    assert services.recover(stale_after=dt.timedelta(0)) == []
    job.refresh_from_db()
    assert job.status == Status.FAILED and "3 lần" in job.message


def clock_now():  # type: ignore[no-untyped-def]
    from danchu.core import clock

    return clock.now()


# --- pages ------------------------------------------------------------------------------------


def test_job_page_polls_while_running_and_keeps_the_result(world):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, done=5, total=20, step="bước 2")
    client = client_for(world.bob)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-bar" max="100" value="25" style="width:100%">' in html
    assert f'hx-get="/jobs/{job.pk}/progress/"' in html and 'hx-trigger="every 2s"' in html
    assert "<script>" not in html and "bước 2" in html
    fragment = client.get(f"/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in fragment and 'value="25"' in fragment.content.decode()
    Job.objects.filter(pk=job.pk).update(status=Status.QUEUED, done=0)
    run_queued()
    fragment = client.get(f"/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "hx-trigger" not in fragment.content.decode()
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'value="100"' in html and "Xong ba bước." in html and "hx-get" not in html


@pytest.mark.parametrize(
    ("actor", "status"),
    [("bob", 200), ("alice", 200), ("root", 200), ("carol", 404), ("dave", 404)],
)
def test_job_page_is_seen_by_its_owner_and_who_sees_the_unit(world, actor, status):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    client = client_for(getattr(world, actor))
    assert client.get(f"/jobs/{job.pk}/").status_code == status
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == status
    assert client.get(f"/api/jobs/{job.pk}/").status_code == status


def test_anonymous_visitor_is_sent_to_login(world):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    for url in ("/jobs/", f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/"):
        assert "/accounts/login/" in Client().get(url)["Location"]
    assert Client().get(f"/api/jobs/{job.pk}/").status_code == 401


def test_my_jobs_list_paginates_with_flat_queries(world, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = client_for(world.bob)
    services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    with django_assert_max_num_queries(20) as few:
        client.get("/jobs/")
    for _ in range(40):
        services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/jobs/")
    html = page.content.decode()
    assert html.count('<td class="num"><a href="/jobs/') == 25
    assert "?page=2" in html


def test_api_job_has_progress_result_and_errors(world):  # type: ignore[no-untyped-def]
    job = _roster_job(world, [row(full_name="Sai", unit_code="T0002")])
    run_queued()
    data = client_for(world.bob).get(f"/api/jobs/{job.pk}/").json()
    assert data["status"] == "failed" and data["finished"] is True
    assert data["kind"] == ROSTER and data["unit"] == "T0001" and data["started_by"] == "bob"
    assert data["errors"][0]["row"] == 2 and data["errors"][0]["column"] == "Mã đơn vị"
    assert data["page_url"] == f"/jobs/{job.pk}/"
    listed = client_for(world.bob).get("/api/jobs/").json()
    assert [j["id"] for j in listed["results"]] == [job.pk]
    assert client_for(world.alice).get("/api/jobs/").json()["results"] == []  # own jobs only


# --- command line -----------------------------------------------------------------------------


def test_cli_show_prints_progress_result_and_errors(world, capsys):  # type: ignore[no-untyped-def]
    job = _roster_job(world, [row(full_name="Sai", unit_code="T0002")])
    call_command("jobs", "show", str(job.pk))
    assert "0% Đang chờ Việc đã vào hàng đợi" in capsys.readouterr().out
    run_queued()
    with pytest.raises(CommandError):
        call_command("jobs", "show", str(job.pk))
    out = capsys.readouterr().out
    assert "Không ghi gì: tệp có 1 lỗi." in out
    assert "Dòng 2, cột «Mã đơn vị»: Mã đơn vị «T0002»" in out


def test_cli_roster_import_in_the_background(world, tmp_path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([HEAD, VILLAGER]))
    call_command("roster", "import", str(path), "--unit", "T0001", "--as", "bob", "--background")
    job = Job.objects.get()
    assert f"#{job.pk}" in capsys.readouterr().out
    assert job.started_by == world.bob and not Person.objects.exists()
    run_queued()
    call_command("jobs", "show", str(job.pk), "--wait")
    out = capsys.readouterr().out
    assert "[" + "#" * 30 + "] 100%" in out and "Đã nhập 1 người" in out


# --- deadline reminders -----------------------------------------------------------------------


def test_tick_starts_one_reminder_job_a_day_and_records_what_it_did(world, monkeypatch):  # type: ignore[no-untyped-def]
    from danchu.web import home

    def provider(user):  # type: ignore[no-untyped-def]
        if user.username != "alice":
            return []
        return [
            home.HomeItem("deadline", "Báo cáo kết quả", "/x/", dt.date(2026, 11, 24), "SV9"),
            home.HomeItem("deadline", "Còn xa", "/y/", dt.date(2026, 12, 30), "SV9"),
            home.HomeItem("deadline", "Đã trễ", "/z/", dt.date(2026, 11, 1), "CV4", late=True),
        ]

    monkeypatch.setattr(home, "_providers", [provider])
    job, started = reminders.tick()
    assert started and job.params == {"on": "2026-11-22"}
    again, started_again = reminders.tick()
    assert again == job and not started_again
    run_queued()
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert job.message == "Ngày 22/11/2026: đã nhắc 2 hạn cho 1 người (1 thư điện tử)."
    sent = Reminder.objects.order_by("title")
    assert [(r.user.username, r.title, r.late, r.emailed) for r in sent] == [
        ("alice", "Báo cáo kết quả", False, True),
        ("alice", "Đã trễ", True, True),
    ]
    from django.core import mail

    assert len(mail.outbox) == 1 and "Báo cáo kết quả" in mail.outbox[0].body
    # A second job on the same day (e.g. the first failed) sends nothing twice.
    Job.objects.filter(pk=job.pk).update(status=Status.FAILED)
    second, _ = reminders.tick()
    run_queued()
    second.refresh_from_db()
    assert second.result["reminders"] == 0 and len(mail.outbox) == 1
    page = client_for(world.root).get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-reminders"' in page and "Đã trễ" in page


def test_tick_command(world, capsys):  # type: ignore[no-untyped-def]
    call_command("jobs", "tick")
    assert "Đã bắt đầu việc nhắc hạn" in capsys.readouterr().out
    call_command("jobs", "tick")
    assert "không bắt đầu lại" in capsys.readouterr().out


# --- issued documents -------------------------------------------------------------------------


def _issuing(ctx):  # type: ignore[no-untyped-def]
    """A test kind that issues a document for its job, once even if run again."""
    from danchu.documents import issuing

    doc = issuing.current(ctx.job, "test.job-report")
    if doc is None:
        doc = issuing.issue(
            kind="test.job-report",
            target=ctx.job,
            title="Báo cáo thử",
            render=lambda issue: issuing.Rendered(files={"pdf": b"%PDF-1.4 thu"}, figures={}),
            actor=ctx.job.started_by,
            unit=ctx.job.unit,
        )
    return Outcome(True, "Đã ban hành.", document=doc)


registry.register("test_issuing", "Ban hành thử", _issuing)


def test_a_job_that_issues_a_document_serves_it_as_issued_to_its_owner(world):  # type: ignore[no-untyped-def]
    job = services.start(kind="test_issuing", params={}, user=world.bob, unit=world.commune_a)
    run_queued()
    job.refresh_from_db()
    assert job.document is not None and job.status == Status.DONE
    page = client_for(world.bob).get(f"/jobs/{job.pk}/").content.decode()
    assert f"/jobs/{job.pk}/document.pdf" in page
    response = client_for(world.bob).get(f"/jobs/{job.pk}/document.pdf")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 thu"
    assert client_for(world.alice).get(f"/jobs/{job.pk}/document.pdf").status_code == 404
    assert client_for(world.bob).get(f"/jobs/{job.pk}/document.docx").status_code == 404
    # Run again (a retried job): the same document, not a second one.
    Job.objects.filter(pk=job.pk).update(status=Status.QUEUED)
    services.execute(job.pk)
    job.refresh_from_db()
    from danchu.documents.models import IssuedDocument

    assert IssuedDocument.objects.count() == 1 and job.attempts == 2


def test_with_another_backend_the_task_is_enqueued_only_after_the_commit(  # type: ignore[no-untyped-def]
    world, settings, django_capture_on_commit_callbacks
):
    """A backend outside the database (Redis…) must not see a job before it is committed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    SEEN.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.start(kind="test_counting", params={}, user=world.bob, unit=world.commune_a)
    assert SEEN == [] and callbacks and not DBTaskResult.objects.exists()
    for callback in callbacks:  # the commit: the immediate backend runs the job at once
        callback()
    job.refresh_from_db()
    assert job.status == Status.DONE and job.task_id and SEEN == [0, 1, 2]
