"""Document templates built on :class:`OfficialDocument` (Decree 30, Appendix III)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from danchu.documents.dates import long_date, long_datetime, time_of_day
from danchu.documents.model import Block, OfficialDocument, Paragraph, Secrecy, Signature


def minutes(
    *,
    issuer: str,
    summary: str,
    started: dt.datetime,
    venue: str,
    participants: Sequence[str],
    chair: str,
    secretary: str,
    content: Sequence[Block],
    closed: dt.datetime,
    place: str = "",
    superior: str = "",
    party: bool = False,
    number: str = "",
    gathering: str = "Cuộc họp",
    chair_signature: Signature | None = None,
    secretary_signature: Signature | None = None,
    recipients: Sequence[str] = (),
    archive: Sequence[str] = ("VT", "hồ sơ"),
    secrecy: Secrecy = Secrecy.NONE,
    copies: int = 0,
    audit_ref: str = "",
) -> OfficialDocument:
    """DOC1, Appendix III: minutes (BIÊN BẢN) of a meeting or a count.

    Time, place, participants, chair, secretary, content in the order things happened, closing
    time; the secretary signs on the left and the chair on the right. The place and date line is
    dated the day the meeting closed (``place`` empty leaves it out).
    """
    body: list[Block] = [
        Paragraph(f"Thời gian bắt đầu: {long_datetime(started)}."),
        Paragraph(f"Địa điểm: {venue}."),
        Paragraph("Thành phần tham dự:"),
        *(Paragraph(f"- {p.rstrip(';.')};") for p in participants),
        Paragraph(f"Chủ trì (chủ tọa): {chair}."),
        Paragraph(f"Thư ký (người ghi biên bản): {secretary}."),
        Paragraph(f"Nội dung (theo diễn biến {gathering.lower()}):"),
        *content,
        Paragraph(
            f"{gathering} kết thúc vào {time_of_day(closed.time())}, {long_date(closed.date())}./."
        ),
    ]
    return OfficialDocument(
        issuer=issuer,
        superior=superior,
        party=party,
        number=number,
        kind_code="BB",
        place=place,
        date=closed.date() if place else None,
        kind="BIÊN BẢN",
        summary=summary,
        body=tuple(body),
        signatures=(
            secretary_signature or Signature(position="THƯ KÝ", name=secretary),
            chair_signature or Signature(position="CHỦ TỌA", name=chair),
        ),
        recipients=tuple(recipients),
        archive=tuple(archive),
        secrecy=secrecy,
        copies=copies,
        audit_ref=audit_ref,
    )
