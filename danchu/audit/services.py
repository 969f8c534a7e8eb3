"""Writing to and checking the audit trail.

``log`` is called by every service that changes a record that matters, inside that service's
transaction. Callers pass only what is safe to keep for ever: never ballot contents linked to a
voter, never passwords or one-time codes (see docs/audit.md). Keys that look like secrets are
refused outright.

Signed anchors (issue 10, :mod:`danchu.audit.anchoring`): every commit that appended entries
rewrites the latest signed anchor outside the database; ``sign_anchor`` makes one on purpose and
records it; ``verify`` checks the signatures and that the chain still holds every anchor.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest

from danchu.audit import anchoring, outside, signing
from danchu.audit.anchoring import sign_anchor as sign_anchor  # for the apps: audit.sign_anchor
from danchu.audit.chain import CURRENT_VERSION, canonical_time, entry_hash
from danchu.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from danchu.core import clock

FORBIDDEN_KEYS = frozenset(
    {"password", "password_hash", "one_time_code", "otp", "secret", "token", "ballot_marks"}
)
"""Keys never accepted in ``changes``: the trail is kept for ever and shown to auditors."""


def _check_keys(value: Any, path: str = "changes") -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).lower() in FORBIDDEN_KEYS:
                raise ValueError(f"{path}.{key}: secrets are never written to the audit trail")
            _check_keys(inner, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value):
            _check_keys(inner, f"{path}[{i}]")


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Fraction):
            return f"{o.numerator}/{o.denominator}"
        if isinstance(o, set | frozenset):
            return sorted(o, key=str)
        if isinstance(o, models.Model):
            return str(o.pk)
        return super().default(o)


def _no_floats(value: Any) -> Any:
    # PostgreSQL's jsonb may rewrite a float's digits (1e20 comes back as an integer), which
    # would change the hash; floats are kept as their text.
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {k: _no_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_floats(v) for v in value]
    return value


def _plain(changes: dict[str, Any] | None) -> dict[str, Any]:
    """Round-trip through JSON so the stored value is exactly the hashed value."""
    if not changes:
        return {}
    _check_keys(changes)
    result: dict[str, Any] = _no_floats(json.loads(json.dumps(changes, cls=_Encoder)))
    return result


LOOPBACK_PROXIES = ("127.0.0.1", "::1")
"""Peers trusted to say who the client is (``X-Forwarded-For``) when nothing is configured: the
documented deployment runs gunicorn on 127.0.0.1 behind nginx on the same machine."""


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def trusted_proxies() -> frozenset[str]:
    """``DANCHU_TRUSTED_PROXIES`` (setting, or environment variable, comma-separated addresses)
    or, when unset, the loopback addresses."""
    configured = getattr(settings, "DANCHU_TRUSTED_PROXIES", None)
    if configured is None:
        configured = os.environ.get("DANCHU_TRUSTED_PROXIES")
    if configured is None:
        configured = LOOPBACK_PROXIES
    if isinstance(configured, str):
        configured = configured.split(",")
    return frozenset(ip for ip in (_ip(str(v)) for v in configured) if ip)


def client_ip(request: HttpRequest | None) -> str | None:
    """Where the request came from ("from where" in the trail).

    The peer address (``REMOTE_ADDR``), unless the peer is a trusted reverse proxy: then the
    right-most address of ``X-Forwarded-For`` that is not itself a trusted proxy — the one the
    proxy saw, since a client can put anything in the left part of the header. A malformed
    header falls back to the peer address. See docs/audit.md.
    """
    if request is None:
        return None
    peer = _ip(request.META.get("REMOTE_ADDR") or "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if peer is None or not forwarded:
        return peer
    proxies = trusted_proxies()
    if peer not in proxies:
        return peer
    for hop in reversed(forwarded.split(",")):
        address = _ip(hop)
        if address is None:
            return peer
        if address not in proxies:
            return address
    return peer


def _head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # First entry ever, or the table was flushed: start from the newest surviving entry.
        last = AuditEntry.objects.order_by("-seq").first()
        AuditHead.objects.bulk_create(
            [
                AuditHead(
                    pk=1,
                    seq=last.seq if last else 0,
                    hash=last.hash if last else GENESIS_HASH,
                )
            ],
            ignore_conflicts=True,
        )
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def log(
    *,
    actor: Any = None,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    unit: Any = None,
) -> AuditEntry:
    """Append one entry. ``action`` is a dotted verb ("votes.ballot.counted", "accounts.role.
    granted"); ``changes`` is what changed, e.g. ``{"status": ["draft", "open"]}``."""
    if actor is None and request is not None and getattr(request.user, "is_authenticated", False):
        actor = request.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    with transaction.atomic():
        head = _head()
        entry = AuditEntry(
            seq=head.seq + 1,
            at=clock.now(),
            actor=actor,
            actor_username=actor.get_username() if actor is not None else "",
            actor_ref=str(actor.pk) if actor is not None else "",
            ip=client_ip(request),
            action=action,
            unit=unit,
            unit_code=unit.code if unit is not None else "",
            unit_ref=str(unit.pk) if unit is not None else "",
            changes=_plain(changes),
            prev_hash=head.hash,
            version=CURRENT_VERSION,
        )
        if target is not None:
            ct = ContentType.objects.get_for_model(target)
            entry.target_type = ct
            entry.target_label = f"{ct.app_label}.{ct.model}"
            entry.target_id = str(target.pk)
            entry.target_repr = str(target)[:255]
        entry.hash = entry_hash(fields_of(entry))
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
        anchoring.schedule_latest()
    return entry


def fields_of(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": canonical_time(entry.at),
        "actor": entry.actor_username,
        "ip": entry.ip or "",
        "action": entry.action,
        "target_label": entry.target_label,
        "target_id": entry.target_id,
        "target_repr": entry.target_repr,
        "unit": entry.unit_code,
        "changes": entry.changes,
        "prev_hash": entry.prev_hash,
        "version": entry.version,
        "actor_ref": entry.actor_ref,
        "unit_ref": entry.unit_ref,
    }


def anchor() -> tuple[int, str]:
    """The chain position and hash now, to print on a document that records a result."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return 0, GENESIS_HASH
    return head.seq, head.hash


def format_anchor(seq: int, digest: str) -> str:
    """The line printed on documents: "Nhật ký kiểm toán: vị trí 42, mã a1b2…"."""
    return f"Nhật ký kiểm toán: vị trí {seq}, mã {digest}"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    message: str = ""
    warnings: tuple[str, ...] = field(default=())


def _foreign_key_problem(entry: AuditEntry) -> str:
    """The foreign keys shown beside the hashed copies must agree with them."""
    if entry.version >= 2:
        if entry.actor_id is not None and str(entry.actor_id) != entry.actor_ref:
            return f"Mục {entry.seq} đã bị sửa: người thực hiện không còn là người đã ghi."
        if entry.unit_id is not None and str(entry.unit_id) != entry.unit_ref:
            return f"Mục {entry.seq} đã bị sửa: đơn vị không còn là đơn vị đã ghi."
    if entry.target_type_id is not None:
        ct = ContentType.objects.get_for_id(entry.target_type_id)
        if f"{ct.app_label}.{ct.model}" != entry.target_label:
            return f"Mục {entry.seq} đã bị sửa: loại bản ghi không còn là loại đã ghi."
    return ""


def verify(*, upto: int | None = None) -> ChainReport:
    """Walk the whole chain (or up to position ``upto``) and name the first broken entry.

    Finds an edited entry (its hash no longer matches, or a foreign key disagrees with its
    hashed copy), a deleted entry (a gap in the positions or a ``prev_hash`` that no longer
    links), and deleted newest entries (the head row is ahead of the last entry). On the whole
    chain it also holds the chain to every signed anchor recorded in the database: a valid
    signature, the entry at that position has that hash, the head is not behind it — so a
    chain cut and re-headed, wiped or recomputed after an edit is caught.
    """
    return _verify(upto=upto, claims=anchoring.db_claims() if upto is None else [])


def _verify(*, upto: int | None, claims: list[anchoring.Claim]) -> ChainReport:
    problem = anchoring.claims_problem(claims)
    if problem:
        return ChainReport(False, 0, None, problem)
    by_seq: dict[int, list[anchoring.Claim]] = {}
    for claim in claims:
        by_seq.setdefault(claim.anchor.seq, []).append(claim)
    for claim in by_seq.get(0, []):
        if claim.anchor.hash != GENESIS_HASH:
            return ChainReport(False, 0, 0, anchoring.rewritten(claim, "vị trí 0 luôn là mã gốc"))
    expected_seq, prev, version = 1, GENESIS_HASH, 1
    queryset = AuditEntry.objects.order_by("seq")
    if upto is not None:
        queryset = queryset.filter(seq__lte=upto)
    checked = 0
    for entry in queryset.iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(
                False,
                checked,
                expected_seq,
                f"Mục {expected_seq} bị mất (đã bị xóa): sau mục {expected_seq - 1} là mục "
                f"{entry.seq}.",
            )
        if entry.prev_hash != prev:
            return ChainReport(
                False,
                checked,
                entry.seq,
                f"Mục {entry.seq} không nối với mục trước (mã của mục trước đã đổi hoặc bị xóa).",
            )
        if entry.version < version or entry.version > CURRENT_VERSION:
            return ChainReport(
                False,
                checked,
                entry.seq,
                f"Mục {entry.seq} đã bị sửa: phiên bản {entry.version} không hợp lệ ở vị trí này.",
            )
        if entry_hash(fields_of(entry)) != entry.hash:
            return ChainReport(
                False,
                checked,
                entry.seq,
                f"Mục {entry.seq} đã bị sửa: nội dung không còn khớp với mã băm đã ghi.",
            )
        problem = _foreign_key_problem(entry)
        if problem:
            return ChainReport(False, checked, entry.seq, problem)
        for claim in by_seq.get(entry.seq, []):
            if claim.anchor.hash != entry.hash:
                return ChainReport(
                    False,
                    checked,
                    entry.seq,
                    anchoring.rewritten(claim, f"mục {entry.seq} bây giờ có mã {entry.hash}"),
                )
        prev, version = entry.hash, entry.version
        expected_seq, checked = expected_seq + 1, checked + 1
    last_seq = expected_seq - 1
    if upto is None:
        head_seq, head_hash = anchor()
        if head_seq != last_seq or (head_seq and head_hash != prev):
            return ChainReport(
                False,
                checked,
                last_seq + 1 if head_seq > last_seq else last_seq,
                f"Đầu chuỗi ghi vị trí {head_seq} nhưng mục cuối cùng là {last_seq}: "
                "các mục mới nhất đã bị xóa hoặc sửa.",
            )
        ahead = [c for c in claims if c.anchor.seq > last_seq]
        if ahead:
            newest = max(ahead, key=lambda c: c.anchor.seq)
            return ChainReport(
                False,
                checked,
                last_seq + 1,
                anchoring.rewritten(
                    newest,
                    f"nhật ký bây giờ chỉ có {last_seq} mục: các mục mới nhất đã bị xóa "
                    "và đầu chuỗi bị ghi lại",
                ),
            )
    elif checked < upto:
        return ChainReport(
            False, checked, expected_seq, f"Mục {expected_seq} không có trong nhật ký."
        )
    return ChainReport(True, checked, None, f"Chuỗi nhật ký toàn vẹn: đã kiểm tra {checked} mục.")


def verify_all(*, strict: bool = False) -> ChainReport:
    """``danchu audit verify``: the chain, the head, the signed anchors in the database and the
    ones kept outside it. With ``strict``, a warning (the outside file missing) fails too."""
    outside_claims, warnings, problem = anchoring.outside_claims()
    if problem:
        return ChainReport(False, 0, None, problem)
    claims = anchoring.db_claims() + outside_claims
    report = _verify(upto=None, claims=claims)
    if not report.ok:
        return report
    if warnings and strict:
        return ChainReport(False, report.checked, None, " ".join(warnings))
    message = report.message
    if claims:
        message += f" Khớp với {len(claims)} neo đã ký."
    return ChainReport(True, report.checked, None, message, tuple(warnings))


def check_line(line: str) -> ChainReport:
    """Check a published signed line: signed by this installation's key, and the chain holds
    it (the entry at that position has that hash and the chain up to it is intact)."""
    try:
        claimed = signing.parse(line)
    except ValueError as exc:
        return ChainReport(False, 0, None, str(exc))
    public = outside.public_key(create=False)
    if public is None:
        return ChainReport(
            False, 0, None, "Cài đặt này chưa có khóa ký nên không kiểm tra được chữ ký."
        )
    if not signing.signature_ok(public, claimed):
        return ChainReport(
            False,
            0,
            None,
            f"Chữ ký không hợp lệ với khóa của cài đặt này ({signing.fingerprint(public)}): "
            "dòng neo đã bị sửa hoặc không do cài đặt này ký.",
        )
    report = check_anchor(claimed.seq, claimed.hash)
    if not report.ok:
        return report
    return ChainReport(
        True,
        report.checked,
        None,
        f"Chữ ký hợp lệ (khóa {claimed.key}, ký lúc {claimed.at}). {report.message}",
    )


def check_anchor(seq: int, digest: str) -> ChainReport:
    """Check a position and hash printed on a document: the entry exists, has that hash, and
    the chain up to it is intact."""
    digest = digest.strip().lower()
    if seq == 0:
        ok = digest == GENESIS_HASH
        return ChainReport(ok, 0, None if ok else 0, "")
    entry = AuditEntry.objects.filter(seq=seq).first()
    if entry is None:
        return ChainReport(False, 0, seq, f"Không có mục {seq} trong nhật ký.")
    if entry.hash != digest:
        return ChainReport(
            False,
            0,
            seq,
            f"Mã in trên văn bản không khớp với mục {seq} của nhật ký: văn bản hoặc nhật ký "
            "đã bị thay đổi.",
        )
    report = verify(upto=seq)
    if not report.ok:
        return report
    return ChainReport(
        True,
        report.checked,
        None,
        f"Khớp: văn bản được lập tại vị trí {seq} của nhật ký, chuỗi đến vị trí này toàn vẹn.",
    )


def changes_text(changes: dict[str, Any]) -> str:
    """One line per changed field, for the viewer and exports."""
    return "; ".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in sorted(changes.items())
    )
