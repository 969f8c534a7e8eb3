"""``danchu rating count``: classify commune governments from spreadsheet files (GR1, GR2, GR4).

    danchu rating count --criteria C --classes K --scores S [--targets T] [--json]

Runs without a database. The file formats are in docs/classification.md. Exit codes: 0
classified; 1 bad files (every problem listed by file, row and column, nothing classified);
2 a usage error (unknown or missing option).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.classification import counting


class Command(BaseCommand):
    help = "Đánh giá, xếp loại chính quyền cơ sở (GR1–GR4) từ tệp CSV/XLSX. Lệnh con: count."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        from_shell = getattr(self, "_called_from_command_line", False)
        c: CommandParser = sub.add_parser(
            "count",
            help="Xếp loại từ tệp tiêu thức, tệp ngưỡng xếp loại, tệp điểm (và tệp chỉ tiêu).",
            called_from_command_line=from_shell,
        )
        c.add_argument(
            "--criteria",
            required=True,
            type=Path,
            help="Tiêu thức: ma, ten, diem_toi_da, chuc_danh",
        )
        c.add_argument(
            "--classes",
            required=True,
            type=Path,
            help="Ngưỡng: xep_loai (tot, kha, trung_binh, yeu, tsvm), diem_tu",
        )
        c.add_argument(
            "--scores",
            required=True,
            type=Path,
            help="Điểm: ma_xa, ten_xa, một cột mỗi mã tiêu thức, [nam_truoc, hai_nam_truoc]",
        )
        c.add_argument(
            "--targets",
            type=Path,
            default=None,
            help="Chỉ tiêu: chi_tieu, so_sanh (>=, >, <=, <, =), so_luong",
        )
        c.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "count":
            self.count(opts)

    def count(self, opts: dict[str, Any]) -> None:
        try:
            result = counting.count_files(
                opts["criteria"], opts["classes"], opts["scores"], opts["targets"]
            )
        except counting.InputError as exc:
            shown = exc.problems[: counting.MAX_ERRORS_SHOWN]
            lines = [f"Tệp không hợp lệ ({len(exc.problems)} lỗi), chưa xếp loại:"]
            lines += [f"  - {p}" for p in shown]
            if len(exc.problems) > len(shown):
                lines.append(f"  … và {len(exc.problems) - len(shown)} lỗi khác.")
            raise CommandError("\n".join(lines)) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(counting.format_table(result))
