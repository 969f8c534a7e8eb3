"""Signed anchors (issue 10): the installation's signature over the chain's head, kept in the
database (:class:`~danchu.audit.models.AuditAnchor`) and outside it
(:mod:`danchu.audit.outside`), and the claims ``verify`` holds the chain to.

Every commit that appended entries rewrites the latest signed anchor outside the database
(``schedule_latest``, called by ``services.log``); ``sign_anchor`` makes one on purpose and
records it. Imported by :mod:`danchu.audit.services`, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from danchu.audit import outside, signing
from danchu.audit.models import GENESIS_HASH, AuditAnchor, AuditEntry, AuditHead
from danchu.core import clock


def schedule_latest() -> None:
    """Once per transaction: after it commits, sign the head and write it outside."""
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if any(len(item) > 1 and item[1] is _refresh_latest for item in pending):
        return
    transaction.on_commit(_refresh_latest, robust=True)


def _still_holds(old: signing.SignedAnchor) -> bool:
    public = outside.public_key(create=False)
    if public is None or not signing.signature_ok(public, old):
        return False
    if old.seq == 0:
        return old.hash == GENESIS_HASH
    return AuditEntry.objects.filter(seq=old.seq, hash=old.hash).exists()


def _refresh_latest() -> None:
    """Rewrite ``latest-anchor.txt`` with the committed head, signed; only forward, and never
    over an anchor the chain no longer holds (that file is then the evidence)."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.seq == 0:
        return
    anchor = signing.sign(outside.private_key(), seq=head.seq, digest=head.hash, at=clock.now())
    outside.replace_latest(anchor, still_holds=_still_holds)


@dataclass(frozen=True)
class Claim:
    """A signed anchor to hold the chain to, and where it was read (for the message)."""

    anchor: signing.SignedAnchor
    source: str


def db_claims() -> list[Claim]:
    return [
        Claim(a.as_signed(), f"neo đã ký số {a.pk} trong cơ sở dữ liệu")
        for a in AuditAnchor.objects.order_by("seq", "pk")
    ]


def claims_problem(claims: list[Claim]) -> str:
    """Signatures first: a claim the installation's key did not sign is a forgery."""
    if not claims:
        return ""
    public = outside.public_key(create=False)
    if public is None:
        return (
            f"Không tìm thấy khóa ký của nhật ký ({outside.KEY_NAME} trong thư mục khóa) nên "
            f"không kiểm tra được {len(claims)} neo đã ký: khôi phục khóa từ bản sao lưu."
        )
    for claim in claims:
        if not signing.signature_ok(public, claim.anchor):
            return (
                f"Chữ ký của {claim.source} (vị trí {claim.anchor.seq}) không hợp lệ với khóa "
                f"của cài đặt này ({signing.fingerprint(public)}): neo này là giả mạo."
            )
    return ""


def rewritten(claim: Claim, found: str) -> str:
    return (
        f"Nhật ký đã bị viết lại: {claim.source} (ký lúc {claim.anchor.at}) ghi vị trí "
        f"{claim.anchor.seq} có mã {claim.anchor.hash}, nhưng {found}."
    )


def outside_claims() -> tuple[list[Claim], list[str], str]:
    """The anchors kept outside the database; unreadable lines are problems, not skipped."""
    claims: list[Claim] = []
    latest = outside.read_latest()
    if latest is not None:
        try:
            claims.append(Claim(signing.parse(latest), f"tệp {outside.latest_path()}"))
        except ValueError:
            return [], [], f"Tệp neo {outside.latest_path()} không đọc được (đã bị sửa?)."
    for number, line in enumerate(outside.read_log(), start=1):
        try:
            claims.append(Claim(signing.parse(line), f"dòng {number} của {outside.log_path()}"))
        except ValueError:
            return [], [], f"Dòng {number} của {outside.log_path()} không đọc được (đã bị sửa?)."
    warnings = []
    if latest is None and AuditEntry.objects.exists():
        warnings.append(
            f"Chưa có tệp neo bên ngoài cơ sở dữ liệu ({outside.latest_path()}) dù nhật ký đã có "
            "mục: nếu vừa nâng cấp hoặc đổi DANCHU_AUDIT_DIR, chạy `danchu audit anchor` để "
            "tạo; nếu không, tệp đã bị xóa."
        )
    return claims, warnings, ""


def sign_anchor(*, purpose: str = "", record: bool = True) -> signing.SignedAnchor:
    """Sign the chain's head now. With ``record`` (the default) the anchor is kept in the
    database and, once the transaction commits, appended to ``anchors.log`` outside it.

    For ``danchu audit anchor`` and for documents that want to print a signed line at issue
    time: ``line = sign_anchor(purpose="votes.minutes 01/BB").line``.
    """
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        seq, digest = (head.seq, head.hash) if head is not None else (0, GENESIS_HASH)
        signed = signing.sign(outside.private_key(), seq=seq, digest=digest, at=clock.now())
        if record:
            AuditAnchor.objects.create(
                seq=signed.seq,
                hash=signed.hash,
                at=signed.at,
                key=signed.key,
                signature=signed.sig,
                purpose=purpose[:120],
                created=clock.now(),
            )
            transaction.on_commit(lambda: outside.append_log(signed), robust=True)
            if seq:
                schedule_latest()
    return signed
