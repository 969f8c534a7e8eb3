"""``danchu audit verify`` and ``danchu audit check SEQ HASH``.

``verify`` walks the whole chain and exits 1 naming the first broken entry; ``check`` tests a
position and hash printed on a document.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.audit import services


class Command(BaseCommand):
    help = "Kiểm tra nhật ký kiểm toán (chuỗi băm)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("verify", help="Kiểm tra toàn bộ chuỗi nhật ký.")
        check = sub.add_parser("check", help="Kiểm tra vị trí và mã in trên văn bản.")
        check.add_argument("seq", type=int, help="Vị trí in trên văn bản")
        check.add_argument("hash", help="Mã (SHA-256) in trên văn bản")
        sub.add_parser("anchor", help="In vị trí và mã hiện tại của chuỗi.")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "anchor":
            seq, digest = services.anchor()
            self.stdout.write(services.format_anchor(seq, digest))
            return
        if what == "verify":
            report = services.verify()
        else:
            report = services.check_anchor(options["seq"], options["hash"])
        if not report.ok:
            raise CommandError(report.message, returncode=1)
        self.stdout.write(self.style.SUCCESS(report.message))
