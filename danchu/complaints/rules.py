"""GR8 — citizen reception, complaints, denunciations and petitions: the legal time limits as
data, their extensions and the longer limits of remote areas, transfers only on a legal ground,
and the on-time computation on the legal calendar (TM1–TM4, via ``danchu.legalcal``).

Plain Python, no Django import. The figures are a design choice to be checked by a lawyer; they
are listed, with their legal basis, in :data:`LIMITS` and shown to users on one page
(``/complaints/limits/``) and in ``docs/complaints.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from danchu.legalcal import deadlines
from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.deadlines import Deadline, Unit
from danchu.residents.rules import StepState, step_state


class Kind(StrEnum):
    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    PETITION = "petition"  # kiến nghị, phản ánh


class Complexity(StrEnum):
    ORDINARY = "ordinary"
    COMPLEX = "complex"  # vụ việc phức tạp
    VERY_COMPLEX = "very_complex"  # vụ việc đặc biệt phức tạp (denunciations)


@dataclass(frozen=True)
class Limit:
    """One kind's time limits (GR8), with their legal basis and day unit (TM3).

    ``accept_days``: from receipt to acceptance (thụ lý) or a written refusal;
    ``settle_days`` / ``complex_days``: from acceptance to settlement; ``remote_days`` /
    ``remote_complex_days``: the same in remote or difficult areas (0: no longer limit);
    ``extension_days`` and ``extensions``: how long one extension lasts and how many a case of
    each complexity may have.
    """

    kind: Kind
    accept_days: int
    accept_unit: Unit
    accept_basis: str
    settle_days: int
    complex_days: int
    settle_unit: Unit
    settle_basis: str
    remote_days: int = 0
    remote_complex_days: int = 0
    remote_basis: str = ""
    extension_days: int = 0
    extensions: tuple[tuple[Complexity, int], ...] = ()
    extension_basis: str = ""

    def max_extensions(self, complexity: Complexity) -> int:
        return dict(self.extensions).get(complexity, 0)


LIMITS: dict[Kind, Limit] = {
    Kind.COMPLAINT: Limit(
        kind=Kind.COMPLAINT,
        accept_days=10,
        accept_unit=Unit.CALENDAR,
        accept_basis="Luật Khiếu nại 2011, Điều 27: thụ lý trong 10 ngày kể từ ngày nhận.",
        settle_days=30,
        complex_days=45,
        settle_unit=Unit.CALENDAR,
        settle_basis="Luật Khiếu nại 2011, Điều 28: giải quyết lần đầu không quá 30 ngày kể từ "
        "ngày thụ lý; vụ việc phức tạp không quá 45 ngày.",
        remote_days=45,
        remote_complex_days=60,
        remote_basis="Luật Khiếu nại 2011, Điều 28: ở vùng sâu, vùng xa đi lại khó khăn không quá "
        "45 ngày; vụ việc phức tạp không quá 60 ngày.",
    ),
    Kind.DENUNCIATION: Limit(
        kind=Kind.DENUNCIATION,
        accept_days=7,
        accept_unit=Unit.WORKING,
        accept_basis="Luật Tố cáo 2018, Điều 24 và 29: thụ lý (hoặc không thụ lý) trong 07 ngày "
        "làm việc kể từ ngày nhận.",
        settle_days=30,
        complex_days=30,
        settle_unit=Unit.CALENDAR,
        settle_basis="Luật Tố cáo 2018, Điều 30: giải quyết không quá 30 ngày kể từ ngày thụ lý.",
        extension_days=30,
        extensions=((Complexity.COMPLEX, 1), (Complexity.VERY_COMPLEX, 2)),
        extension_basis="Luật Tố cáo 2018, Điều 30: vụ việc phức tạp gia hạn một lần, không quá "
        "30 ngày; đặc biệt phức tạp gia hạn hai lần, mỗi lần không quá 30 ngày.",
    ),
    Kind.PETITION: Limit(
        kind=Kind.PETITION,
        accept_days=10,
        accept_unit=Unit.WORKING,
        accept_basis="Thông tư 05/2021/TT-TTCP: xử lý đơn kiến nghị, phản ánh trong 10 ngày làm "
        "việc kể từ ngày nhận (lựa chọn thiết kế, cần luật sư kiểm tra).",
        settle_days=30,
        complex_days=45,
        settle_unit=Unit.CALENDAR,
        settle_basis="Luật không quy định thời hạn trả lời kiến nghị, phản ánh ở cấp xã; nền tảng "
        "dùng 30 ngày (45 ngày nếu phức tạp) như khiếu nại lần đầu (lựa chọn thiết kế).",
        remote_days=45,
        remote_complex_days=60,
        remote_basis="Như khiếu nại lần đầu (lựa chọn thiết kế).",
    ),
}
"""GR8: the time limits as data. Design choice to be checked by a lawyer (docs/complaints.md)."""


def limit(kind: Kind | str) -> Limit:
    return LIMITS[Kind(kind)]


# ------------------------------------------------------------------------------------ transfers


class TransferGround(StrEnum):
    """GR8: a case leaves the commune only on one of these grounds, with a note ("never pushed
    up"). Each names its legal basis."""

    NOT_COMPETENT = "not_competent"
    SECOND_TIME = "second_time"
    DENOUNCED_ABOVE = "denounced_above"
    CRIME = "crime"


TRANSFER_GROUNDS: dict[TransferGround, str] = {
    TransferGround.NOT_COMPETENT: "Không thuộc thẩm quyền của Chủ tịch UBND xã: việc về quyết "
    "định, hành vi của cơ quan khác (Luật Khiếu nại 2011, Điều 17; Luật Tố cáo 2018, Điều 24, 26).",
    TransferGround.SECOND_TIME: "Khiếu nại lần hai, thuộc thẩm quyền của người đứng đầu cơ quan "
    "cấp trên (Luật Khiếu nại 2011, Điều 18, 33).",
    TransferGround.DENOUNCED_ABOVE: "Người bị tố cáo do cấp trên quản lý (Luật Tố cáo 2018, "
    "Điều 13, 14).",
    TransferGround.CRIME: "Có dấu hiệu tội phạm: chuyển cơ quan điều tra hoặc Viện kiểm sát "
    "(Luật Tố cáo 2018, Điều 36; Bộ luật Tố tụng hình sự, Điều 145).",
}

GROUNDS_BY_KIND: dict[Kind, tuple[TransferGround, ...]] = {
    Kind.COMPLAINT: (TransferGround.NOT_COMPETENT, TransferGround.SECOND_TIME),
    Kind.DENUNCIATION: (
        TransferGround.NOT_COMPETENT,
        TransferGround.DENOUNCED_ABOVE,
        TransferGround.CRIME,
    ),
    Kind.PETITION: (TransferGround.NOT_COMPETENT,),
}


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.message} ({self.rule})"


