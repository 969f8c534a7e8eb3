"""Receipts of anonymous one-time submissions (issue 16, part 3): a ballot or an online form sent
again after a dropped connection, with the same one-time code and the same content, is told
"Phiếu của bạn đã được ghi nhận" instead of "code already used".

While a vote or a survey is open, each accepted submission leaves one keyed digest of
(code, content) — no id of the ballot or form, no time, a random row key. The digest's key is a
file per vote or survey under ``DANCHU_KEY_DIR`` (:mod:`danchu.core.keys`), never in the
database; closing deletes the rows and the key file together, so after closing nothing — not
the database, a backup of it, its dead rows, nor ``SECRET_KEY`` — can tell which code carried
which content. While open, testing a digest needs the voter's code slip, the key file and the
database at once.
"""

from __future__ import annotations

import hashlib
import hmac

from danchu.core import keys


def _name(scope: str) -> str:
    return f"{scope}.receipt"


def digest(scope: str, code: str, content: str) -> str:
    """The keyed digest of one submission (``code`` as typed is normalised by the caller)."""
    try:
        key = keys.read_or_create(_name(scope))
    except FileExistsError:  # another worker made it between our read and our write
        key = keys.read_or_create(_name(scope))
    message = f"{len(code)}:{code}|{content}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def forget(scope: str) -> None:
    """At closing: the key goes, so no digest (nor any copy of one) can be tested again."""
    keys.delete(_name(scope))
