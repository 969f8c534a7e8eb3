"""The hash-chained audit trail: appending, tamper detection, anchors, the CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory

from danchu.__main__ import main
from danchu.audit import outside, services, signing
from danchu.audit.chain import canonical_json
from danchu.audit.models import GENESIS_HASH, AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


def _three(world):  # type: ignore[no-untyped-def]
    services.log(
        actor=world.alice,
        action="votes.result.recorded",
        unit=world.commune_a,
        target=world.commune_a,
        changes={"yes": 12, "no": 3},
    )
    services.log(
        actor=world.bob,
        action="surveys.score.saved",
        unit=world.commune_a,
        changes={"score": [70, 75]},
    )
    services.log(actor=None, action="system.note", changes={"text": "Hòa"})


def test_log_links_each_entry_to_the_one_before(world):  # type: ignore[no-untyped-def]
    _three(world)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert entries[0].actor_username == "alice"
    assert entries[0].target_label == "units.adminunit"
    assert entries[0].target_id == str(world.commune_a.pk)
    assert services.anchor() == (3, entries[2].hash)


def test_hash_is_sha256_of_canonical_json(world):  # type: ignore[no-untyped-def]
    _three(world)
    entry = AuditEntry.objects.get(seq=2)
    expected = hashlib.sha256(canonical_json(services.fields_of(entry))).hexdigest()
    assert entry.hash == expected
    assert b'"changes":{"score":[70,75]}' in canonical_json(services.fields_of(entry))


def test_verify_passes_on_an_intact_chain(world):  # type: ignore[no-untyped-def]
    _three(world)
    report = services.verify()
    assert report.ok and report.checked == 3


def test_verify_on_an_empty_trail_is_ok(db):  # type: ignore[no-untyped-def]
    assert services.verify().ok
    assert services.anchor() == (0, GENESIS_HASH)


def test_tampered_changes_are_named_by_verify(world):  # type: ignore[no-untyped-def]
    _three(world)
    AuditEntry.objects.filter(seq=1).update(changes={"yes": 15, "no": 0})
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == 1
    assert "Mục 1 đã bị sửa" in report.message


def test_tampered_actor_is_named_by_verify(world):  # type: ignore[no-untyped-def]
    _three(world)
    AuditEntry.objects.filter(seq=2).update(actor_username="carol")
    assert services.verify().broken_seq == 2


def test_rehashed_entry_breaks_the_next_link(world):  # type: ignore[no-untyped-def]
    """Recomputing the edited entry's own hash does not help: the next entry no longer links."""
    _three(world)
    entry = AuditEntry.objects.get(seq=1)
    entry.changes = {"yes": 15, "no": 0}
    entry.hash = services.entry_hash(services.fields_of(entry))
    entry.save()
    report = services.verify()
    assert report.broken_seq == 2


def test_deleted_entry_is_named_by_verify(world):  # type: ignore[no-untyped-def]
    _three(world)
    AuditEntry.objects.filter(seq=2).delete()
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == 2
    assert "bị mất" in report.message


def test_deleted_newest_entry_is_detected(world):  # type: ignore[no-untyped-def]
    _three(world)
    AuditEntry.objects.filter(seq=3).delete()
    report = services.verify()
    assert not report.ok
    assert report.broken_seq == 3


def test_nulled_foreign_keys_keep_the_chain_valid(world):  # type: ignore[no-untyped-def]
    """Deleting a user or unit nulls the foreign keys (SET_NULL); the hashed copies remain."""
    _three(world)
    AuditEntry.objects.filter(seq=2).update(actor=None, unit=None, target_type=None)
    assert services.verify().ok


def test_ip_and_actor_come_from_the_request(world):  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/x", REMOTE_ADDR="10.1.2.3")
    request.user = world.carol
    entry = services.log(action="consultations.answer.saved", request=request)
    assert entry.ip == "10.1.2.3"
    assert entry.actor_username == "carol"


def test_secrets_are_refused(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="secrets"):
        services.log(action="x", changes={"user": "bob", "password": "hunter2"})
    assert not AuditEntry.objects.exists()


def test_dates_fractions_and_floats_round_trip_into_the_same_hash(world):  # type: ignore[no-untyped-def]
    import datetime as dt
    from fractions import Fraction

    services.log(
        action="x",
        changes={"on": dt.date(2026, 1, 5), "share": Fraction(2, 3), "ratio": 1e20},
    )
    entry = AuditEntry.objects.get(seq=1)
    assert entry.changes == {"on": "2026-01-05", "share": "2/3", "ratio": "1e+20"}
    assert services.verify().ok


def test_check_anchor_matches_a_printed_position(world):  # type: ignore[no-untyped-def]
    _three(world)
    seq, digest = 2, AuditEntry.objects.get(seq=2).hash
    assert services.check_anchor(seq, digest.upper()).ok
    assert not services.check_anchor(seq, "f" * 64).ok
    assert not services.check_anchor(9, digest).ok
    AuditEntry.objects.filter(seq=1).update(action="forged")
    report = services.check_anchor(seq, digest)
    assert not report.ok and report.broken_seq == 1


