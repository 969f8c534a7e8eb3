"""What ``danchu restore`` accepts from an archive before writing anything (danchu/ops/restore.py
``unpack``): only regular files under the four folders and the manifest, each exactly as the
manifest says, nothing more or less. Crafted archives, no database needed."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from danchu.audit import outside, signing
from danchu.ops import backup, common, crypto, restore
from danchu.ops.common import Refused


def _tar(path: Path, members: dict[str, bytes], *, manifest: dict | None = None) -> Path:  # type: ignore[type-arg]
    files = {
        n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in members.items()
    }
    body = manifest if manifest is not None else {"format": common.FORMAT, "files": files}
    with tarfile.open(path, "w") as tar:
        for name, data in [*members.items(), ("manifest.json", json.dumps(body).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_a_well_formed_archive_unpacks_and_returns_its_manifest(tmp_path):  # type: ignore[no-untyped-def]
    archive = _tar(tmp_path / "a.tar", {"database/danchu.sqlite3": b"db", "media/x/y.pdf": b"%PDF"})
    staging = tmp_path / "staging"
    staging.mkdir()
    manifest = restore.unpack(archive, None, staging)
    assert set(manifest["files"]) == {"database/danchu.sqlite3", "media/x/y.pdf"}
    assert (staging / "media" / "x" / "y.pdf").read_bytes() == b"%PDF"


@pytest.mark.parametrize(
    "name", ["../etc/passwd", "/etc/passwd", "media/../../x", "elsewhere/file", "keys/../../x"]
)
def test_a_path_outside_the_archive_folders_is_refused(tmp_path, name):  # type: ignore[no-untyped-def]
    archive = _tar(tmp_path / "a.tar", {name: b"x"})
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(Refused, match="không hợp lệ"):
        restore.unpack(archive, None, staging)
    assert not (tmp_path / "etc").exists()


def test_a_link_is_refused(tmp_path):  # type: ignore[no-untyped-def]
    archive = tmp_path / "a.tar"
    with tarfile.open(archive, "w") as tar:
        link = tarfile.TarInfo("keys/documents.key")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/shadow"
        tar.addfile(link)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(Refused, match="không phải tệp"):
        restore.unpack(archive, None, staging)


def test_a_member_the_manifest_does_not_list_or_a_missing_one_is_refused(tmp_path):  # type: ignore[no-untyped-def]
    data = b"db"
    listed = {"database/danchu.sqlite3": {"sha256": hashlib.sha256(data).hexdigest(), "size": 2}}
    extra = _tar(
        tmp_path / "extra.tar",
        {"database/danchu.sqlite3": data, "media/added.txt": b"x"},
        manifest={"format": common.FORMAT, "files": listed},
    )
    (tmp_path / "s1").mkdir()
    with pytest.raises(Refused, match=r"thừa media/added\.txt"):
        restore.unpack(extra, None, tmp_path / "s1")
    missing = _tar(
        tmp_path / "missing.tar",
        {},
        manifest={"format": common.FORMAT, "files": listed},
    )
    (tmp_path / "s2").mkdir()
    with pytest.raises(Refused, match=r"thiếu database/danchu\.sqlite3"):
        restore.unpack(missing, None, tmp_path / "s2")


def test_a_member_whose_bytes_differ_from_the_manifest_is_refused(tmp_path):  # type: ignore[no-untyped-def]
    wrong = {"media/a.txt": {"sha256": hashlib.sha256(b"old").hexdigest(), "size": 3}}
    archive = _tar(
        tmp_path / "a.tar",
        {"media/a.txt": b"new"},
        manifest={"format": common.FORMAT, "files": wrong},
    )
    (tmp_path / "s").mkdir()
    with pytest.raises(Refused, match=r"SHA-256 của media/a\.txt không khớp"):
        restore.unpack(archive, None, tmp_path / "s")


def test_an_archive_without_manifest_or_not_a_tar_is_refused(tmp_path):  # type: ignore[no-untyped-def]
    bare = tmp_path / "bare.tar"
    with tarfile.open(bare, "w") as tar:
        info = tarfile.TarInfo("media/a.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"a"))
    (tmp_path / "s1").mkdir()
    with pytest.raises(Refused, match="không có manifest"):
        restore.unpack(bare, None, tmp_path / "s1")
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"\x01" * 2048)
    (tmp_path / "s2").mkdir()
    with pytest.raises(Refused, match="bị sửa hoặc hỏng"):
        restore.unpack(junk, None, tmp_path / "s2")


def test_passphrase_and_plain_archive_must_agree(tmp_path):  # type: ignore[no-untyped-def]
    plain = _tar(tmp_path / "a.tar", {"media/a.txt": b"a"})
    (tmp_path / "s1").mkdir()
    with pytest.raises(Refused, match="không phải bản sao lưu đã mã hóa"):
        restore.unpack(plain, b"mat khau dai du 2026", tmp_path / "s1")
    sealed = tmp_path / "a.tar.enc"
    with open(sealed, "wb") as out:
        writer = crypto.EncryptingWriter(out, b"mat khau dai du 2026", n=2**10)
        writer.write(plain.read_bytes())
        writer.close()
    (tmp_path / "s2").mkdir()
    with pytest.raises(Refused, match="đã được mã hóa"):
        restore.unpack(sealed, None, tmp_path / "s2")
    (tmp_path / "s3").mkdir()
    manifest = restore.unpack(sealed, b"mat khau dai du 2026", tmp_path / "s3")
    assert set(manifest["files"]) == {"media/a.txt"}


def _signed(path: Path, manifest_bytes: bytes, sig: bytes, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in [
            *members.items(),
            ("manifest.json", manifest_bytes),
            ("manifest.sig", sig),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_the_manifest_signed_with_the_audit_key_is_checked(tmp_path):  # type: ignore[no-untyped-def]
    outside.private_key()  # this installation's key, as after --without-keys and a copy
    data = b"db"
    files = {"database/danchu.sqlite3": {"sha256": hashlib.sha256(data).hexdigest(), "size": 2}}
    body = {"format": common.FORMAT, "files": files, "counts": {"audit.AuditEntry": 6}}
    good = json.dumps(body).encode()
    sig = backup.sign_manifest(good)
    members = {"database/danchu.sqlite3": data}
    ok = _signed(tmp_path / "ok.tar", good, sig, members)
    (tmp_path / "s1").mkdir()
    restore.unpack(ok, None, tmp_path / "s1")
    assert "Chữ ký manifest hợp lệ" in restore.check_signature(tmp_path / "s1")
    # A count changed in the manifest: every SHA-256 still matches, the signature does not.
    changed = _signed(tmp_path / "bad.tar", good.replace(b": 6", b": 7"), sig, members)
    (tmp_path / "s2").mkdir()
    restore.unpack(changed, None, tmp_path / "s2")
    with pytest.raises(Refused, match=r"Chữ ký của manifest\.json không hợp lệ"):
        restore.check_signature(tmp_path / "s2")
    # Signed by another installation's key: refused against the key kept here.
    other = signing.load_private(signing.new_private_pem())
    foreign = f"key={signing.fingerprint(other.public_key())} sig=".encode()
    foreign += base64.b64encode(other.sign(good)) + b"\n"
    (tmp_path / "s3").mkdir()
    restore.unpack(_signed(tmp_path / "f.tar", good, foreign, members), None, tmp_path / "s3")
    with pytest.raises(Refused, match="không phải của cài đặt này"):
        restore.check_signature(tmp_path / "s3")
