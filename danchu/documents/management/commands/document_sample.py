"""``danchu document_sample minutes --format docx -o bien-ban.docx``: write a sample document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.documents.render import render_copies, render_docx, render_pdf
from danchu.documents.samples import SAMPLES


class Command(BaseCommand):
    help = "Write a sample official document (Decree 30 / Party format) as PDF or DOCX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help=f"one of: {', '.join(SAMPLES)}")
        parser.add_argument("--format", default="pdf", help="pdf or docx")
        parser.add_argument("-o", "--output", help="file to write (default mau-<name>.<format>)")
        parser.add_argument(
            "--all-copies",
            action="store_true",
            help="a secret document: one file per numbered copy (…-ban-1.pdf, …-ban-2.pdf)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name, fmt = options["name"], options["format"].lower()
        if name not in SAMPLES:
            raise CommandError(f"Tên mẫu '{name}' không có; chọn một trong: {', '.join(SAMPLES)}.")
        if fmt not in ("pdf", "docx"):
            raise CommandError(f"Tham số --format: '{fmt}' không hợp lệ; chọn pdf hoặc docx.")
        renderer = render_pdf if fmt == "pdf" else render_docx
        doc = SAMPLES[name]()
        output = Path(options["output"] or f"mau-{name}.{fmt}")
        if options["all_copies"] and doc.copies:
            for n, data in enumerate(render_copies(doc, renderer), start=1):
                path = output.with_name(f"{output.stem}-ban-{n}{output.suffix}")
                path.write_bytes(data)
                self.stdout.write(str(path))
            return
        output.write_bytes(renderer(doc, copy=1 if doc.copies else None))
        self.stdout.write(str(output))
