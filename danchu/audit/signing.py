"""Signed anchors: one line that says "the trail had this hash at this position", signed with
the installation's Ed25519 key. Pure: no Django import (the key is passed in).

The line, as published::

    danchu-anchor v1 seq=123 hash=<64 hex> at=2026-11-22T02:00:00Z key=<16 hex> sig=<base64>

The signature is Ed25519 over the UTF-8 bytes of everything before `` sig=`` (the *signed
text*); ``key`` is the fingerprint of the public key (the first 16 hex digits of the SHA-256 of
its 32 raw bytes), so a reader knows which published key to check it with. Anyone holding the
public key can check a line with any Ed25519 tool (docs/audit.md shows OpenSSL).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "danchu-anchor v1"

_LINE = re.compile(
    r"^danchu-anchor v1 seq=(?P<seq>0|[1-9][0-9]{0,18}) hash=(?P<hash>[0-9a-f]{64}) "
    r"at=(?P<at>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z) "
    r"key=(?P<key>[0-9a-f]{16}) sig=(?P<sig>[A-Za-z0-9+/]{86}==)$"
)


@dataclass(frozen=True)
class SignedAnchor:
    seq: int
    hash: str
    at: str
    key: str
    sig: str

    @property
    def signed_text(self) -> str:
        return f"{PREFIX} seq={self.seq} hash={self.hash} at={self.at} key={self.key}"

    @property
    def line(self) -> str:
        return f"{self.signed_text} sig={self.sig}"


def anchor_time(value: dt.datetime) -> str:
    """UTC to the second: ``2026-11-22T02:00:00Z``."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(line: str) -> SignedAnchor:
    """Read a published line; ``ValueError`` (in Vietnamese) if it is not one."""
    match = _LINE.match(" ".join(line.split()))
    if match is None:
        raise ValueError(
            "Dòng neo không đúng mẫu: cần "
            '"danchu-anchor v1 seq=… hash=… at=…Z key=… sig=…" như đã công bố.'
        )
    return SignedAnchor(
        seq=int(match["seq"]),
        hash=match["hash"],
        at=match["at"],
        key=match["key"],
        sig=match["sig"],
    )


def new_private_pem() -> bytes:
    """A fresh installation key, PKCS#8 PEM, unencrypted (the file is mode 0600)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the audit signing key is not an Ed25519 key")
    return key


def public_raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_text(public: Ed25519PublicKey) -> str:
    """The 32 raw bytes in base64 (44 characters): what is published."""
    return base64.b64encode(public_raw(public)).decode()


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def public_from_text(text: str) -> Ed25519PublicKey:
    """A public key as published (base64 of the raw 32 bytes, or PEM)."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("Khóa công khai không phải khóa Ed25519.")
        return key
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError("Khóa công khai không đọc được (cần base64 hoặc PEM).") from exc
    if len(raw) != 32:
        raise ValueError("Khóa công khai Ed25519 phải dài 32 byte.")
    return Ed25519PublicKey.from_public_bytes(raw)


def fingerprint(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_raw(public)).hexdigest()[:16]


def sign(private: Ed25519PrivateKey, *, seq: int, digest: str, at: dt.datetime) -> SignedAnchor:
    unsigned = SignedAnchor(
        seq=seq, hash=digest, at=anchor_time(at), key=fingerprint(private.public_key()), sig=""
    )
    signature = private.sign(unsigned.signed_text.encode())
    return SignedAnchor(
        seq=unsigned.seq,
        hash=unsigned.hash,
        at=unsigned.at,
        key=unsigned.key,
        sig=base64.b64encode(signature).decode(),
    )


def signature_ok(public: Ed25519PublicKey, anchor: SignedAnchor) -> bool:
    """True if ``anchor`` was signed by ``public``'s private key (and names that key)."""
    if anchor.key != fingerprint(public):
        return False
    try:
        signature = base64.b64decode(anchor.sig, validate=True)
        public.verify(signature, anchor.signed_text.encode())
    except (binascii.Error, InvalidSignature, ValueError):
        return False
    return True