def transfer_problems(kind: Kind | str, ground: str, note: str) -> list[Problem]:
    """GR8: a transfer to another level needs a ground from the list for this kind, and a note."""
    out: list[Problem] = []
    allowed = {g.value for g in GROUNDS_BY_KIND[Kind(kind)]}
    if ground not in allowed:
        out.append(
            Problem(
                "GR8",
                "Chuyển đơn lên cấp khác phải chọn một căn cứ pháp lý trong danh sách cho loại "
                "đơn này; không «đẩy» đơn lên cấp trên.",
            )
        )
    if not note.strip():
        out.append(Problem("GR8", "Chuyển đơn phải có ghi chú nêu rõ lý do cụ thể."))
    return out


def extension_problems(
    kind: Kind | str, complexity: Complexity | str, already: int, days: int
) -> list[Problem]:
    """GR8 (Luật Tố cáo 2018, Art. 30): how many extensions a case may have, and their length."""
    lim = limit(kind)
    allowed = lim.max_extensions(Complexity(complexity))
    out: list[Problem] = []
    if allowed == 0:
        out.append(
            Problem("GR8", "Loại đơn hoặc mức độ vụ việc này không được gia hạn giải quyết.")
        )
    elif already >= allowed:
        out.append(Problem("GR8", f"Vụ việc này chỉ được gia hạn tối đa {allowed} lần."))
    if days < 1 or (lim.extension_days and days > lim.extension_days):
        out.append(Problem("GR8", f"Mỗi lần gia hạn từ 1 đến {lim.extension_days or 0} ngày."))
    return out


# ------------------------------------------------------------------------------------ deadlines


def acceptance_due(
    kind: Kind | str, received_on: dt.date, swaps: SwapTable | None = None
) -> Deadline:
    """GR8: accept (thụ lý) or refuse in writing within the kind's limit from receipt."""
    lim = limit(kind)
    word = "ngày làm việc" if lim.accept_unit == Unit.WORKING else "ngày"
    return deadlines.after(
        received_on,
        lim.accept_days,
        working=lim.accept_unit == Unit.WORKING,
        rule="GR8",
        why=f"Thụ lý hoặc trả lời không thụ lý trong {lim.accept_days:02d} {word} kể từ ngày "
        f"nhận — {lim.accept_basis}",
        swaps=swaps,
    )


def settlement_days(
    kind: Kind | str,
    complexity: Complexity | str = Complexity.ORDINARY,
    *,
    remote: bool = False,
    extension_days: tuple[int, ...] = (),
) -> int:
    """GR8: the days from acceptance to settlement: base or complex limit, the remote-area
    limit where the law gives one, plus the extensions granted."""
    lim = limit(kind)
    hard = Complexity(complexity) != Complexity.ORDINARY
    if remote and lim.remote_days:
        days = lim.remote_complex_days if hard else lim.remote_days
    else:
        days = lim.complex_days if hard else lim.settle_days
    return days + sum(extension_days)


