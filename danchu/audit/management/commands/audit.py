"""``danchu audit verify | anchor | check SEQ HASH | check-line LINE | key``.

``verify`` walks the whole chain, checks the signed anchors (in the database and outside it)
and exits 1 naming what broke; ``anchor`` signs the head and prints a line to publish;
``check`` tests a position and hash printed on a document; ``check-line`` tests a published
signed line; ``key`` prints the installation's public key (docs/audit.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.audit import outside, services, signing


class Command(BaseCommand):
    help = "Kiểm tra nhật ký kiểm toán (chuỗi băm, neo đã ký)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        verify = sub.add_parser("verify", help="Kiểm tra toàn bộ chuỗi nhật ký và các neo đã ký.")
        verify.add_argument(
            "--strict",
            action="store_true",
            help="Coi cảnh báo (thiếu tệp neo bên ngoài cơ sở dữ liệu) là lỗi.",
        )
        check = sub.add_parser("check", help="Kiểm tra vị trí và mã in trên văn bản.")
        check.add_argument("seq", type=int, help="Vị trí in trên văn bản")
        check.add_argument("hash", help="Mã (SHA-256) in trên văn bản")
        anchor = sub.add_parser(
            "anchor", help="Ký và in vị trí, mã hiện tại của chuỗi (dòng neo để công bố)."
        )
        anchor.add_argument(
            "--line", action="store_true", help="Chỉ in dòng neo đã ký (để dán vào văn bản)."
        )
        anchor.add_argument("--purpose", default="", help="Ghi chú: neo này để làm gì.")
        line = sub.add_parser("check-line", help="Kiểm tra một dòng neo đã ký đã công bố.")
        line.add_argument("line", help='Dòng "danchu-anchor v1 seq=… sig=…" (trong ngoặc kép)')
        key = sub.add_parser("key", help="In khóa công khai để công bố.")
        key.add_argument("--pem", action="store_true", help="Chỉ in khóa dạng PEM (cho OpenSSL).")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "anchor":
            self._anchor(only_line=options["line"], purpose=options["purpose"])
            return
        if what == "key":
            self._key(pem_only=options["pem"])
            return
        if what == "verify":
            report = services.verify_all(strict=options["strict"])
        elif what == "check-line":
            report = services.check_line(options["line"])
        else:
            report = services.check_anchor(options["seq"], options["hash"])
        if not report.ok:
            raise CommandError(report.message, returncode=1)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"Cảnh báo: {warning}"))
        self.stdout.write(self.style.SUCCESS(report.message))

    def _anchor(self, *, only_line: bool, purpose: str) -> None:
        # A signature vouches for the chain: never sign one that does not verify.
        report = services.verify_all()
        if not report.ok:
            raise CommandError(f"Không ký neo: {report.message}", returncode=1)
        signed = services.sign_anchor(purpose=purpose or "danchu audit anchor")
        if not only_line:
            self.stdout.write(services.format_anchor(signed.seq, signed.hash))
        self.stdout.write(signed.line)

    def _key(self, *, pem_only: bool) -> None:
        public = outside.public_key()
        assert public is not None
        if pem_only:
            self.stdout.write(signing.public_pem(public), ending="")
            return
        self.stdout.write(f"Khóa công khai Ed25519 (base64): {signing.public_text(public)}")
        self.stdout.write(f"Dấu vân tay (key= trong dòng neo): {signing.fingerprint(public)}")
        self.stdout.write(signing.public_pem(public), ending="")