def test_format_anchor_line(world):  # type: ignore[no-untyped-def]
    _three(world)
    seq, digest = services.anchor()
    assert services.format_anchor(seq, digest) == f"Nhật ký kiểm toán: vị trí 3, mã {digest}"


def test_cli_verify_succeeds_on_an_intact_chain(world, capsys):  # type: ignore[no-untyped-def]
    _three(world)
    call_command("audit", "verify")
    assert "toàn vẹn" in capsys.readouterr().out


def test_cli_verify_exits_non_zero_and_names_the_entry(world, capsys):  # type: ignore[no-untyped-def]
    _three(world)
    AuditEntry.objects.filter(seq=2).update(changes={"score": [70, 99]})
    with pytest.raises(CommandError, match="Mục 2") as info:
        call_command("audit", "verify")
    assert info.value.returncode == 1
    with pytest.raises(SystemExit) as exit_info:
        main(["danchu", "audit", "verify"])
    assert exit_info.value.code == 1
    assert "Mục 2 đã bị sửa" in capsys.readouterr().err


def test_cli_check_and_anchor(world, capsys):  # type: ignore[no-untyped-def]
    _three(world)
    seq, digest = services.anchor()
    call_command("audit", "anchor")
    assert f"vị trí {seq}" in capsys.readouterr().out
    call_command("audit", "check", str(seq), digest)
    with pytest.raises(CommandError):
        call_command("audit", "check", str(seq), "0" * 64)


def test_head_row_is_rebuilt_from_the_last_entry(world):  # type: ignore[no-untyped-def]
    _three(world)
    AuditHead.objects.all().delete()
    entry = services.log(action="after.flush")
    assert entry.seq == 4
    assert services.verify().ok


WRITER = """
import django
django.setup()
from danchu.audit import outside, services, signing
for i in range(5):
    services.log(action="load.test", changes={"writer": %d, "i": i})
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain(tmp_path):  # type: ignore[no-untyped-def]
    """Four processes append at once; the chain never forks (row lock on PostgreSQL, the write
    transaction on SQLite). On SQLite the test uses a migrated file database, as in production,
    since the in-memory test database cannot be shared between processes."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danchu.settings",
        # This test's own key and anchors: each writer signs the head after its commit.
        "DANCHU_KEY_DIR": settings.DANCHU_KEY_DIR,
        "DANCHU_AUDIT_DIR": settings.DANCHU_AUDIT_DIR,
    }
    if connection.vendor == "postgresql":
        db = settings.DATABASES["default"]
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'chain.sqlite3'}"
        subprocess.run(
            [sys.executable, "-m", "danchu", "migrate", "-v0", "audit"], env=env, check=True
        )
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER % n], env=env, stderr=subprocess.PIPE)
        for n in range(4)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    check = subprocess.run(
        [sys.executable, "-m", "danchu", "audit", "verify"], env=env, capture_output=True
    )
    assert check.returncode == 0, check.stderr.decode()
    assert "20 mục" in check.stdout.decode()
    latest = signing.parse(outside.read_latest() or "")
    assert latest.seq == 20  # the last commit's head, signed, outside the database


def _from(remote: str, forwarded: str = ""):  # type: ignore[no-untyped-def]
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/x", **meta)


def test_behind_the_local_reverse_proxy_the_client_address_is_recorded(world):  # type: ignore[no-untyped-def]
    # nginx on the same machine appends the address it saw to whatever the client sent.
    request = _from("127.0.0.1", "6.6.6.6, 203.0.113.5")
    request.user = world.carol
    entry = services.log(action="consultations.answer.saved", request=request)
    assert entry.ip == "203.0.113.5"
    assert services.client_ip(_from("::1", "2001:db8::7")) == "2001:db8::7"
    assert services.client_ip(_from("127.0.0.1")) == "127.0.0.1"  # runserver, no proxy
    assert services.verify().ok


def test_forwarded_for_from_an_untrusted_peer_or_malformed_is_ignored():  # type: ignore[no-untyped-def]
    assert services.client_ip(_from("198.51.100.7", "203.0.113.5")) == "198.51.100.7"
    assert services.client_ip(_from("127.0.0.1", "203.0.113.5, nonsense")) == "127.0.0.1"
    assert services.client_ip(_from("127.0.0.1", "127.0.0.1")) == "127.0.0.1"


def test_trusted_proxies_can_be_configured(settings):  # type: ignore[no-untyped-def]
    settings.DANCHU_TRUSTED_PROXIES = "10.0.0.2, bad"
    assert services.trusted_proxies() == frozenset({"10.0.0.2"})
    assert services.client_ip(_from("10.0.0.2", "203.0.113.9, 10.0.0.2")) == "203.0.113.9"
    assert services.client_ip(_from("127.0.0.1", "203.0.113.9")) == "127.0.0.1"