def settlement_due(
    kind: Kind | str,
    accepted_on: dt.date,
    complexity: Complexity | str = Complexity.ORDINARY,
    *,
    remote: bool = False,
    extension_days: tuple[int, ...] = (),
    swaps: SwapTable | None = None,
) -> Deadline:
    lim = limit(kind)
    days = settlement_days(kind, complexity, remote=remote, extension_days=extension_days)
    basis = lim.remote_basis if remote and lim.remote_days else lim.settle_basis
    if extension_days:
        basis = f"{basis} {lim.extension_basis}"
    return deadlines.after(
        accepted_on,
        days,
        working=lim.settle_unit == Unit.WORKING,
        rule="GR8",
        why=f"Giải quyết trong {days:02d} ngày kể từ ngày thụ lý — {basis}",
        swaps=swaps,
    )


@dataclass(frozen=True)
class CaseFacts:
    """What was recorded about a case, for the on-time computation."""

    kind: Kind
    received_on: dt.date
    accepted_on: dt.date | None = None
    refused_on: dt.date | None = None  # a written answer that the case is not accepted
    settled_on: dt.date | None = None
    transferred_on: dt.date | None = None
    complexity: Complexity = Complexity.ORDINARY
    remote: bool = False
    extension_days: tuple[int, ...] = ()


@dataclass(frozen=True)
class CaseState:
    acceptance: StepState
    acceptance_due: dt.date
    settlement: StepState | None  # None until accepted
    settlement_due: dt.date | None
    closed_on: dt.date | None

    @property
    def open(self) -> bool:
        return self.closed_on is None

    @property
    def late(self) -> bool:
        states = (self.acceptance, self.settlement)
        return any(s in (StepState.LATE, StepState.MISSED) for s in states)

    @property
    def on_time(self) -> bool:
        """Closed, with every step met by its due day."""
        return not self.open and not self.late


def case_state(facts: CaseFacts, today: dt.date, swaps: SwapTable | None = None) -> CaseState:
    """GR8: each step met / in progress / late / missed from recorded facts (a fact after
    ``today`` does not count yet). A refusal or a transfer answers the acceptance step and closes
    the case; a settlement closes it."""
    acc_due = acceptance_due(facts.kind, facts.received_on, swaps).due
    answered = [d for d in (facts.accepted_on, facts.refused_on, facts.transferred_on) if d]
    first_answer = min(answered) if answered else None
    acc = step_state(acc_due, first_answer, today)
    settle: StepState | None = None
    settle_due: dt.date | None = None
    if facts.accepted_on is not None and facts.accepted_on <= today:
        settle_due = settlement_due(
            facts.kind,
            facts.accepted_on,
            facts.complexity,
            remote=facts.remote,
            extension_days=facts.extension_days,
            swaps=swaps,
        ).due
        ends = [d for d in (facts.settled_on, facts.transferred_on) if d and d <= today]
        settle = step_state(settle_due, min(ends) if ends else None, today)
    closers = [
        d
        for d in (facts.settled_on, facts.transferred_on, facts.refused_on)
        if d is not None and d <= today
    ]
    return CaseState(acc, acc_due, settle, settle_due, min(closers) if closers else None)


# ------------------------------------------------------------------------------------ figures


@dataclass(frozen=True)
class Figures:
    """GR8 figures of a commune for a year: what came in, what was closed and how many on time,
    and the backlog (open at the end of the year, or today within the year)."""

    year: int
    received: int
    closed: int
    closed_on_time: int
    backlog: int
    backlog_overdue: int
    transferred: int

    @property
    def on_time_rate(self) -> Fraction | None:
        """Exact share of the cases closed in the year that were closed on time."""
        if self.closed == 0:
            return None
        return Fraction(self.closed_on_time, self.closed)


def figures(
    year: int,
    cases: list[CaseFacts],
    today: dt.date,
    swaps: SwapTable | None = None,
) -> Figures:
    """GR8: the figures over ``cases`` (a commune's), as of the end of ``year`` or ``today``."""
    as_of = min(today, dt.date(year, 12, 31))
    received = closed = on_time = backlog = overdue = transferred = 0
    for facts in cases:
        if facts.received_on > as_of:
            continue
        state = case_state(facts, as_of, swaps)
        if facts.received_on.year == year:
            received += 1
        if state.closed_on is not None and state.closed_on.year == year:
            closed += 1
            on_time += state.on_time
            if facts.transferred_on is not None and facts.transferred_on == state.closed_on:
                transferred += 1
        if state.open:
            backlog += 1
            overdue += state.late
    return Figures(year, received, closed, on_time, backlog, overdue, transferred)
