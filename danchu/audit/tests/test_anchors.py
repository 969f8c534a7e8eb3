"""Issue 10, point 6: an audit trail an outsider can check.

Every shown field is hashed (version 2), the head is held by signed anchors kept in the
database and outside it, and each tampering of the issue is replayed at the command line:
(a) cut the tail and re-head, (b) wipe every entry and the head, (c) edit an entry and recompute
every hash after it with the project's own function, (d) forge an anchor row without the key.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from danchu.__main__ import main
from danchu.audit import outside, services, signing
from danchu.audit.chain import HASHED_FIELDS, canonical_json, entry_hash
from danchu.audit.models import GENESIS_HASH, AuditAnchor, AuditEntry, AuditHead
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


def _log_three(world):  # type: ignore[no-untyped-def]
    services.log(
        actor=world.alice,
        action="votes.result.recorded",
        unit=world.commune_a,
        target=world.commune_a,
        changes={"yes": 12, "no": 3},
    )
    services.log(actor=world.bob, action="surveys.score.saved", unit=world.commune_a)
    services.log(action="system.note", changes={"text": "Hòa"})


@pytest.fixture
def commits(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run what ``transaction.on_commit`` holds, as a real commit would."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def committed(world, commits):  # type: ignore[no-untyped-def]
    """Three entries, committed: the latest signed anchor is now outside the database."""
    with commits(execute=True):
        _log_three(world)
    return world


def _verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as info:
        call_command("audit", "verify", *args)
    assert info.value.returncode == 1
    return str(info.value)


def _rehash_from(seq: int) -> None:
    """What someone with a copy of the database and this project's code can do: recompute
    every hash from ``seq`` on, and the head."""
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS_HASH
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        entry.prev_hash = prev
        entry.hash = services.entry_hash(services.fields_of(entry))
        entry.save()
        prev = entry.hash
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    AuditHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)


# --- 1. every field the trail shows is hashed ---------------------------------------------


def test_records_hold_new_entries_hash_actor_and_unit_ids(world):  # type: ignore[no-untyped-def]
    _log_three(world)
    entry = AuditEntry.objects.get(seq=1)
    assert entry.version == 2
    assert entry.actor_ref == str(world.alice.pk) and entry.unit_ref == str(world.commune_a.pk)
    text = canonical_json(services.fields_of(entry)).decode()
    assert f'"actor_ref":"{world.alice.pk}"' in text and '"version":2' in text
    assert f'"unit_ref":"{world.commune_a.pk}"' in text


def test_records_hold_changing_the_actor_foreign_key_is_caught(world):  # type: ignore[no-untyped-def]
    _log_three(world)
    AuditEntry.objects.filter(seq=1).update(actor=world.carol)
    report = services.verify()
    assert not report.ok and report.broken_seq == 1
    assert "người thực hiện" in report.message


def test_records_hold_changing_the_unit_foreign_key_is_caught(world):  # type: ignore[no-untyped-def]
    _log_three(world)
    AuditEntry.objects.filter(seq=2).update(unit=world.commune_b)
    report = services.verify()
    assert not report.ok and report.broken_seq == 2
    assert "đơn vị" in report.message


def test_records_hold_changing_the_target_type_is_caught(world):  # type: ignore[no-untyped-def]
    _log_three(world)
    other = ContentType.objects.get_for_model(AuditHead)
    AuditEntry.objects.filter(seq=1).update(target_type=other)
    report = services.verify()
    assert not report.ok and report.broken_seq == 1
    assert "loại bản ghi" in report.message


def test_records_hold_changing_the_hashed_copy_of_an_id_is_caught(world):  # type: ignore[no-untyped-def]
    _log_three(world)
    AuditEntry.objects.filter(seq=1).update(actor=world.carol, actor_ref=str(world.carol.pk))
    report = services.verify()
    assert not report.ok and report.broken_seq == 1
    assert "Mục 1 đã bị sửa" in report.message


def test_records_hold_entries_of_version_1_still_verify(world):  # type: ignore[no-untyped-def]
    """Entries written before the upgrade keep their version-1 hash; the chain goes on."""
    services.log(actor=world.alice, action="old.entry", unit=world.commune_a)
    old = AuditEntry.objects.get(seq=1)
    old.version, old.actor_ref, old.unit_ref = 1, "", ""
    fields = services.fields_of(old)
    assert set(HASHED_FIELDS) < set(fields)
    old.hash = entry_hash(fields)
    old.save()
    AuditHead.objects.filter(pk=1).update(hash=old.hash)
    services.log(actor=world.bob, action="new.entry")
    assert AuditEntry.objects.get(seq=2).version == 2
    assert services.verify().ok


def test_records_hold_a_version_2_entry_cannot_be_downgraded(world):  # type: ignore[no-untyped-def]
    """Rewriting a new entry in the old form (which does not cover the ids) is refused."""
    _log_three(world)
    AuditEntry.objects.filter(seq=2).update(version=1)
    _rehash_from(2)
    report = services.verify()
    assert not report.ok and report.broken_seq == 2
    assert "phiên bản" in report.message


# --- 2. signed anchors ---------------------------------------------------------------------


def test_records_hold_signed_line_round_trips_and_is_bound_to_its_key():  # type: ignore[no-untyped-def]
    import datetime as dt

    key = Ed25519PrivateKey.generate()
    at = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
    signed = signing.sign(key, seq=123, digest="ab" * 32, at=at)
    assert signed.line.startswith(
        f"danchu-anchor v1 seq=123 hash={'ab' * 32} at=2026-11-22T02:00:00Z "
        f"key={signing.fingerprint(key.public_key())} sig="
    )
    again = signing.parse(signed.line)
    assert again == signed and signing.signature_ok(key.public_key(), again)
    assert not signing.signature_ok(Ed25519PrivateKey.generate().public_key(), again)
    moved = signing.parse(signed.line.replace("seq=123", "seq=124"))
    assert not signing.signature_ok(key.public_key(), moved)
    with pytest.raises(ValueError, match="không đúng mẫu"):
        signing.parse("danchu-anchor v1 seq=1 hash=xyz")
    public = signing.public_from_text(signing.public_text(key.public_key()))
    assert signing.fingerprint(public) == signed.key
    assert signing.fingerprint(signing.public_from_text(signing.public_pem(public))) == signed.key


def test_records_hold_key_file_is_outside_the_database_and_private(db, settings):  # type: ignore[no-untyped-def]
    public = outside.public_key()
    path = Path(settings.DANCHU_KEY_DIR) / "audit-ed25519.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert outside.public_key() is not None
    assert signing.fingerprint(outside.public_key()) == signing.fingerprint(public)  # type: ignore[arg-type]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_records_hold_an_outsider_checks_a_line_with_openssl(world, tmp_path, capsys):  # type: ignore[no-untyped-def]
    """The steps of docs/audit.md: no danchu code, only the published key and line."""
    _log_three(world)
    call_command("audit", "anchor", "--line")
    line = capsys.readouterr().out.strip()
    call_command("audit", "key", "--pem")
    (tmp_path / "key.pem").write_text(capsys.readouterr().out)
    signed_text, sig = line.rsplit(" sig=", 1)
    (tmp_path / "anchor.txt").write_text(signed_text)  # no newline
    (tmp_path / "anchor.sig").write_bytes(base64.b64decode(sig))
    command = [
        "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin",
        "-in", "anchor.txt", "-sigfile", "anchor.sig",
    ]  # fmt: skip
    ok = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0 and "Signature Verified Successfully" in ok.stdout
    (tmp_path / "anchor.txt").write_text(signed_text.replace("seq=3", "seq=2"))
    bad = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0


# --- latest anchor outside the database, on commit -----------------------------------------


def test_records_hold_each_commit_rewrites_the_latest_anchor_outside(world, commits):  # type: ignore[no-untyped-def]
    assert outside.read_latest() is None
    with commits(execute=False) as callbacks, transaction.atomic():
        _log_three(world)
    assert len(callbacks) == 1  # once per transaction, not once per entry
    assert outside.read_latest() is None  # nothing before the commit
    callbacks[0]()
    latest = signing.parse(outside.read_latest() or "")
    assert (latest.seq, latest.hash) == services.anchor()
    assert signing.signature_ok(outside.public_key(), latest)  # type: ignore[arg-type]
    assert outside.latest_path().stat().st_mode & 0o777 == 0o600


def test_records_hold_a_rolled_back_entry_writes_nothing_outside(world, commits):  # type: ignore[no-untyped-def]
    with commits(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.log(action="never.committed")
        raise RuntimeError
    assert outside.read_latest() is None


def test_records_hold_the_latest_anchor_only_moves_forward(committed):  # type: ignore[no-untyped-def]
    before = outside.read_latest()
    older = signing.sign(
        outside.private_key(), seq=1, digest=AuditEntry.objects.get(seq=1).hash, at=_now()
    )
    assert not outside.replace_latest(older)
    assert outside.read_latest() == before


def test_records_hold_a_write_after_a_rewrite_keeps_the_evidence(committed, commits):  # type: ignore[no-untyped-def]
    """After scenario (c), the next ordinary entry does not overwrite the anchor that exposes
    the rewrite."""
    before = outside.read_latest()
    AuditEntry.objects.filter(seq=1).update(changes={"yes": 15, "no": 0})
    _rehash_from(1)
    with commits(execute=True):
        services.log(action="after.the.rewrite")
    assert outside.read_latest() == before
    assert "viết lại" in _verify_fails()


# --- 3. verify: each tampering caught --------------------------------------------------------


def test_records_hold_fresh_installation_verifies(db, capsys):  # type: ignore[no-untyped-def]
    call_command("audit", "verify", "--strict")
    assert "toàn vẹn" in capsys.readouterr().out


def test_records_hold_intact_trail_verifies_with_its_anchors(committed, capsys, commits):  # type: ignore[no-untyped-def]
    with commits(execute=True):
        call_command("audit", "anchor")
    capsys.readouterr()
    call_command("audit", "verify", "--strict")
    out = capsys.readouterr().out
    assert "đã kiểm tra 3 mục" in out and "Khớp với 3 neo đã ký" in out


def test_records_hold_a_cut_tail_with_a_rewritten_head_is_caught(committed, capsys):  # type: ignore[no-untyped-def]
    """(a) Delete the newest entries and rewrite the head row: the chain and head agree, but
    the latest anchor outside the database is ahead."""
    AuditEntry.objects.filter(seq=3).delete()
    AuditHead.objects.filter(pk=1).update(seq=2, hash=AuditEntry.objects.get(seq=2).hash)
    assert services.verify().ok  # the database alone is consistent…
    message = _verify_fails()  # …the outside copy is not
    assert "vị trí 3" in message and "chỉ có 2 mục" in message
    assert str(outside.latest_path()) in message


def test_records_hold_a_cut_tail_is_caught_by_a_signed_anchor_row(world, capsys):  # type: ignore[no-untyped-def]
    _log_three(world)
    services.sign_anchor(purpose="test")
    AuditEntry.objects.filter(seq=3).delete()
    AuditHead.objects.filter(pk=1).update(seq=2, hash=AuditEntry.objects.get(seq=2).hash)
    report = services.verify()
    assert not report.ok and "neo đã ký số" in report.message
    assert "chỉ có 2 mục" in _verify_fails()


def test_records_hold_a_wiped_trail_is_caught(committed):  # type: ignore[no-untyped-def]
    """(b) Delete every entry, the head and the anchor rows."""
    services.sign_anchor()
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    AuditAnchor.objects.all().delete()
    assert services.verify().ok  # an empty database looks like a fresh installation…
    message = _verify_fails()
    assert "chỉ có 0 mục" in message  # …but the anchor outside says there were 3


def test_records_hold_a_recomputed_chain_is_caught(committed, capsys):  # type: ignore[no-untyped-def]
    """(c) Edit entry 1 and recompute every hash after it with fields_of/entry_hash, and the
    head: the chain links again, but no longer matches what was signed."""
    call_command("audit", "anchor")
    capsys.readouterr()
    signed_hash = AuditEntry.objects.get(seq=3).hash
    AuditEntry.objects.filter(seq=1).update(changes={"yes": 15, "no": 0})
    _rehash_from(1)
    assert AuditEntry.objects.get(seq=3).hash != signed_hash
    message = _verify_fails()
    assert "Nhật ký đã bị viết lại" in message and "vị trí 3" in message
    assert signed_hash in message


@pytest.mark.parametrize("kept", ["row", "latest", "log"])
def test_records_hold_a_recomputed_chain_is_caught_by_each_copy(committed, capsys, commits, kept):  # type: ignore[no-untyped-def]
    """(c) again, with only one of the three copies of the anchor left."""
    with commits(execute=True):
        call_command("audit", "anchor")
    capsys.readouterr()
    if kept != "row":
        AuditAnchor.objects.all().delete()
    if kept != "latest":
        outside.latest_path().unlink()
    if kept != "log":
        outside.log_path().unlink()
    AuditEntry.objects.filter(seq=2).update(action="surveys.score.deleted")
    _rehash_from(2)
    source = {
        "row": "neo đã ký số",
        "latest": str(outside.latest_path()),
        "log": f"dòng 1 của {outside.log_path()}",
    }[kept]
    message = _verify_fails()
    assert "viết lại" in message and source in message


def test_records_hold_a_forged_anchor_row_is_caught(committed):  # type: ignore[no-untyped-def]
    """(d) Forge an anchor row without the key: over a rewritten chain, or by editing one."""
    AuditEntry.objects.filter(seq=1).update(changes={"yes": 15, "no": 0})
    _rehash_from(1)
    outside.latest_path().unlink()
    head_seq, head_hash = services.anchor()
    forger = Ed25519PrivateKey.generate()
    forged = signing.sign(forger, seq=head_seq, digest=head_hash, at=_now())
    AuditAnchor.objects.create(
        seq=forged.seq,
        hash=forged.hash,
        at=forged.at,
        key=signing.fingerprint(outside.public_key()),  # type: ignore[arg-type]
        signature=forged.sig,
        created=_now(),
    )
    message = _verify_fails()
    assert "không hợp lệ" in message and "giả mạo" in message


def test_records_hold_an_edited_anchor_row_is_caught(world):  # type: ignore[no-untyped-def]
    _log_three(world)
    services.sign_anchor()
    AuditAnchor.objects.update(seq=2, hash=AuditEntry.objects.get(seq=2).hash)
    report = services.verify()
    assert not report.ok and "giả mạo" in report.message


def test_records_hold_missing_outside_file_warns_and_fails_when_strict(world, capsys):  # type: ignore[no-untyped-def]
    _log_three(world)  # never committed in this test: no file outside
    call_command("audit", "verify")
    captured = capsys.readouterr()
    assert "toàn vẹn" in captured.out
    assert "Cảnh báo" in captured.err and "Chưa có tệp neo" in captured.err
    assert "Chưa có tệp neo" in _verify_fails("--strict")


def test_records_hold_an_unreadable_outside_file_fails(committed):  # type: ignore[no-untyped-def]
    outside.latest_path().write_text("danchu-anchor v1 seq=99 hash=nothing\n")
    assert "không đọc được" in _verify_fails()


def test_records_hold_a_lost_key_is_reported(committed, settings):  # type: ignore[no-untyped-def]
    (Path(settings.DANCHU_KEY_DIR) / outside.KEY_NAME).unlink()
    message = _verify_fails()
    assert "Không tìm thấy khóa ký" in message and outside.KEY_NAME in message


def test_records_hold_verify_exits_1_from_the_danchu_command(committed, capsys):  # type: ignore[no-untyped-def]
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    with pytest.raises(SystemExit) as exit_info:
        main(["danchu", "audit", "verify"])
    assert exit_info.value.code == 1
    assert "Nhật ký đã bị viết lại" in capsys.readouterr().err


# --- 4. anchor, check-line, key ------------------------------------------------------------


def test_records_hold_anchor_prints_records_and_logs_a_signed_line(committed, capsys, commits):  # type: ignore[no-untyped-def]
    with commits(execute=True):
        call_command("audit", "anchor", "--purpose", "Danh mục công khai quý IV/2026")
    out = capsys.readouterr().out.splitlines()
    seq, digest = services.anchor()
    assert out[0] == services.format_anchor(seq, digest)
    signed = signing.parse(out[1])
    assert (signed.seq, signed.hash) == (3, digest)
    assert signed.at == "2026-11-22T02:00:00Z"  # 09:00 in Hà Nội, to the second
    row = AuditAnchor.objects.get()
    assert row.line == out[1] and row.purpose == "Danh mục công khai quý IV/2026"
    assert outside.read_log() == [out[1]]
    call_command("audit", "check-line", out[1])
    assert "Chữ ký hợp lệ" in capsys.readouterr().out


def test_records_hold_anchor_refuses_to_sign_a_broken_chain(committed):  # type: ignore[no-untyped-def]
    AuditEntry.objects.filter(seq=2).update(action="forged")
    with pytest.raises(CommandError, match="Không ký neo: Mục 2") as info:
        call_command("audit", "anchor")
    assert info.value.returncode == 1
    assert not AuditAnchor.objects.exists()


def test_records_hold_check_line_refuses_a_changed_or_foreign_line(committed, capsys):  # type: ignore[no-untyped-def]
    call_command("audit", "anchor", "--line")
    line = capsys.readouterr().out.strip()
    moved = line.replace("seq=3 hash=", "seq=2 hash=")
    with pytest.raises(CommandError, match="Chữ ký không hợp lệ") as info:
        call_command("audit", "check-line", moved)
    assert info.value.returncode == 1
    foreign = signing.sign(
        Ed25519PrivateKey.generate(), seq=3, digest=services.anchor()[1], at=_now()
    )
    with pytest.raises(CommandError, match="Chữ ký không hợp lệ"):
        call_command("audit", "check-line", foreign.line)
    with pytest.raises(CommandError, match="không đúng mẫu"):
        call_command("audit", "check-line", "seq=3")


def test_records_hold_check_line_fails_once_the_chain_is_rewritten(committed, capsys):  # type: ignore[no-untyped-def]
    call_command("audit", "anchor", "--line")
    line = capsys.readouterr().out.strip()
    AuditEntry.objects.filter(seq=1).update(changes={"yes": 15, "no": 0})
    _rehash_from(1)
    with pytest.raises(CommandError, match="không khớp với mục 3"):
        call_command("audit", "check-line", line)


def test_records_hold_key_prints_the_public_key(db, capsys):  # type: ignore[no-untyped-def]
    call_command("audit", "key")
    out = capsys.readouterr().out
    public = outside.public_key()
    assert public is not None
    assert signing.public_text(public) in out
    assert signing.fingerprint(public) in out
    assert "-----BEGIN PUBLIC KEY-----" in out


def test_records_hold_a_printed_document_is_checked_against_a_later_anchor(world, capsys):  # type: ignore[no-untyped-def]
    """The outsider's steps of docs/audit.md: a document prints position and hash; a later
    signed line is published; both check, and both fail once the chain before them is
    rewritten."""
    services.log(action="votes.result.recorded", unit=world.commune_a)
    printed = services.anchor()
    services.log(action="votes.minutes.issued", unit=world.commune_a)
    call_command("audit", "anchor", "--line")
    published = capsys.readouterr().out.strip()
    assert signing.parse(published).seq == 2 > printed[0]
    call_command("audit", "check", str(printed[0]), printed[1])
    call_command("audit", "check-line", published)
    AuditEntry.objects.filter(seq=1).update(action="votes.result.changed")
    _rehash_from(1)
    with pytest.raises(CommandError):
        call_command("audit", "check", str(printed[0]), printed[1])
    with pytest.raises(CommandError):
        call_command("audit", "check-line", published)


def test_records_hold_sign_anchor_for_documents(world, commits):  # type: ignore[no-untyped-def]
    _log_three(world)
    with commits(execute=True):
        signed = services.sign_anchor(purpose="votes.minutes 01/BB")
    assert (signed.seq, signed.hash) == services.anchor()
    assert AuditAnchor.objects.get().purpose == "votes.minutes 01/BB"
    assert outside.read_log() == [signed.line]
    assert services.check_line(signed.line).ok
    unrecorded = services.sign_anchor(record=False)
    assert AuditAnchor.objects.count() == 1 and services.check_line(unrecorded.line).ok


# --- the page -------------------------------------------------------------------------------


def test_records_hold_audit_page_shows_the_public_key(world):  # type: ignore[no-untyped-def]
    client = f.client_for(world.root)
    response = client.get("/audit/")
    assert response.status_code == 200 and 'id="audit-key"' in response.content.decode()
    public = outside.public_key()
    assert public is not None
    _log_three(world)
    services.sign_anchor()
    page = client.get("/audit/").content.decode()
    assert signing.public_text(public) in page
    assert signing.fingerprint(public) in page
    assert AuditAnchor.objects.get().line in page


def _now():  # type: ignore[no-untyped-def]
    from danchu.core import clock

    return clock.now()


def test_records_hold_check_page_checks_a_published_line(world):  # type: ignore[no-untyped-def]
    _log_three(world)
    signed = services.sign_anchor()
    client = f.client_for(world.bob)
    page = client.get("/audit/check/", {"line": signed.line})
    assert page.status_code == 200 and "Chữ ký hợp lệ" in page.content.decode()
    forged = signed.line.replace("seq=3 ", "seq=2 ")
    page = client.get("/audit/check/", {"line": forged})
    assert page.status_code == 200 and "Chữ ký không hợp lệ" in page.content.decode()
    for junk in ["x" * 5000, "danchu-anchor v1 seq=99999999999999999999"]:
        page = client.get("/audit/check/", {"line": junk})
        assert page.status_code == 200 and "không đúng mẫu" in page.content.decode()
    # Issue 19: a NUL never reaches a view; every page refuses it with a Vietnamese 400.
    page = client.get("/audit/check/", {"line": "\x00"})
    assert page.status_code == 400 and "NUL" in page.content.decode()
    assert f.client_for(world.dave).get("/audit/check/", {"line": signed.line}).status_code == 403


def test_records_hold_fresh_installation_can_anchor_its_empty_trail(db, capsys, commits):  # type: ignore[no-untyped-def]
    with commits(execute=True):
        call_command("audit", "anchor", "--line")
    line = capsys.readouterr().out.strip()
    assert signing.parse(line).seq == 0 and signing.parse(line).hash == GENESIS_HASH
    call_command("audit", "verify", "--strict")
    call_command("audit", "check-line", line)
    assert outside.read_latest() is None and outside.read_log() == [line]
