"""``danchu backup [--to DIR] [--passphrase-file F | --passphrase-env VAR] [--without-keys]
[--json]``: one archive of the database, uploaded files, keys and audit files, with a manifest
(docs/operations.md, "Backups and restore")."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.ops import backup, common


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu, tệp tải lên, khóa và nhật ký kiểm toán vào một tệp "
        "(mã hóa khi có mật khẩu)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            default=os.environ.get("DANCHU_BACKUP_DIR", ""),
            help="Thư mục ghi bản sao lưu (mặc định DANCHU_BACKUP_DIR, hoặc var/backups).",
        )
        parser.add_argument("--passphrase-file", help="Tệp chứa mật khẩu (dòng đầu) để mã hóa.")
        parser.add_argument("--passphrase-env", help="Biến môi trường chứa mật khẩu để mã hóa.")
        parser.add_argument(
            "--without-keys",
            action="store_true",
            help="Không đưa thư mục khóa (DANCHU_KEY_DIR) vào bản sao lưu; cất khóa riêng.",
        )
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        folder = Path(options["to"]) if options["to"] else Path(settings.VAR_DIR) / "backups"
        try:
            passphrase = common.read_passphrase(
                options["passphrase_file"], options["passphrase_env"], minimum=12
            )
            result = backup.make(
                to=folder, passphrase=passphrase, with_keys=not options["without_keys"]
            )
        except common.Refused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        manifest = result.manifest
        rows = sum(manifest["counts"].values())
        if passphrase is None and manifest["keys_included"]:
            self.stderr.write(
                "Cảnh báo: bản sao lưu có khóa (tài liệu MẬT, khóa ký nhật ký) mà không mã hóa: "
                "giữ nó bí mật như chính các khóa, hoặc dùng --passphrase-file / --without-keys."
            )
        if options["json"]:
            summary = {
                "archive": str(result.path),
                "size": result.size,
                "encrypted": passphrase is not None,
                "keys_included": manifest["keys_included"],
                "vendor": manifest["database"]["vendor"],
                "rows": rows,
                "files": len(manifest["files"]),
                "anchor": manifest["anchor"],
            }
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"Đã sao lưu vào {result.path} ({result.size:,} byte)".replace(",", "."))
        self.stdout.write(
            f"Cơ sở dữ liệu {manifest['database']['vendor']}: {rows:,} dòng".replace(",", ".")
            + f"; {len(manifest['files'])} tệp có SHA-256 trong manifest."
        )
        head = manifest["anchor"]["head"]
        self.stdout.write(f"Nhật ký kiểm toán: vị trí {head['seq']}, mã {head['hash']}")
        if manifest["anchor"]["snapshot"]:
            self.stdout.write(manifest["anchor"]["snapshot"])
