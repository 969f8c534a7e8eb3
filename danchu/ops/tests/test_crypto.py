"""The passphrase encryption of backup archives (danchu/ops/crypto.py): what goes in comes out,
and a wrong passphrase, a flipped byte, a cut, an extension or reordered chunks are refused."""

from __future__ import annotations

import io
import os
import struct

import pytest

from danchu.ops import crypto

PASS = b"mat khau dien tap 2026"
FAST = 2**10  # scrypt cost for the tests; archives use crypto.SCRYPT_N


def _seal(data: bytes, passphrase: bytes = PASS) -> bytes:
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, passphrase, n=FAST)
    for start in range(0, len(data), 70_000):  # writes of any size
        writer.write(data[start : start + 70_000])
    writer.close()
    return out.getvalue()


def _open(sealed: bytes, passphrase: bytes = PASS) -> bytes:
    return crypto.DecryptingReader(io.BytesIO(sealed), passphrase).read()


def _chunks(sealed: bytes) -> tuple[bytes, list[bytes]]:
    """The header and the framed chunks (length prefix included)."""
    end = sealed.index(b"\n", len(crypto.MAGIC)) + 1
    header, rest, chunks = sealed[:end], sealed[end:], []
    while rest:
        (size,) = struct.unpack(">I", rest[:4])
        chunks.append(rest[: 4 + size])
        rest = rest[4 + size :]
    return header, chunks


@pytest.mark.parametrize("size", [0, 1, crypto.CHUNK, crypto.CHUNK + 1, 2 * crypto.CHUNK + 5])
def test_what_is_encrypted_comes_back_byte_for_byte(size):  # type: ignore[no-untyped-def]
    data = os.urandom(size)
    sealed = _seal(data)
    assert crypto.is_encrypted(sealed)
    if size >= 64:
        assert data[:64] not in sealed
    assert _open(sealed) == data


def test_a_wrong_passphrase_is_told_apart_from_damage():  # type: ignore[no-untyped-def]
    sealed = _seal(b"du lieu")
    with pytest.raises(crypto.WrongPassphrase, match="Sai mật khẩu"):
        _open(sealed, b"mat khau khac 2026")


def test_every_flipped_byte_after_the_header_is_refused():  # type: ignore[no-untyped-def]
    sealed = _seal(os.urandom(crypto.CHUNK + 300))
    header, _ = _chunks(sealed)
    step = (len(sealed) - len(header)) // 40
    positions = [*range(len(header), len(sealed), step), len(sealed) - 1]
    for position in positions:
        broken = bytearray(sealed)
        broken[position] ^= 0x01
        with pytest.raises(crypto.Damaged):
            _open(bytes(broken))


def test_a_changed_salt_in_the_header_reads_as_a_wrong_passphrase():  # type: ignore[no-untyped-def]
    sealed = _seal(b"du lieu")
    header, _ = _chunks(sealed)
    salt_at = header.index(b'"salt": "') + len(b'"salt": "')
    broken = bytearray(sealed)
    broken[salt_at] = ord("A") if broken[salt_at] != ord("A") else ord("B")
    with pytest.raises((crypto.WrongPassphrase, crypto.Damaged)):
        _open(bytes(broken))


def test_a_cut_archive_is_refused_even_at_a_chunk_boundary():  # type: ignore[no-untyped-def]
    sealed = _seal(os.urandom(2 * crypto.CHUNK + 10))
    header, chunks = _chunks(sealed)
    assert len(chunks) == 3
    with pytest.raises(crypto.Damaged, match="cắt cụt"):
        _open(header + chunks[0] + chunks[1])  # the final chunk dropped
    with pytest.raises(crypto.Damaged):
        _open(sealed[:-5])


def test_reordered_repeated_or_appended_chunks_are_refused():  # type: ignore[no-untyped-def]
    sealed = _seal(os.urandom(2 * crypto.CHUNK + 10))
    header, (a, b, c) = _chunks(sealed)
    for broken in (header + b + a + c, header + a + a + b + c, sealed + c, sealed + b"x"):
        with pytest.raises(crypto.Damaged):
            _open(broken)


def test_a_plain_file_is_not_taken_for_an_encrypted_archive():  # type: ignore[no-untyped-def]
    assert not crypto.is_encrypted(b"manifest.json\0\0\0")
    with pytest.raises(crypto.Damaged):
        _open(b"not an archive at all")
