"""``danchu restore ARCHIVE``: an archive of ``danchu backup`` into an **empty** installation.

Nothing is written until everything has been checked: the installation is empty (its database
holds nothing but what ``migrate`` writes, no uploaded file, no audit anchor, no key that differs
from the archive's), the passphrase opens the archive, every file is a regular file under one of
the archive's folders, every SHA-256 and size in the manifest matches, with no file more or
less, and the manifest's signature holds (with the audit key already here, else the archive's).
Then the database (``pg_restore`` / SQLite's backup API), the uploaded files, the keys and the
audit files are written, and the result is compared with the manifest: rows per model, the
signed anchor of the dumped head, every issued document's bytes against its SHA-256, and the
whole audit trail (``danchu audit verify``).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from danchu.audit import outside, services, signing
from danchu.core import keys
from danchu.documents import issuing
from danchu.documents.models import IssuedFile
from danchu.ops import common, crypto
from danchu.ops.common import Refused

DOCUMENTS_KEY = "documents.key"


@dataclass
class Report:
    """What was restored and how it compares with the manifest."""

    counts: list[tuple[str, int, int]] = field(default_factory=list)  # label, restored, manifest
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def check_empty() -> None:
    """Refuse an installation that already holds something the archive would overwrite."""
    found = []
    rows = common.holds_data()
    if rows:
        shown = ", ".join(rows[:6]) + (", …" if len(rows) > 6 else "")
        found.append(f"cơ sở dữ liệu đã có dữ liệu ({shown})")
    media = common.files_under("media", common.media_root())
    if media:
        found.append(f"thư mục tệp tải lên {common.media_root()} đã có {len(media)} tệp")
    anchors = [p for p in (outside.latest_path(), outside.log_path()) if p.exists()]
    if anchors:
        found.append(f"thư mục nhật ký đã có {', '.join(str(p) for p in anchors)}")
    if found:
        raise Refused(
            "Cài đặt này không trống: "
            + "; ".join(found)
            + ". Chỉ khôi phục vào một cài đặt trống (cơ sở dữ liệu mới, thư mục tệp và thư mục "
            "nhật ký trống); không có gì được ghi."
        )


@contextlib.contextmanager
def _plain(archive: Path, passphrase: bytes | None) -> Iterator[IO[bytes]]:
    with open(archive, "rb") as raw:
        head = raw.read(len(crypto.MAGIC))
        raw.seek(0)
        if crypto.is_encrypted(head):
            if passphrase is None:
                raise Refused(
                    "Bản sao lưu này đã được mã hóa: cho mật khẩu bằng --passphrase-file hoặc "
                    "--passphrase-env."
                )
            try:
                reader = crypto.DecryptingReader(raw, passphrase)
            except (crypto.WrongPassphrase, crypto.Damaged) as exc:
                raise Refused(str(exc)) from exc
            yield reader  # type: ignore[misc]
        else:
            if passphrase is not None:
                raise Refused(
                    "Đã cho mật khẩu nhưng tệp này không phải bản sao lưu đã mã hóa: kiểm tra "
                    "lại tệp (có thể đã bị thay); không có gì được ghi."
                )
            yield raw


def _member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or not path.parts
        or any(part in ("", ".", "..") for part in path.parts)
        or (
            path.parts[0] not in common.PARTS and name not in (common.MANIFEST, common.MANIFEST_SIG)
        )
    ):
        raise Refused(f"Bản sao lưu có mục không hợp lệ: {name!r} (tệp đã bị sửa?).")
    return path


def unpack(archive: Path, passphrase: bytes | None, staging: Path) -> dict[str, Any]:
    """Unpack into ``staging`` and check the manifest; ``Refused`` on any mismatch."""
    seen: set[str] = set()
    try:
        with (
            _plain(archive, passphrase) as stream,
            tarfile.open(fileobj=stream, mode="r|") as tar,
        ):
            for member in tar:
                path = _member_path(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise Refused(f"Bản sao lưu có mục không phải tệp: {member.name!r}.")
                if member.name in seen:
                    raise Refused(f"Bản sao lưu có tệp {member.name!r} hai lần.")
                seen.add(member.name)
                target = staging.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                if source is None:
                    raise Refused(f"Không đọc được {member.name!r} trong bản sao lưu.")
                with open(target, "xb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
    except crypto.Damaged as exc:
        raise Refused(str(exc)) from exc
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise Refused(f"Bản sao lưu đã bị sửa hoặc hỏng: không đọc được ({exc}).") from exc
    if common.MANIFEST not in seen:
        raise Refused("Bản sao lưu không có manifest.json (tệp đã bị sửa hoặc chép dở).")
    try:
        manifest = json.loads((staging / common.MANIFEST).read_text("utf-8"))
        files = manifest["files"]
        assert isinstance(files, dict) and manifest["format"] == common.FORMAT
    except (ValueError, KeyError, TypeError, AssertionError) as exc:
        raise Refused("manifest.json của bản sao lưu không đọc được (tệp đã bị sửa?).") from exc
    listed = set(files)
    extra = sorted(seen - listed - {common.MANIFEST, common.MANIFEST_SIG})
    missing = sorted(listed - seen)
    if extra or missing:
        raise Refused(
            "Bản sao lưu không khớp manifest: "
            + (f"thừa {', '.join(extra[:5])}" if extra else "")
            + ("; " if extra and missing else "")
            + (f"thiếu {', '.join(missing[:5])}" if missing else "")
            + "."
        )
    for name in sorted(listed):
        path = staging / name
        expected = files[name]
        if path.stat().st_size != expected.get("size") or _sha256(path) != expected.get("sha256"):
            raise Refused(
                f"Bản sao lưu đã bị sửa hoặc hỏng: SHA-256 của {name} không khớp manifest; "
                "không có gì được ghi."
            )
    return manifest


def check_signature(staging: Path) -> str:
    """The manifest's signature, checked with the audit key already in this installation (kept
    apart, e.g. after ``--without-keys``) or else the archive's own. Returns a line to print;
    ``Refused`` if the signature does not hold."""
    sig_path = staging / common.MANIFEST_SIG
    if not sig_path.exists():
        return "Bản sao lưu không có chữ ký manifest (cài đặt nguồn chưa có khóa ký nhật ký)."
    here = keys.key_path(outside.KEY_NAME)
    archived = staging / "keys" / outside.KEY_NAME
    source = here if here.exists() else archived if archived.exists() else None
    if source is None:
        return (
            "Chưa kiểm tra chữ ký manifest: không có khóa ký nhật ký (bản sao lưu --without-keys);"
            " chép audit-ed25519.key vào thư mục khóa trước khi khôi phục để kiểm tra."
        )
    try:
        public = signing.load_private(source.read_bytes()).public_key()
        fields = dict(part.split("=", 1) for part in sig_path.read_text("ascii").split())
        if fields.get("key") != signing.fingerprint(public):
            raise ValueError("another key")
        public.verify(base64.b64decode(fields["sig"]), (staging / common.MANIFEST).read_bytes())
    except (ValueError, KeyError, UnicodeDecodeError, binascii.Error, InvalidSignature) as exc:
        raise Refused(
            "Chữ ký của manifest.json không hợp lệ với khóa ký nhật ký "
            f"({'của cài đặt này' if source == here else 'trong bản sao lưu'}): bản sao lưu đã "
            "bị sửa hoặc không phải của cài đặt này; không có gì được ghi."
        ) from exc
    where = "của cài đặt này" if source == here else "trong bản sao lưu"
    return f"Chữ ký manifest hợp lệ (khóa {signing.fingerprint(public)}, {where})."


def _check_fits(manifest: dict[str, Any], staging: Path) -> None:
    """The archive's database vendor and migrations fit this installation; its keys do not
    contradict keys already here."""
    database = manifest.get("database") or {}
    if database.get("vendor") != common.vendor():
        raise Refused(
            f"Bản sao lưu là cơ sở dữ liệu {database.get('vendor')}, cài đặt này dùng "
            f"{common.vendor()}: khôi phục vào cùng loại cơ sở dữ liệu."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{a}.{n}" for a, n in database.get("migrations", []) if (a, n) not in known]
    if unknown:
        raise Refused(
            "Bản sao lưu được tạo bởi một phiên bản danchu mới hơn (có migration "
            f"{', '.join(unknown[:3])} mà phiên bản này không có): cài phiên bản "
            f"{manifest.get('version')} trở lên rồi khôi phục."
        )
    for name, path in common.files_under("keys", staging / "keys"):
        here = common.key_root() / PurePosixPath(name).relative_to("keys")
        if here.exists() and here.read_bytes() != path.read_bytes():
            raise Refused(
                f"Khóa {here} đã có ở đây và khác khóa trong bản sao lưu: không ghi đè khóa "
                "(dữ liệu mã hóa bằng khóa này sẽ không đọc được nữa)."
            )


def _restore_postgres(dump: Path) -> None:
    pg_restore = common.pg_tool("pg_restore")
    args, env = common.pg_connection_args()
    connection.close()
    done = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-acl",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise Refused(f"pg_restore thất bại, cơ sở dữ liệu giữ nguyên: {done.stderr.strip()}")


def _restore_sqlite(copy: Path) -> None:
    target = Path(str(settings.DATABASES["default"]["NAME"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    connection.close()
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    destination = sqlite3.connect(target, timeout=20)
    try:
        source.backup(destination)  # the whole file, page by page, under SQLite's own locks
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        destination.close()
        source.close()


def _copy_files(staging: Path, part: str, root: Path) -> int:
    n = 0
    for name, path in common.files_under(part, staging / part):
        target = root / PurePosixPath(name).relative_to(part)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if target.exists() and part == "keys":  # the same key (checked above)
            continue
        shutil.copyfile(path, target)
        os.chmod(target, 0o600 if part in ("keys", "audit") else 0o644)
        n += 1
    return n


def _compare(manifest: dict[str, Any], report: Report) -> None:
    restored = common.live_counts()
    wanted: dict[str, int] = manifest.get("counts", {})
    for label in sorted(set(restored) | set(wanted)):
        got, want = restored.get(label, 0), int(wanted.get(label, 0))
        report.counts.append((label, got, want))
        if got != want:
            report.problems.append(f"{label}: khôi phục {got} dòng, manifest ghi {want}.")


def _check_documents(report: Report) -> None:
    """Every issued file's bytes against the SHA-256 recorded when it was issued (decrypted
    with ``documents.key`` for a secret document: this also proves the key came back)."""
    have_key = keys.key_path(DOCUMENTS_KEY).exists()
    checked, unchecked = 0, 0
    files = IssuedFile.objects.select_related("document").defer("content", "document__figures")
    for file in files.order_by("pk").iterator(chunk_size=200):
        if file.encrypted and not have_key:
            unchecked += 1  # reading it would create a new, wrong key
            continue
        try:
            issuing.stored(file.document, file.fmt, file.copy)
        except Exception as exc:  # every failure is reported; none stops the rest
            report.problems.append(
                f"Văn bản đã ban hành {file.document_id} ({file.fmt}, bản {file.copy}): {exc}"
            )
            continue
        checked += 1
    report.lines.append(f"Văn bản đã ban hành: {checked} tệp đúng từng byte (SHA-256).")
    if unchecked:
        report.lines.append(
            f"{unchecked} tệp văn bản MẬT chưa kiểm tra: thiếu {DOCUMENTS_KEY} trong thư mục khóa."
        )


def _check_audit(manifest: dict[str, Any], report: Report) -> None:
    anchor = (manifest.get("anchor") or {}).get("snapshot")
    if anchor:
        if outside.public_key(create=False) is None:
            report.lines.append(
                "Chưa kiểm tra neo của bản sao lưu: không có khóa ký (bản sao lưu --without-keys);"
                " chép khóa audit-ed25519.key vào thư mục khóa rồi chạy `danchu audit "
                f"check-line '{anchor}'`."
            )
        else:
            line = services.check_line(anchor)
            (report.lines if line.ok else report.problems).append(
                f"Neo đã ký của bản sao lưu: {line.message}"
            )
    verified = services.verify_all()
    (report.lines if verified.ok else report.problems).append(
        f"Nhật ký kiểm toán: {verified.message}"
    )
    report.lines.extend(verified.warnings)


def restore(
    archive: Path, *, passphrase: bytes | None, say: Callable[[str], None] = lambda _m: None
) -> Report:
    """Check, then write, then compare. ``Refused`` before anything is written."""
    if not archive.is_file():
        raise Refused(f"Không có tệp {archive}.")
    check_empty()
    staging = Path(tempfile.mkdtemp(prefix="backup-restore-"))
    try:
        say("Đang giải nén và kiểm tra SHA-256 từng tệp…")
        manifest = unpack(archive, passphrase, staging)
        signature_line = check_signature(staging)
        _check_fits(manifest, staging)
        check_empty()  # nobody wrote meanwhile
        say("Mọi tệp khớp manifest. Đang ghi cơ sở dữ liệu…")
        database = staging / manifest["database"]["file"]
        if common.vendor() == "postgresql":
            _restore_postgres(database)
        else:
            _restore_sqlite(database)
        report = Report(lines=[signature_line])
        copied = {part: _copy_files(staging, part, root) for part, root in common.roots().items()}
        report.lines.append(
            f"Đã chép {copied['media']} tệp tải lên, {copied['keys']} khóa, "
            f"{copied['audit']} tệp nhật ký."
        )
        if not manifest.get("keys_included", True) and not any(
            keys.key_path(name).exists() for name in (outside.KEY_NAME, DOCUMENTS_KEY)
        ):
            report.lines.append(
                "Bản sao lưu không có khóa (--without-keys): chép thư mục khóa từ nơi cất riêng."
            )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    connection.close()
    _compare(manifest, report)
    _check_documents(report)
    _check_audit(manifest, report)
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    pending = set(loader.disk_migrations) - set(loader.applied_migrations)
    if pending:
        report.lines.append(
            f"Bản sao lưu cũ hơn mã nguồn ({len(pending)} migration chưa chạy): chạy "
            "`danchu migrate`."
        )
    return report
