"""One model of an official document, rendered by two backends (``pdf.py`` and ``docx.py``).

The parts and their order follow Decree 30/2020/NĐ-CP, Appendix I (DOC1), or the Party's own
format, Hướng dẫn 36-HD/VPTW (DOC2), when ``party`` is set. Everything printed is Vietnamese
whatever the user's interface language: the legal format fixes the wording ("Số:", "Nơi nhận:").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from danchu.core.text import nfc
from danchu.documents.dates import date_line
from danchu.documents.numbering import number_line

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"


class Authority(StrEnum):
    """DOC1: who signs for whom. The Party writes the same prefixes with a slash (DOC2)."""

    NONE = ""
    TM = "TM."  # on behalf of a collective body ("TM. ỦY BAN NHÂN DÂN")
    KT = "KT."  # a deputy signs for the head ("KT. CHỦ TỊCH")
    Q = "Q."  # acting head ("Q. CHỦ TỊCH")
    TL = "TL."  # by order of the head
    TUQ = "TUQ."  # by authorisation of the head

    def printed(self, *, party: bool) -> str:
        if not party or self in (Authority.NONE, Authority.Q):
            return self.value
        return {"TM.": "T/M", "KT.": "K/T", "TL.": "T/L", "TUQ.": "T/UQ"}[self.value]


class Secrecy(StrEnum):
    """DOC1: confidentiality marks (Law on Protection of State Secrets 2018)."""

    NONE = ""
    SECRET = "MẬT"
    TOP_SECRET = "TỐI MẬT"
    MOST_SECRET = "TUYỆT MẬT"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: justified with a first-line indent unless told otherwise."""

    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True
    centered: bool = False


@dataclass(frozen=True)
class Heading:
    """A section heading in the body ("I. MỤC ĐÍCH, YÊU CẦU"), bold."""

    text: str


@dataclass(frozen=True)
class Table:
    """A ruled table in the body (tally tables, summary tables); the first row is ``headers``.

    ``widths`` are relative column widths (any positive numbers); equal widths by default.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    caption: str = ""

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headers):
                raise ValueError(
                    f"Bảng: dòng {i} có {len(row)} ô, tiêu đề có {len(self.headers)} cột."
                )
        if self.widths and len(self.widths) != len(self.headers):
            raise ValueError("Bảng: số độ rộng cột khác số cột.")


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class Signature:
    """DOC1 signature block: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / (signature) / Nguyễn Văn A".

    ``on_behalf`` follows the authority prefix (the collective for TM., the head for KT., Q.,
    TL., TUQ.); ``position`` is the signer's own title (empty when it would repeat, as with Q.).
    """

    position: str
    name: str
    authority: Authority = Authority.NONE
    on_behalf: str = ""
    note: str = ""  # under the title in templates, e.g. "(Ký, ghi rõ họ tên)"

    def __post_init__(self) -> None:
        if self.authority != Authority.NONE and not self.on_behalf.strip():
            raise ValueError(f"Chữ ký: thẩm quyền {self.authority.value} cần ghi thay mặt ai.")

    def title_lines(self, *, party: bool) -> list[str]:
        lines = []
        if self.authority != Authority.NONE:
            lines.append(f"{self.authority.printed(party=party)} {nfc(self.on_behalf).upper()}")
        if self.position.strip():
            lines.append(nfc(self.position).upper())
        return lines


@dataclass(frozen=True)
class OfficialDocument:
    """Everything a Decree 30 (or Party) document prints, in the order it is printed.

    ``issuer`` and ``superior`` are agency names (printed in capitals; a "\\n" forces a line
    break); ``number`` is what :func:`danchu.documents.services.issue_number` returns
    ("05/KH-UBND"), or empty to leave the number blank; ``kind`` the kind's name ("KẾ HOẠCH"),
    empty for an official letter (công văn), whose ``summary`` then reads "V/v …" under the
    number. ``signatures`` holds one block, or two for minutes (secretary left, chair right).
    """

    issuer: str
    place: str
    date: dt.date | None
    kind: str
    summary: str = ""
    superior: str = ""
    party: bool = False
    number: str = ""
    kind_code: str = ""  # only used for a blank number: "Số:      /BB-UBND"
    body: tuple[Block, ...] = ()
    signatures: tuple[Signature, ...] = ()
    recipients: tuple[str, ...] = ()
    archive: tuple[str, ...] = ("VT",)
    secrecy: Secrecy = Secrecy.NONE
    copies: int = 0
    copy_number: int | None = None
    audit_ref: str = ""
    metadata_title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if len(self.signatures) > 2:
            raise ValueError("Văn bản có tối đa hai khối chữ ký (biên bản: thư ký và chủ tọa).")
        if self.copy_number is not None:
            if self.secrecy == Secrecy.NONE:
                raise ValueError("Chỉ văn bản mật mới ghi số bản.")
            if not 1 <= self.copy_number <= max(self.copies, 0):
                raise ValueError(f"Số bản {self.copy_number} ngoài khoảng 1–{self.copies}.")

    # What the backends print, computed once here so that PDF and DOCX agree.

    def for_copy(self, copy: int | None) -> OfficialDocument:
        return self if copy is None else dataclasses.replace(self, copy_number=copy)

    @property
    def issuer_lines(self) -> list[str]:
        return [nfc(line).upper() for line in self.issuer.split("\n") if line.strip()]

    @property
    def superior_lines(self) -> list[str]:
        return [nfc(line).upper() for line in self.superior.split("\n") if line.strip()]

    @property
    def number_text(self) -> str:
        return number_line(self.number, party=self.party, kind=self.kind_code)

    @property
    def date_text(self) -> str:
        return date_line(self.place, self.date)

    @property
    def is_letter(self) -> bool:
        """An official letter (công văn) has no kind name; its summary sits under the number."""
        return not self.kind.strip()

    @property
    def copy_text(self) -> str:
        if self.copy_number is None:
            return ""
        return f"Bản số: {self.copy_number}/{self.copies}"

    @property
    def recipient_lines(self) -> list[str]:
        """DOC1: "- Như trên;" … ending "- Lưu: VT, …." (DOC2: "- Lưu Văn phòng …")."""
        lines = [f"- {nfc(r).rstrip(';.,')};" for r in self.recipients if r.strip()]
        kept = ", ".join(nfc(a) for a in self.archive if a.strip())
        if kept:
            lines.append(f"- Lưu {kept}." if self.party else f"- Lưu: {kept}.")
        return lines

    @property
    def title(self) -> str:
        return self.metadata_title or nfc(f"{self.kind} {self.summary}".strip())


def audit_line(position: int, digest: str) -> str:
    """The line a document recording a result prints: where the audit chain stood when it was
    made (same wording as ``danchu.audit.services.format_anchor``)."""
    return f"Nhật ký kiểm toán: vị trí {position}, mã {digest}"
