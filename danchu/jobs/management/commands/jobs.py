"""``danchu jobs run-worker`` — run background jobs (the database backend's worker, plus the
recovery of jobs whose worker stopped); ``danchu jobs show ID [--wait]`` — a job's progress,
result and errors; ``danchu jobs list`` — the latest jobs; ``danchu jobs tick [--wait]`` — the
daily work (deadline reminders), for cron or a systemd timer; ``danchu jobs recover`` — queue
again the jobs whose worker is gone."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from danchu.jobs import cli, reminders, selectors, services
from danchu.jobs.models import Job


def _recover_forever(every: float, stale_after: dt.timedelta, stop: threading.Event) -> None:
    try:
        while not stop.wait(every):
            try:
                services.recover(stale_after=stale_after)
            except Exception:  # the worker keeps working; the next round tries again
                services.logger.exception("recovering stale jobs failed")
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Tiến trình nền: chạy, xem tiến độ, việc hằng ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        run = sub.add_parser("run-worker", help="Chạy tiến trình nền (để chạy mãi, dưới systemd).")
        run.add_argument("--interval", type=float, default=1.0, help="Giây giữa hai lần tìm việc")
        run.add_argument("--batch", action="store_true", help="Làm hết việc đang chờ rồi dừng")
        run.add_argument(
            "--stale-after",
            type=int,
            default=int(services.STALE_AFTER.total_seconds()),
            help="Giây không có dấu hiệu sống (máy khác) thì coi tiến trình đã dừng",
        )
        run.add_argument(
            "--recover-every", type=float, default=30.0, help="Giây giữa hai lần tìm việc bị bỏ dở"
        )
        show = sub.add_parser("show", help="Tiến độ, kết quả và lỗi của một việc.")
        show.add_argument("id", type=int)
        show.add_argument("--wait", action="store_true", help="In tiến độ cho đến khi xong")
        sub.add_parser("list", help="Các việc gần đây.")
        tick = sub.add_parser("tick", help="Việc hằng ngày: nhắc hạn (chạy bằng cron/systemd).")
        tick.add_argument("--wait", action="store_true", help="In tiến độ cho đến khi xong")
        recover = sub.add_parser("recover", help="Chạy lại các việc mà tiến trình nền bỏ dở.")
        recover.add_argument("--stale-after", type=int, default=120)

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "run-worker":
            self._run_worker(options)
        elif what == "show":
            job = Job.objects.filter(pk=options["id"]).first()
            if job is None:
                raise CommandError(f"Không có việc số {options['id']}.")
            if options["wait"]:
                job = cli.wait(job, self.stdout)
                for line in cli.describe(job)[1:]:
                    self.stdout.write(line)
            else:
                for line in cli.describe(job):
                    self.stdout.write(line)
            if job.finished and job.status != "done":
                raise CommandError("Việc không thành.", returncode=1)
        elif what == "list":
            for job in Job.objects.select_related("unit")[:50]:
                self.stdout.write(selectors.progress_line(job))
        elif what == "tick":
            job, started = reminders.tick()
            self.stdout.write(
                f"Đã bắt đầu việc nhắc hạn #{job.pk}."
                if started
                else f"Hôm nay đã có việc nhắc hạn #{job.pk}; không bắt đầu lại."
            )
            if options["wait"]:
                job = cli.wait(job, self.stdout)
                self.stdout.write(job.message)
        elif what == "recover":
            retried = services.recover(stale_after=dt.timedelta(seconds=options["stale_after"]))
            self.stdout.write(f"Chạy lại {len(retried)} việc: {retried}")

    def _run_worker(self, options: dict[str, Any]) -> None:
        stale_after = dt.timedelta(seconds=options["stale_after"])
        retried = services.recover(stale_after=stale_after)
        if retried:
            self.stdout.write(f"Chạy lại các việc bị bỏ dở: {retried}")
        stop = threading.Event()
        watcher = None
        if not options["batch"]:
            watcher = threading.Thread(
                target=_recover_forever,
                args=(options["recover_every"], stale_after, stop),
                name="jobs-recover",
                daemon=True,
            )
            watcher.start()
        try:
            call_command(
                "db_worker",
                queue_name="default",
                interval=options["interval"],
                batch=options["batch"],
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
                stdout=self.stdout._out,
            )
        finally:
            stop.set()
