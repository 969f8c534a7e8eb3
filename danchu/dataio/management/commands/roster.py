"""``danchu roster import FILE --unit CODE`` (people, posts, accounts),
``danchu roster villages FILE --unit CODE`` and ``danchu roster template OUT``.

The whole file is checked first; every problem is printed with its row and column and nothing is
written (exit status 1). ``--as USERNAME`` records who imports and applies their access rights;
without it the import is recorded as done by the operator at the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.accounts.models import User
from danchu.core import clock
from danchu.dataio import roster, villages
from danchu.dataio.imports import template_bytes
from danchu.units.models import AdminUnit


def find_unit(code: str) -> AdminUnit:
    units = list(AdminUnit.objects.filter(code=code))
    today = clock.today()
    current = [u for u in units if u.in_force_on(today)] or units
    if not current:
        raise CommandError(f"Không có đơn vị mã «{code}».")
    if len(current) > 1:
        raise CommandError(f"Mã «{code}» khớp với nhiều đơn vị; hãy dùng mã của bản đồ hiện hành.")
    return current[0]


class Command(BaseCommand):
    help = "Nhập danh sách người, chức vụ, tài khoản (và thôn, tổ dân phố) từ tệp XLSX/CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        for name, text in (
            ("import", "Nhập người, chức vụ và tài khoản."),
            ("villages", "Nhập thôn, tổ dân phố của một xã."),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("file", help="Tệp .xlsx hoặc .csv (UTF-8)")
            p.add_argument("--unit", required=True, help="Mã đơn vị nhận danh sách")
            p.add_argument("--as", dest="as_user", help="Tên đăng nhập của người nhập")
        imp = sub.choices["import"]
        imp.add_argument(
            "--background",
            action="store_true",
            help="Giao cho tiến trình nền (danchu jobs run-worker); in số của việc",
        )
        imp.add_argument(
            "--wait",
            action="store_true",
            help="Giao cho tiến trình nền và in tiến độ cho đến khi xong",
        )
        t = sub.add_parser("template", help="Ghi tệp mẫu.")
        t.add_argument("out", help="Tệp ra, .xlsx hoặc .csv")
        t.add_argument("--villages", action="store_true", help="Mẫu nhập thôn, tổ dân phố")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "template":
            out = Path(options["out"])
            module: Any = villages if options["villages"] else roster
            fmt = "csv" if out.suffix.lower() == ".csv" else "xlsx"
            out.write_bytes(template_bytes(module.COLUMNS, module.EXAMPLE_ROWS, fmt))
            self.stdout.write(f"Đã ghi {out}")
            return
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không có tệp «{path}».")
        unit = find_unit(options["unit"])
        actor = None
        if options.get("as_user"):
            actor = User.objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng «{options['as_user']}».")
        if options["what"] == "import" and (options["background"] or options["wait"]):
            self._in_background(path, unit, actor, wait=options["wait"])
            return
        try:
            if options["what"] == "import":
                outcome: Any = roster.import_roster(actor=actor, unit=unit, source=path)
            else:
                outcome = villages.import_villages(actor=actor, commune=unit, source=path)
        except PermissionDenied:
            raise CommandError(f"«{actor}» không có quyền nhập cho {unit.name}.") from None
        if not outcome.ok:
            for error in outcome.result.sorted_errors():
                self.stderr.write(str(error))
            raise CommandError(
                f"Không ghi gì: tệp có {len(outcome.result.errors)} lỗi.", returncode=1
            )
        if options["what"] == "import":
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nhập {outcome.people} người, {outcome.assignments} chức vụ, "
                    f"{outcome.accounts} tài khoản vào {unit.name}."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã nhập {outcome.created} thôn, tổ dân phố."))

    def _in_background(self, path: Path, unit: AdminUnit, actor: Any, *, wait: bool) -> None:
        from danchu.dataio.jobs import ROSTER
        from danchu.jobs import cli
        from danchu.jobs import services as jobs

        job = jobs.start(
            kind=ROSTER,
            params={"file_name": path.name},
            user=actor,
            unit=unit,
            input_file=(path.name, path.read_bytes()),
        )
        self.stdout.write(
            f"Đã giao việc #{job.pk} cho tiến trình nền; xem: danchu jobs show {job.pk}"
        )
        if not wait:
            return
        job = cli.wait(job, self.stdout)
        for line in cli.describe(job)[2:]:
            self.stderr.write(line)
        if job.status != "done":
            raise CommandError(job.message, returncode=1)
        self.stdout.write(self.style.SUCCESS(job.message))
