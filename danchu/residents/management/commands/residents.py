"""``danchu residents count``: the result of a community decision (LD3, LD6, LD7, LD14).

    danchu residents count --matter M --scope S --form F --households N [--present P]
        [--agree A] [--online-consent K] [--villages FILE] [--json]

Runs without a database. Exit codes: 0 counted (passed or not); 2 a problem with the input —
a form the law does not allow, an online vote without enough consent, numbers that do not add
up, a bad villages file (every problem listed, each naming its rule or row) — or a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.residents import counting
from danchu.residents.rules import Form, Matter, Scope


class Command(BaseCommand):
    help = "Cộng đồng dân cư bàn và quyết định (LD2–LD7, LD14). Lệnh con: count."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        from_shell = getattr(self, "_called_from_command_line", False)
        c: CommandParser = sub.add_parser(
            "count",
            help="Tính kết quả biểu quyết của cộng đồng dân cư theo ngưỡng của luật.",
            called_from_command_line=from_shell,
        )
        c.add_argument(
            "--matter",
            required=True,
            choices=[m.value for m in Matter],
            help="Việc (Điều 15): gop_cong_trinh (1), quy (2), huong_uoc (3), truong_thon (4), "
            "thanh_vien_ban (5), khac (6)",
        )
        c.add_argument(
            "--scope",
            required=True,
            choices=[s.value for s in Scope],
            help="Phạm vi: thon hoặc xa",
        )
        c.add_argument(
            "--form",
            required=True,
            choices=[f.value for f in Form],
            help="Hình thức: hop, phieu, truc_tuyen",
        )
        c.add_argument("--households", required=True, type=int, help="Tổng số hộ")
        c.add_argument("--present", type=int, default=None, help="Số hộ dự họp (trả phiếu)")
        c.add_argument("--agree", type=int, default=None, help="Số hộ đồng ý")
        c.add_argument(
            "--online-consent",
            dest="online_consent",
            type=int,
            default=None,
            help="Số hộ đồng ý biểu quyết trực tuyến (LD6)",
        )
        c.add_argument(
            "--villages",
            type=Path,
            default=None,
            help="Phạm vi xã: tệp CSV/XLSX, mỗi thôn một dòng: thon, so_ho, dong_y",
        )
        c.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "count":
            self.count(opts)

    def count(self, opts: dict[str, Any]) -> None:
        request = counting.CountRequest(
            matter=Matter(opts["matter"]),
            scope=Scope(opts["scope"]),
            form=Form(opts["form"]),
            households=opts["households"],
            present=opts.get("present"),
            agree=opts.get("agree"),
            online_consent=opts.get("online_consent"),
            villages=opts.get("villages"),
        )
        try:
            result = counting.count(request)
        except counting.InputError as exc:
            shown = exc.problems[: counting.MAX_ERRORS_SHOWN]
            lines = [f"Không tính được ({len(exc.problems)} lỗi):"]
            lines += [f"  - {p}" for p in shown]
            if len(exc.problems) > len(shown):
                lines.append(f"  … và {len(exc.problems) - len(shown)} lỗi khác.")
            raise CommandError("\n".join(lines), returncode=2) from None
        for warning in result.warnings:
            self.stderr.write(warning)
        if opts["json"]:
            self.stdout.write(json.dumps(result.outcome.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(counting.format_text(request, result.outcome))
