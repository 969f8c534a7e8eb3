"""``danchu restore ARCHIVE [--passphrase-file F | --passphrase-env VAR] [--yes]``: an archive
of ``danchu backup`` into an empty installation (docs/operations.md, "Backups and restore").

Exit 0: restored and every check passed; 1: restored but a check failed (printed);
2: refused, nothing was written (installation not empty, wrong passphrase, altered archive…)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.ops import common, restore


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu của danchu vào một cài đặt trống."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Tệp danchu-backup-….tar hoặc ….tar.enc")
        parser.add_argument("--passphrase-file", help="Tệp chứa mật khẩu (dòng đầu).")
        parser.add_argument("--passphrase-env", help="Biến môi trường chứa mật khẩu.")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại trước khi ghi.")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            passphrase = common.read_passphrase(
                options["passphrase_file"], options["passphrase_env"]
            )
            restore.check_empty()
            if not options["yes"]:
                self._confirm(archive)
            report = restore.restore(archive, passphrase=passphrase, say=self.stdout.write)
        except common.Refused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        width = max((len(label) for label, *_ in report.counts), default=10)
        self.stdout.write(f"{'bảng':<{width}}  {'khôi phục':>10}  {'manifest':>10}")
        for label, got, want in report.counts:
            if got or want:
                mark = "" if got == want else "  ← KHÁC"
                self.stdout.write(f"{label:<{width}}  {got:>10}  {want:>10}{mark}")
        total_got = sum(g for _l, g, _w in report.counts)
        total_want = sum(w for _l, _g, w in report.counts)
        self.stdout.write(f"{'tổng':<{width}}  {total_got:>10}  {total_want:>10}")
        for line in report.lines:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(
                "Đã khôi phục nhưng có chỗ không khớp:\n" + "\n".join(report.problems),
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS("Khôi phục xong: mọi kiểm tra đều khớp."))

    def _confirm(self, archive: Path) -> None:
        if not sys.stdin.isatty():
            raise common.Refused(
                "Chạy không tương tác: thêm --yes để xác nhận khôi phục (không có gì được ghi)."
            )
        answer = input(f"Khôi phục {archive} vào cài đặt trống này? Gõ 'co' để tiếp tục: ")
        if answer.strip().lower() not in ("co", "có", "yes"):
            raise common.Refused("Đã hủy: không có gì được ghi.")
