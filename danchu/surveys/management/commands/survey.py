"""``danchu survey count --forms F [--json]``: count a file of survey forms with the SV rules.

Runs without a database (an offline laptop can count a commune's forms). Bad files stop with
every problem named by row and column (Vietnamese) and exit code 2.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.surveys import counting


class Command(BaseCommand):
    help = "Phiếu lấy ý kiến nhân dân về công chức cấp xã (SV1–SV8). Lệnh con: count."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="count")
        count = sub.add_parser(
            "count",
            help="Đếm phiếu từ tệp CSV (UTF-8) hoặc XLSX: một dòng một phiếu, các cột "
            "ma_phieu, cong_chuc, chuc_danh, nhom (CB/KCT/ND), tin_nhiem (1/0).",
        )
        count.add_argument("--forms", required=True, help="Tệp phiếu (.csv hoặc .xlsx).")
        count.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "count":
            self._count(options["forms"], as_json=options["json"])

    def _count(self, path: str, *, as_json: bool) -> None:
        result = counting.count_file(path)
        if not result.ok:
            shown = result.errors[: counting.MAX_ERRORS_SHOWN]
            lines = [f"Tệp “{path}” có {len(result.errors)} lỗi, chưa đếm phiếu:"]
            lines += [f"  - {e}" for e in shown]
            if len(result.errors) > len(shown):
                lines.append(f"  … và {len(result.errors) - len(shown)} lỗi khác.")
            raise CommandError("\n".join(lines), returncode=2)
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(counting.format_table(result))
