"""A backup archive encrypted with a passphrase, streamed in chunks. Pure: no Django import.

Only the ``cryptography`` library's primitives, composed the usual way (the "STREAM"
construction of online authenticated encryption):

- key: **scrypt** (salt 16 random bytes, n=2^17, r=8, p=1) gives 64 bytes: the first 32 are the
  AES-256-GCM key, the SHA-256 of the last 32 is written in the header so a wrong passphrase is
  told apart from a damaged file before anything is decrypted;
- body: chunks of at most 1 MiB, each **AES-256-GCM** with the nonce = 8 random bytes (header)
  + the chunk's 4-byte counter, and as associated data the whole header, the counter and a byte
  saying whether it is the last chunk. Reordered, dropped, repeated or appended chunks, a cut
  file, or any flipped byte, fail authentication.

File layout::

    DANCHU-BACKUP-AESGCM-1\\n
    <header: one JSON line {"kdf": "scrypt", "n", "r", "p", "salt", "nonce", "check", "chunk"}>\\n
    ( <4-byte big-endian length> <ciphertext + 16-byte tag> )*     the last one flagged final
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import struct
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"DANCHU-BACKUP-AESGCM-1\n"
CHUNK = 1024 * 1024
SCRYPT_N = 2**17
_MAX_N = 2**20  # refuse headers that would make scrypt eat the machine
_TAG = 16


class WrongPassphrase(ValueError):
    """The passphrase does not open this archive."""


class Damaged(ValueError):
    """The archive was altered, cut or is not a danchu backup."""


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _derive(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase)
    return material[:32], hashlib.sha256(material[32:]).digest()


def _aad(header: bytes, counter: int, final: bool) -> bytes:
    return header + struct.pack(">IB", counter, 1 if final else 0)


class EncryptingWriter(io.RawIOBase):
    """A write-only file: what is written is encrypted into ``out`` chunk by chunk.
    ``close()`` writes the final chunk (possibly empty); ``out`` is left open."""

    def __init__(self, out: IO[bytes], passphrase: bytes, *, n: int = SCRYPT_N) -> None:
        super().__init__()
        salt, self._nonce = os.urandom(16), os.urandom(8)
        key, check = _derive(passphrase, salt, n, 8, 1)
        self._aes = AESGCM(key)
        fields = {
            "kdf": "scrypt",
            "n": n,
            "r": 8,
            "p": 1,
            "salt": _b64(salt),
            "nonce": _b64(self._nonce),
            "check": _b64(check),
            "chunk": CHUNK,
        }
        self._header = MAGIC + json.dumps(fields, sort_keys=True).encode() + b"\n"
        self._out = out
        self._out.write(self._header)
        self._buffer = bytearray()
        self._counter = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = bytes(data)
        self._buffer += view
        while len(self._buffer) > CHUNK:  # keep at least one byte back for the final chunk
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(view)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        nonce = self._nonce + struct.pack(">I", self._counter)
        sealed = self._aes.encrypt(nonce, plain, _aad(self._header, self._counter, final))
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
        super().close()


def _read_header(source: IO[bytes]) -> tuple[bytes, dict[str, Any]]:
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise Damaged("Tệp không phải bản sao lưu danchu đã mã hóa.")
    line = source.readline(4096)
    try:
        fields = json.loads(line)
        n, r, p = int(fields["n"]), int(fields["r"]), int(fields["p"])
        salt = base64.b64decode(fields["salt"], validate=True)
        nonce = base64.b64decode(fields["nonce"], validate=True)
        check = base64.b64decode(fields["check"], validate=True)
        chunk = int(fields["chunk"])
    except (ValueError, KeyError, TypeError) as exc:
        raise Damaged("Phần đầu của bản sao lưu đã mã hóa không đọc được (tệp hỏng?).") from exc
    if (
        fields.get("kdf") != "scrypt"
        or not (2 <= n <= _MAX_N and n & (n - 1) == 0)
        or not (1 <= r <= 32 and 1 <= p <= 16)
        or len(nonce) != 8
        or not (1 <= chunk <= 64 * CHUNK)
    ):
        raise Damaged("Phần đầu của bản sao lưu đã mã hóa có tham số không hợp lệ (tệp hỏng?).")
    return magic + line, {"n": n, "r": r, "p": p, "salt": salt, "nonce": nonce, "check": check,
                          "chunk": chunk}  # fmt: skip


class DecryptingReader(io.RawIOBase):
    """A read-only file giving the plain bytes of an encrypted archive, chunk by chunk.

    ``WrongPassphrase`` is raised on opening; ``Damaged`` as soon as a chunk fails its tag, the
    file ends before the final chunk, or bytes follow it."""

    def __init__(self, source: IO[bytes], passphrase: bytes) -> None:
        super().__init__()
        self._header, fields = _read_header(source)
        key, check = _derive(passphrase, fields["salt"], fields["n"], fields["r"], fields["p"])
        if not hmac.compare_digest(check, fields["check"]):
            raise WrongPassphrase(
                "Sai mật khẩu: mật khẩu này không mở được bản sao lưu (không có gì được ghi)."
            )
        self._aes = AESGCM(key)
        self._nonce = fields["nonce"]
        self._limit = fields["chunk"] + _TAG
        self._source = source
        self._counter = 0
        self._pending = memoryview(b"")
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> bytes:
        size_bytes = self._source.read(4)
        if len(size_bytes) < 4:
            raise Damaged("Bản sao lưu bị cắt cụt: thiếu phần cuối (tệp hỏng hoặc chép dở).")
        (size,) = struct.unpack(">I", size_bytes)
        if not _TAG <= size <= self._limit:
            raise Damaged(f"Bản sao lưu đã bị sửa hoặc hỏng (khối {self._counter + 1}).")
        sealed = self._source.read(size)
        if len(sealed) < size:
            raise Damaged("Bản sao lưu bị cắt cụt: thiếu phần cuối (tệp hỏng hoặc chép dở).")
        nonce = self._nonce + struct.pack(">I", self._counter)
        for final in (False, True):
            try:
                plain = self._aes.decrypt(nonce, sealed, _aad(self._header, self._counter, final))
            except InvalidTag:
                continue
            self._counter += 1
            if final:
                self._done = True
                if self._source.read(1):
                    raise Damaged("Bản sao lưu đã bị sửa: có dữ liệu thêm sau phần cuối.")
            return plain
        raise Damaged(
            f"Bản sao lưu đã bị sửa hoặc hỏng: khối {self._counter + 1} không qua được kiểm tra "
            "xác thực (AES-GCM)."
        )

    def readinto(self, buffer: Any) -> int:
        while not len(self._pending) and not self._done:
            self._pending = memoryview(self._next_chunk())
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]  # a view: no copy of the rest of the chunk
        return size
