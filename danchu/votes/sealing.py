"""Sealed e-ballots (CV5, issue 10 point 5): while a vote is open, a copy of the database shows
nothing countable.

Each round gets an X25519 key pair when the vote opens. The public half is stored in the round
row (``VoteRound.ballot_key``); the private half is the key file ``vote-<id>.key`` under
``DANCHU_KEY_DIR`` (:mod:`danchu.core.keys`), never in the database. Each ballot is sealed to
the public key: a fresh ephemeral X25519 key, HKDF-SHA256 of the shared secret, AES-256-GCM over
the ballot padded to one fixed length (so neither its contents nor their length show), bound to
the round. The web workers that store ballots need nothing secret. When voting closes, the board's
``close_voting`` reads the private key once, opens every ballot, rewrites them in random order
and the key file is deleted: the sealed rows (and any copy of them, backups and dead rows
included) can then be opened by nobody.

Why a key pair rather than one symmetric key file: sealing needs only the public key, so no
request that stores a ballot ever reads the secret; the private half could be kept off the server
(on the board head's medium) without changing anything here.
"""

from __future__ import annotations

import base64
import json
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from danchu.core import keys

PADDED = 1024
"""Every sealed ballot has this many plaintext bytes (lines ≤ 400 and signature ≤ 200 characters
fit in UTF-8 with room to spare), so every sealed cell has the same length."""

_RAW = serialization.Encoding.Raw


class SealError(Exception):
    """A ballot that cannot be opened, or a round whose key file is missing."""


def key_name(round_id: int) -> str:
    return f"vote-{round_id}.key"


def create_key(round_id: int) -> str:
    """Make the round's key pair (once): the private half goes to its key file, the public half
    is returned (base64) for the round row. Calling it again returns the same public key."""
    fresh = X25519PrivateKey.generate().private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    try:
        raw = keys.read_or_create(key_name(round_id), make=fresh)
    except FileExistsError:  # another worker made it between our read and our write
        raw = keys.read_or_create(key_name(round_id))
    public = (
        X25519PrivateKey.from_private_bytes(raw)
        .public_key()
        .public_bytes(_RAW, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(public).decode()


def has_key(round_id: int) -> bool:
    return keys.key_path(key_name(round_id)).is_file()


def delete_key(round_id: int) -> None:
    keys.delete(key_name(round_id))


def _aes_key(shared: bytes, round_id: int) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"danchu-evote:{round_id}".encode()
    ).derive(shared)


def _pad(data: bytes) -> bytes:
    if len(data) > PADDED - 4:
        raise ValueError("ballot too long to seal")
    return struct.pack(">I", len(data)) + data + bytes(PADDED - 4 - len(data))


def seal(public_key: str, round_id: int, lines: str, signature: str) -> str:
    """The ballot sealed to the round's public key, as base64 text of one fixed length."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(base64.b64decode(public_key)))
    nonce = os.urandom(12)
    body = json.dumps({"l": lines, "s": signature}, ensure_ascii=False).encode()
    ct = AESGCM(_aes_key(shared, round_id)).encrypt(nonce, _pad(body), f"{round_id}".encode())
    eph = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    return base64.b64encode(eph + nonce + ct).decode()


def opener(round_id: int) -> X25519PrivateKey:
    """The round's private key from its key file (read when voting closes)."""
    path = keys.key_path(key_name(round_id))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SealError(
            f"Không tìm thấy tệp khóa «{path.name}» của vòng này trong thư mục khóa "
            "(DANCHU_KEY_DIR): không mở được hòm phiếu điện tử. Khôi phục tệp khóa từ bản sao "
            "lưu rồi thử lại."
        ) from None
    return X25519PrivateKey.from_private_bytes(raw)


def unseal(private: X25519PrivateKey, round_id: int, token: str) -> tuple[str, str]:
    """(lines, signature) of a sealed ballot; raises :class:`SealError` if it does not open."""
    try:
        raw = base64.b64decode(token, validate=True)
        eph, nonce, ct = raw[:32], raw[32:44], raw[44:]
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph))
        padded = AESGCM(_aes_key(shared, round_id)).decrypt(nonce, ct, f"{round_id}".encode())
        (size,) = struct.unpack(">I", padded[:4])
        data = json.loads(padded[4 : 4 + size].decode())
        return str(data["l"]), str(data["s"])
    except (InvalidTag, ValueError, KeyError, struct.error) as exc:
        raise SealError("Một phiếu điện tử không mở được bằng khóa của vòng này.") from exc
