"""Confidence votes on leaders: the rules CV1–CV12 of RULES.md (seed 001, Quy định 96-QĐ/TW).

Plain Python: frozen dataclasses and enums in, results out, dates passed in, no Django import.
Every threshold is exact (``fractions.Fraction`` or integer cross-multiplication); percentages
are only rounded for display, never for a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from fractions import Fraction

from danchu.formats import numbers


class Level(IntEnum):
    """CV5: the three levels printed on the ballot, keyed by the digit used when counting."""

    HIGH = 1  # Tín nhiệm cao
    CONFIDENCE = 2  # Tín nhiệm
    LOW = 3  # Tín nhiệm thấp


LEVEL_LABELS: dict[Level, str] = {
    Level.HIGH: "Tín nhiệm cao",
    Level.CONFIDENCE: "Tín nhiệm",
    Level.LOW: "Tín nhiệm thấp",
}
"""CV5: the wording of the three levels, exactly as on the ballot."""

SIGNATURE_OPTIONAL = True
"""CV5: the voter may sign the ballot or not; an unsigned ballot is fully valid."""


# --------------------------------------------------------------------------------------------
# CV1 — who is voted on
# --------------------------------------------------------------------------------------------


class Exclusion(StrEnum):
    RETIREMENT_ANNOUNCED = "retirement_announced"
    STARTED_IN_VOTE_YEAR = "started_in_vote_year"


EXCLUSION_REASONS: dict[Exclusion, str] = {
    Exclusion.RETIREMENT_ANNOUNCED: "Đã có thông báo nghỉ công tác để chờ nghỉ hưu (ngày {date}).",
    Exclusion.STARTED_IN_VOTE_YEAR: "Được bổ nhiệm hoặc bầu vào chức vụ trong năm lấy phiếu "
    "(ngày {date}).",
}


@dataclass(frozen=True)
class Candidate:
    """The facts CV1 needs about one post held by one person."""

    full_name: str
    position: str
    unit: str
    post_started_on: dt.date
    how_started: str  # "appointed", "elected", "transferred", "recruited", "other"
    retirement_announced_on: dt.date | None = None


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: Exclusion | None = None
    why: str = ""


STARTS_THAT_EXCLUDE = frozenset({"appointed", "elected"})
"""CV1: only an appointment or an election in the vote year excludes; a transfer into the same
post does not (the seed names "bổ nhiệm, bầu cử")."""


def eligibility(candidate: Candidate, vote_year: int, on: dt.date) -> Eligibility:
    """CV1: not voted are a person with an announced retirement (announced on or before ``on``)
    and one appointed or elected to the post in the year of the vote."""
    announced = candidate.retirement_announced_on
    if announced is not None and announced <= on:
        return Eligibility(
            False,
            Exclusion.RETIREMENT_ANNOUNCED,
            EXCLUSION_REASONS[Exclusion.RETIREMENT_ANNOUNCED].format(date=vn_date(announced)),
        )
    if candidate.post_started_on.year == vote_year and candidate.how_started in STARTS_THAT_EXCLUDE:
        return Eligibility(
            False,
            Exclusion.STARTED_IN_VOTE_YEAR,
            EXCLUSION_REASONS[Exclusion.STARTED_IN_VOTE_YEAR].format(
                date=vn_date(candidate.post_started_on)
            ),
        )
    return Eligibility(True)


def subject_line(full_name: str, position: str, unit: str) -> str:
    """CV1: a subject is shown with full name, position and unit."""
    return f"{full_name} — {position}, {unit}" if unit else f"{full_name} — {position}"


# --------------------------------------------------------------------------------------------
# CV2 — at most two places
# --------------------------------------------------------------------------------------------

MAX_PLACES = 2
"""CV2: a person holding several posts is voted at no more than 2 places across all rounds in
force."""


@dataclass(frozen=True)
class PlacesCheck:
    allowed: bool
    why: str = ""


def check_places(existing_places: Sequence[str]) -> PlacesCheck:
    """CV2: may one more place be added for a person already voted at ``existing_places``?"""
    if len(existing_places) < MAX_PLACES:
        return PlacesCheck(True)
    listed = "; ".join(existing_places)
    return PlacesCheck(
        False,
        f"Người này đã được lấy phiếu tín nhiệm ở {len(existing_places)} nơi ({listed}); "
        f"theo Quy định 96-QĐ/TW chỉ lấy phiếu tối đa ở {MAX_PLACES} nơi.",
    )


def same_post_problem(person: str, post: str, rounds: Sequence[str]) -> str | None:
    """CV2 (issue 11): one post is one place — voted once in a term. The same post again in
    another round in force of the term is refused, not counted as a second place."""
    if not rounds:
        return None
    return (
        f"{person} đã được lấy phiếu ở chức vụ «{post}» trong nhiệm kỳ này "
        f"({'; '.join(rounds)}): một chức vụ chỉ lấy phiếu một lần (CV2)."
    )


MANAGER_BY_KIND: dict[str, tuple[str, str]] = {
    "dang_uy": ("dang_uy", "chức vụ Đảng: cấp ủy cấp trên trực tiếp"),
    "ubkt": ("dang_uy", "chức vụ Đảng: cấp ủy cấp trên trực tiếp"),
    "mttq": ("mttq", "chức vụ Mặt trận: Ủy ban Mặt trận Tổ quốc cấp trên"),
    "cong_doan": ("cong_doan", "chức vụ Công đoàn: Công đoàn cấp trên"),
    "doan_tn": ("doan_tn", "chức vụ Đoàn Thanh niên: Đoàn cấp trên"),
    "hdnd": ("hdnd", "chức vụ Hội đồng nhân dân: Hội đồng nhân dân cấp trên"),
}
"""CV11 (issue 11): who directly manages a post, by the kind of body it is held in — Party posts
by the Party committee above, Front and Union posts by their bodies above, Council posts by the
Council above; every other (state) post by the People's Committee above."""
STATE_MANAGER = ("ubnd", "chức vụ chính quyền: Ủy ban nhân dân cấp trên")


def manager_kind(agency_kind: str) -> tuple[str, str]:
    """The kind of body above that manages a post held in an agency of ``agency_kind``, and
    why (shown on the round's page)."""
    return MANAGER_BY_KIND.get(agency_kind, STATE_MANAGER)


# --------------------------------------------------------------------------------------------
# CV3 — quorum
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    convened: int
    present: int
    met: bool
    needed: int  # the smallest number present that meets the quorum
    missing: int  # how many more must be present

    @property
    def why(self) -> str:
        if self.met:
            return (
                f"Có mặt {self.present}/{self.convened} người được triệu tập, đạt ít nhất 2/3 "
                f"(cần {self.needed}): hội nghị được tiến hành."
            )
        return (
            f"Có mặt {self.present}/{self.convened} người được triệu tập; cần ít nhất 2/3 "
            f"({self.needed} người): còn thiếu {self.missing} người."
        )


def quorum(convened: int, present: int) -> Quorum:
    """CV3: the conference may proceed only when present × 3 ≥ convened × 2.

    A roster with nobody convened never meets the quorum: there is no conference to hold."""
    if convened < 0 or present < 0:
        raise ValueError("counts cannot be negative")
    if present > convened:
        raise ValueError("more present than convened")
    needed = -(-2 * convened // 3)  # ceil(2c/3) in integers
    met = convened > 0 and present * 3 >= convened * 2
    return Quorum(convened, present, met, needed, max(0, needed - present))


# --------------------------------------------------------------------------------------------
# CV4 — timeline before the vote day D
# --------------------------------------------------------------------------------------------


class Step(StrEnum):
    SELF_REPORT = "self_report"
    DOSSIER_SENT = "dossier_sent"
    CLARIFICATION_REQUEST = "clarification_request"
    SUPPLEMENTARY_EXPLANATION = "supplementary_explanation"


@dataclass(frozen=True)
class TimelineStep:
    step: Step
    days_before: int
    who: str
    what: str


CV4_STEPS: tuple[TimelineStep, ...] = (
    TimelineStep(
        Step.SELF_REPORT,
        20,
        "Người được lấy phiếu",
        "Báo cáo tự đánh giá và bản kê khai tài sản, thu nhập gửi cơ quan tổ chức",
    ),
    TimelineStep(
        Step.DOSSIER_SENT,
        15,
        "Cơ quan tổ chức",
        "Gửi hồ sơ người được lấy phiếu cho người ghi phiếu",
    ),
    TimelineStep(
        Step.CLARIFICATION_REQUEST,
        10,
        "Người ghi phiếu",
        "Yêu cầu làm rõ bằng văn bản (chuyển đến người được lấy phiếu)",
    ),
    TimelineStep(
        Step.SUPPLEMENTARY_EXPLANATION,
        3,
        "Người được lấy phiếu",
        "Báo cáo giải trình, bổ sung theo yêu cầu",
    ),
)
"""CV4: each step is due at least N calendar days ("ngày", TM3) before the vote day D."""

STEP_BY_KEY = {s.step: s for s in CV4_STEPS}


def latest_date(vote_day: dt.date, days_before: int) -> dt.date:
    """CV4 with TM1: "at least N days before D" — D itself is not counted, so the latest day that
    still leaves N whole days before D is D − N. Counting backwards never moves to a working day
    (TM2 only extends periods counted forward)."""
    return vote_day - dt.timedelta(days=days_before)


def timeline(
    vote_day: dt.date, latest: Callable[[dt.date, int], dt.date] = latest_date
) -> dict[Step, dt.date]:
    """CV4: the due date of every step for a vote on ``vote_day``. The platform passes the legal
    calendar's reading (``danchu.legalcal.deadlines.before``, which also moves a due date that
    falls on a day off back to the previous working day)."""
    return {s.step: latest(vote_day, s.days_before) for s in CV4_STEPS}


class StepStatus(StrEnum):
    PENDING = "pending"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"


def step_status(due: dt.date, done_on: dt.date | None, today: dt.date) -> StepStatus:
    """CV4: done on or before the due date is on time, after it late; not done and past due is
    overdue."""
    if done_on is not None:
        return StepStatus.ON_TIME if done_on <= due else StepStatus.LATE
    return StepStatus.OVERDUE if today > due else StepStatus.PENDING


# --------------------------------------------------------------------------------------------
# CV6 — counting board
# --------------------------------------------------------------------------------------------

MIN_BOARD_MEMBERS = 3
"""CV6 (design choice: the seed only says the conference elects a counting board): at least 3
members, so that double entry by two members and a head who closes the count are possible, as
for other secret ballots (LD4: 3–5 members)."""


def board_problem(member_count: int) -> str | None:
    """CV6: a counting board needs at least :data:`MIN_BOARD_MEMBERS` members."""
    if member_count < MIN_BOARD_MEMBERS:
        return (
            f"Ban kiểm phiếu cần ít nhất {MIN_BOARD_MEMBERS} thành viên (hiện có {member_count})."
        )
    return None


def board_member_problems(
    members: Sequence[tuple[str, bool, bool]],
) -> list[str]:
    """CV6 (issue 11): the conference elects the board from the voters present, and no person
    being voted on in the round may sit on it (nor count her own vote). ``members`` is
    ``(name, present, is_subject)`` per member."""
    problems: list[str] = []
    for name, present, is_subject in members:
        if is_subject:
            problems.append(
                f"{name} là người được lấy phiếu trong vòng này: không được ở trong Ban kiểm "
                "phiếu (CV6)."
            )
        elif not present:
            problems.append(
                f"{name} không phải người được triệu tập có mặt tại hội nghị: Ban kiểm phiếu do "
                "hội nghị bầu trong số người có mặt (CV6)."
            )
    return problems


def secretary_problem(name: str, present: bool, is_subject: bool) -> str | None:
    """DOC1/CV6: the conference elects its secretary among the voters present, not a subject."""
    if is_subject:
        return f"{name} là người được lấy phiếu: không làm thư ký hội nghị."
    if not present:
        return f"{name} không có mặt tại hội nghị: thư ký do hội nghị bầu trong số người có mặt."
    return None


# --------------------------------------------------------------------------------------------
# CV4 at the opening — a recorded decision to open early or with dossiers missing or late
# --------------------------------------------------------------------------------------------


def opening_exceptions(
    *, vote_day: dt.date | None, today: dt.date, missing: Sequence[str], late: Sequence[str]
) -> list[str]:
    """CV4 (issue 11): why opening the vote today departs from the timeline — before D, with a
    subject's self-report missing, or with a step late. Each needs the organizing office's
    recorded decision (with its reason) to open; the list goes into the minutes."""
    found: list[str] = []
    if vote_day is None:
        found.append("Chưa định ngày lấy phiếu (D).")
    elif today < vote_day:
        found.append(
            f"Mở bỏ phiếu ngày {vn_date(today)}, trước ngày lấy phiếu {vn_date(vote_day)}."
        )
    for name in missing:
        found.append(f"Chưa nhận báo cáo tự kiểm điểm của {name}.")
    found.extend(late)
    return found


def late_checkin_problem(*, status: str, issuing_closed: bool) -> str | None:
    """CV3 (issue 11): a late arrival is checked in until the board closes the issuing of
    ballots; the quorum count rises with each."""
    if status in {"preparing", "conference"}:
        return None
    if status == "voting" and not issuing_closed:
        return None
    return "Ban kiểm phiếu đã kết thúc phát phiếu: không điểm danh thêm người đến muộn."


# --------------------------------------------------------------------------------------------
# CV7 — validity
# --------------------------------------------------------------------------------------------

CROSSED = "X"


class LineVerdict(StrEnum):
    VALID = "valid"
    NOT_ISSUED = "not_issued"  # the whole ballot was not issued by the counting board
    CROSSED_OUT = "crossed_out"
    NO_MARK = "no_mark"
    SEVERAL_MARKS = "several_marks"


VERDICT_LABELS: dict[LineVerdict, str] = {
    LineVerdict.VALID: "Hợp lệ",
    LineVerdict.NOT_ISSUED: "Phiếu không do Ban kiểm phiếu phát ra",
    LineVerdict.CROSSED_OUT: "Gạch xóa họ tên người được lấy phiếu",
    LineVerdict.NO_MARK: "Không đánh dấu ô nào",
    LineVerdict.SEVERAL_MARKS: "Đánh dấu hai hoặc ba ô",
}


SEVERAL_MARKS_KEY = "M"
"""The key (and cell code) the board types for a line with several marks; stored as "13"."""


def line_in_words(code: str) -> str:
    """A typed line as the board reads it back (issue 11: echo what was saved, in words)."""
    text = code.strip().upper()
    if text == SEVERAL_MARKS_KEY or (len(text) > 1 and text != CROSSED):
        return "Nhiều dấu (không hợp lệ)"
    if text == CROSSED:
        return "Gạch tên (không hợp lệ)"
    if not text:
        return "Không đánh dấu (không hợp lệ)"
    return LEVEL_LABELS[Level(int(text))]


@dataclass(frozen=True)
class Line:
    """What the counting board sees on one subject's line of one ballot."""

    marks: frozenset[Level] = frozenset()
    crossed_out: bool = False

    @classmethod
    def parse(cls, code: str) -> Line:
        """Read a cell code: "" no mark, "1"/"2"/"3" one level, several distinct digits
        ("13") several marks, "X" a crossed-out name. Anything else raises ValueError."""
        text = code.strip().upper()
        if text == SEVERAL_MARKS_KEY:
            text = "13"
        if text == CROSSED:
            return cls(crossed_out=True)
        if not text:
            return cls()
        if any(ch not in "123" for ch in text) or len(set(text)) != len(text):
            raise ValueError(code)
        return cls(marks=frozenset(Level(int(ch)) for ch in text))

    @property
    def code(self) -> str:
        if self.crossed_out:
            return CROSSED
        return "".join(str(int(m)) for m in sorted(self.marks))


def line_verdict(line: Line, issued_by_board: bool = True) -> LineVerdict:
    """CV7: a ballot not issued by the board is invalid on every line; on an issued ballot a
    subject's line is invalid when the printed name is crossed out, or has no mark, or two or
    three marks. (Design choice: validity is judged per subject line.)"""
    if not issued_by_board:
        return LineVerdict.NOT_ISSUED
    if line.crossed_out:
        return LineVerdict.CROSSED_OUT
    if not line.marks:
        return LineVerdict.NO_MARK
    if len(line.marks) > 1:
        return LineVerdict.SEVERAL_MARKS
    return LineVerdict.VALID


@dataclass(frozen=True)
class Ballot:
    """One returned ballot: its lines in subject order, the names written in by hand, and
    whether the board issued it. Written-in names are themselves invalid and leave the listed
    lines untouched (CV7)."""

    lines: tuple[Line, ...]
    extra_names: int = 0
    issued_by_board: bool = True


# --------------------------------------------------------------------------------------------
# Serials and anomalies (CV7: "a ballot not issued by the counting board")
# --------------------------------------------------------------------------------------------


class Anomaly(StrEnum):
    RETURNED_OVER_ISSUED = "returned_over_issued"
    SERIAL_NOT_ISSUED = "serial_not_issued"
    SERIAL_DUPLICATE = "serial_duplicate"
    SERIAL_MISSING = "serial_missing"
    RETURNED_OVER_PRESENT = "returned_over_present"
    ISSUED_OVER_PRESENT = "issued_over_present"
    VOIDED = "voided"  # ballots or codes voided (lost, spoiled): shown, not an irregularity
    BOARD_DECISION = "board_decision"  # the standalone count's --board-decision, for its minutes


@dataclass(frozen=True)
class AnomalyNote:
    kind: Anomaly
    text: str
    serial: str = ""
    count: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": str(self.kind),
            "serial": self.serial,
            "count": self.count,
            "text": self.text,
        }


FAILED_QR_MARK = "!"
"""Put before a serial whose ballot's QR code failed its keyed check (a home-made ballot, or one
of another round): such a serial is never in the board's list."""


def check_serials(
    serials: Sequence[str], issued: frozenset[str] | None
) -> tuple[list[bool], list[AnomalyNote]]:
    """CV7: which returned ballots were issued by the board, judged by their serials.

    Returns one flag per ballot and the anomalies. Without a list of issued serials nothing can be
    checked and every ballot counts as issued. With one:
    - a serial not in the list is a ballot not issued by the board;
    - (design choice) a serial seen on two or more ballots marks a copy; since the original
      cannot be told from the copy, every ballot carrying it is treated as not issued;
    - (design choice) a ballot without a serial cannot be the board's (every issued paper ballot
      carries one), so it is treated as not issued.
    """
    notes: list[AnomalyNote] = []
    if issued is None:
        return [True] * len(serials), notes
    # Issue 16: one pass to count each serial (first appearance order), one to flag: plain
    # dicts and strings, no list per serial.
    stripped = [raw.strip() for raw in serials]
    seen: dict[str, int] = {}
    for serial in stripped:
        seen[serial] = seen.get(serial, 0) + 1
    flags = [bool(x) and x in issued and seen[x] == 1 for x in stripped]
    for serial, count in seen.items():
        if serial == "":
            notes.append(
                AnomalyNote(
                    Anomaly.SERIAL_MISSING,
                    f"{count} phiếu không có số phiếu: coi là phiếu không do Ban kiểm phiếu "
                    "phát ra.",
                    count=count,
                )
            )
            continue
        if serial not in issued:
            text = f"Số phiếu {serial} không có trong danh sách Ban kiểm phiếu đã phát ra."
            if serial.startswith(FAILED_QR_MARK):
                text = (
                    f"Phiếu số {serial[1:]}: mã QR trên phiếu không khớp (không do Ban kiểm "
                    "phiếu in ra)."
                )
            notes.append(
                AnomalyNote(
                    Anomaly.SERIAL_NOT_ISSUED,
                    text,
                    serial=serial,
                    count=count,
                )
            )
        if count > 1:
            notes.append(
                AnomalyNote(
                    Anomaly.SERIAL_DUPLICATE,
                    f"Số phiếu {serial} xuất hiện {count} lần (phiếu sao chép): các phiếu "
                    "này không hợp lệ.",
                    serial=serial,
                    count=count,
                )
            )
    return flags, notes


def returned_over_issued(issued: int, returned: int, voided: int = 0) -> AnomalyNote | None:
    """CV8: more ballots returned than issued (less those voided) cannot be right."""
    usable = issued - voided
    if returned > usable:
        text = f"Số phiếu thu về ({returned}) nhiều hơn số phiếu phát ra ({issued})"
        if voided:
            text += f" trừ {voided} phiếu/mã đã hủy ({usable})"
        return AnomalyNote(Anomaly.RETURNED_OVER_ISSUED, text + ".", count=returned - usable)
    return None


# --------------------------------------------------------------------------------------------
# Counts bounded by facts (CV3, CV6, CV8): ballots go only to voters checked in
# --------------------------------------------------------------------------------------------

BLOCKING_ANOMALIES = frozenset(
    {Anomaly.RETURNED_OVER_ISSUED, Anomaly.RETURNED_OVER_PRESENT, Anomaly.ISSUED_OVER_PRESENT}
)
"""Anomalies of the counts themselves: the count cannot close (nor ``danchu vote count``
succeed) until the counting board records its decision about them."""

INFORMATIONAL_ANOMALIES = frozenset({Anomaly.VOIDED, Anomaly.BOARD_DECISION})
"""Notes listed with the anomalies in the minutes that are not irregularities."""


def issue_problem(*, present: int, in_hand: int, requested: int) -> str | None:
    """CV3/CV6: the counting board issues a ballot (paper, or an e-voting code) to each voter
    checked in — no more. ``in_hand`` counts what was issued already, less what was voided
    (lost, spoiled). Issuing ``requested`` more beyond ``present`` needs the board's reason
    (returns the refusal in words; ``None`` when within the bound)."""
    if requested < 1:
        return "Số phiếu hoặc mã phát phải từ 1."
    after = in_hand + requested
    if after > present:
        return (
            f"Đã phát {in_hand} phiếu/mã (không kể phiếu/mã đã hủy); phát thêm {requested} "
            f"thành {after}, nhiều hơn số người có mặt đã điểm danh ({present}) (CV3, CV6). "
            "Muốn phát vượt, Ban kiểm phiếu phải ghi rõ lý do."
        )
    return None


def issued_over_present(
    present: int, in_hand: int, reasons: Sequence[str] = ()
) -> AnomalyNote | None:
    """CV3/CV6: more ballots and codes in voters' hands than voters present."""
    if in_hand <= present:
        return None
    text = (
        f"Số phiếu và mã đã phát, không kể phiếu/mã đã hủy ({in_hand}), nhiều hơn số người có "
        f"mặt ({present})."
    )
    if reasons:
        text += " Lý do Ban kiểm phiếu ghi khi phát: " + "; ".join(reasons) + "."
    return AnomalyNote(Anomaly.ISSUED_OVER_PRESENT, text, count=in_hand - present)


def returned_over_present(present: int, returned: int) -> AnomalyNote | None:
    """CV3/CV8: more ballots in the box than voters checked in: someone voted twice, or ballots
    came from outside the hall. It blocks the count until the board records its decision."""
    if returned > present:
        return AnomalyNote(
            Anomaly.RETURNED_OVER_PRESENT,
            f"Số phiếu thu về ({returned}) nhiều hơn số người có mặt ({present}).",
            count=returned - present,
        )
    return None


VOID_REASON_LABELS: dict[str, str] = {"lost": "mất", "spoiled": "hỏng"}


def voided_note(ballots: dict[str, int], codes: dict[str, int]) -> AnomalyNote | None:
    """Ballots and codes voided (lost, spoiled), by reason: listed with the anomalies, counted
    off what was issued, not an irregularity by themselves."""
    parts = []
    for what, by_reason in (("phiếu giấy", ballots), ("mã bỏ phiếu điện tử", codes)):
        for reason, n in sorted(by_reason.items()):
            if n:
                parts.append(f"{n} {what} ({VOID_REASON_LABELS.get(reason, reason)})")
    if not parts:
        return None
    total = sum(ballots.values()) + sum(codes.values())
    return AnomalyNote(
        Anomaly.VOIDED,
        "Đã hủy " + ", ".join(parts) + ": không tính vào số phiếu phát ra còn hiệu lực.",
        count=total,
    )


def needs_board_decision(anomalies: Iterable[AnomalyNote]) -> list[AnomalyNote]:
    """The anomalies that stop the count until the board records its decision."""
    return [a for a in anomalies if a.kind in BLOCKING_ANOMALIES]


def parse_serial_list(text: str) -> frozenset[str]:
    """Read "1-45,50" into {"1", …, "45", "50"}; raises ValueError naming the bad part."""
    out: set[str] = set()
    for part in text.split(","):
        item = part.strip()
        if not item:
            continue
        if "-" in item:
            lo_text, _, hi_text = item.partition("-")
            lo_text, hi_text = lo_text.strip(), hi_text.strip()
            if not (lo_text.isdigit() and hi_text.isdigit()) or int(lo_text) > int(hi_text):
                raise ValueError(item)
            width = len(lo_text) if lo_text.startswith("0") else 0
            out.update(str(n).zfill(width) for n in range(int(lo_text), int(hi_text) + 1))
        else:
            out.add(item)
    return frozenset(out)


# --------------------------------------------------------------------------------------------
# CV8 — tally
# --------------------------------------------------------------------------------------------


@dataclass
class SubjectTally:
    """CV8: per subject: issued, returned, valid, invalid, each level's count and its share of
    ballots returned."""

    issued: int = 0
    returned: int = 0
    valid: int = 0
    invalid: int = 0
    counts: dict[Level, int] = field(default_factory=lambda: dict.fromkeys(Level, 0))
    invalid_reasons: dict[LineVerdict, int] = field(default_factory=dict)

    def share(self, level: Level) -> Fraction:
        """The exact share of ballots returned (0 when nothing was returned)."""
        return Fraction(self.counts[level], self.returned) if self.returned else Fraction(0)

    def pct(self, level: Level) -> str:
        return percent(self.share(level))

    @property
    def reconciles(self) -> bool:
        return self.valid + self.invalid == self.returned and self.returned <= self.issued


def percent(share: Fraction, places: int = 2) -> str:
    """Show an exact share as a percentage with ``places`` decimals, rounded half up (display
    only: CV9 decides on the exact fraction)."""
    scaled = share * 100 * 10**places
    whole = scaled.numerator * 2 + scaled.denominator
    rounded = whole // (2 * scaled.denominator)
    text = str(rounded).rjust(places + 1, "0")
    return f"{text[:-places]}.{text[-places:]}" if places else text


def tally(ballots: Iterable[Ballot], subjects: int, issued: int) -> list[SubjectTally]:
    """CV7 + CV8 over every returned ballot: one :class:`SubjectTally` per subject."""
    result = [SubjectTally(issued=issued) for _ in range(subjects)]
    for ballot in ballots:
        if len(ballot.lines) != subjects:
            raise ValueError("a ballot must have one line per subject")
        for t, line in zip(result, ballot.lines, strict=True):
            t.returned += 1
            verdict = line_verdict(line, ballot.issued_by_board)
            if verdict is LineVerdict.VALID:
                t.valid += 1
                (mark,) = line.marks
                t.counts[mark] += 1
            else:
                t.invalid += 1
                t.invalid_reasons[verdict] = t.invalid_reasons.get(verdict, 0) + 1
    return result


# --------------------------------------------------------------------------------------------
# CV9 — outcomes
# --------------------------------------------------------------------------------------------


class Denominator(StrEnum):
    RETURNED = "returned"
    CONVENED = "convened"


DENOMINATOR_LABELS: dict[Denominator, str] = {
    Denominator.RETURNED: "tổng số phiếu thu về (Quy định 96-QĐ/TW)",
    Denominator.CONVENED: "tổng số người được triệu tập (đại biểu HĐND, Nghị quyết 96/2023/QH15)",
}


class Outcome(StrEnum):
    NONE = "none"
    OVER_HALF_LOW = "over_half_low"
    TWO_THIRDS_LOW = "two_thirds_low"


OUTCOME_CONSEQUENCES: dict[Outcome, str] = {
    Outcome.NONE: "Không thuộc trường hợp phải xem xét xử lý.",
    Outcome.OVER_HALF_LOW: "Đưa ra khỏi quy hoạch các chức vụ cao hơn; xem xét cho thôi giữ "
    "chức vụ, bố trí công tác khác, cho từ chức hoặc bỏ phiếu tín nhiệm.",
    Outcome.TWO_THIRDS_LOW: "Miễn nhiệm chức vụ đang đảm nhiệm và bố trí công tác khác thấp hơn "
    "mà không chờ hết nhiệm kỳ, hết thời hạn bổ nhiệm.",
}

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    low_share: Fraction
    high_majority: bool
    why: str


def outcome(
    low: int,
    denominator_count: int,
    denominator: Denominator = Denominator.RETURNED,
    high: int = 0,
) -> Decision:
    """CV9: more than 1/2 but less than 2/3 "Tín nhiệm thấp" → over_half_low; 2/3 or more →
    two_thirds_low; the boundaries are exact fractions of ``denominator_count`` (ballots
    returned by default, or all convened for a People's Council vote). ``high_majority`` notes
    that more than half gave "Tín nhiệm cao", a ground for training and promotion."""
    if denominator_count <= 0:
        return Decision(Outcome.NONE, Fraction(0), False, "Không có phiếu để tính tỉ lệ.")
    share = Fraction(low, denominator_count)
    if share >= TWO_THIRDS:
        result = Outcome.TWO_THIRDS_LOW
        rule = "từ 2/3 trở lên"
    elif share > HALF:
        result = Outcome.OVER_HALF_LOW
        rule = "trên 1/2 nhưng dưới 2/3"
    else:
        result = Outcome.NONE
        rule = "không quá 1/2"
    high_majority = Fraction(high, denominator_count) > HALF
    why = (
        f"{low}/{denominator_count} phiếu tín nhiệm thấp ({numbers.percent(share)}), tính trên "
        f"{DENOMINATOR_LABELS[denominator]}: {rule}. {OUTCOME_CONSEQUENCES[result]}"
    )
    if high_majority:
        why += " Trên 1/2 tín nhiệm cao: cơ sở để đào tạo, bồi dưỡng, bố trí, sử dụng."
    return Decision(result, share, high_majority, why)


def denominator_count(denominator: Denominator, returned: int, convened: int | None) -> int:
    """CV9: the count the shares are taken over, per the round's setting."""
    if denominator is Denominator.CONVENED:
        if convened is None:
            raise ValueError("the convened count is needed for this denominator")
        return convened
    return returned


# --------------------------------------------------------------------------------------------
# CV10 — minutes
# --------------------------------------------------------------------------------------------

MINUTES_COPIES: tuple[str, ...] = (
    "Cấp trên trực tiếp (bản 1)",
    "Cấp trên trực tiếp (bản 2)",
    "Lưu tại cơ quan, đơn vị (bản 3)",
)
"""CV10: the minutes are made in 3 copies: 2 to the direct superior, 1 archived; secret (MẬT)."""

MINUTES_SECRECY = "MẬT"


# --------------------------------------------------------------------------------------------
# CV11 — disclosure
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is asking, as CV11 sees it."""

    voted_at_conference: bool = False  # a voter present at this conference
    manages_subject: bool = False  # of the authority that directly manages the subject
    is_subject: bool = False
    on_counting_board: bool = False  # counts and announces the result to the conference


def may_see_result(viewer: Viewer, announced: bool) -> bool:
    """CV11: the result goes only to the voters (once announced at the conference), the
    authority that directly manages the subject, and the subject (once announced). The counting
    board sees it because it counts and announces it (CV6). Nobody else — administrators
    included."""
    if viewer.on_counting_board:
        return True
    if not announced:
        return False
    return viewer.voted_at_conference or viewer.manages_subject or viewer.is_subject


# --------------------------------------------------------------------------------------------
# CV12 — mid-term
# --------------------------------------------------------------------------------------------

MID_TERM_YEAR = 3


def term_year(term_start: dt.date, on: dt.date) -> int:
    """CV12 (design choice): the year of the term counted in calendar years, the year the term
    starts being year 1 (term 2021–2026: 2023 is year 3)."""
    return on.year - term_start.year + 1


def mid_term_note(term_start: dt.date, on: dt.date) -> tuple[bool, str]:
    """CV12: the periodic vote falls in the third year of the term; say whether it does."""
    year = term_year(term_start, on)
    if year == MID_TERM_YEAR:
        return True, f"Năm thứ {year} của nhiệm kỳ (giữa nhiệm kỳ), đúng định kỳ."
    return False, f"Năm thứ {year} của nhiệm kỳ; định kỳ lấy phiếu là năm thứ {MID_TERM_YEAR}."


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def vn_date(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


# --------------------------------------------------------------------------------------------
# Records that hold (issue 10): which settings may still change
# --------------------------------------------------------------------------------------------

SETTING_LABELS = {
    "title": "tên vòng lấy phiếu",
    "office": "cơ quan tham mưu",
    "vote_day": "ngày lấy phiếu",
    "place": "địa điểm hội nghị",
    "legal_basis": "căn cứ",
    "term": "nhiệm kỳ",
    "denominator": "mẫu số tính tỉ lệ tín nhiệm thấp (CV9)",
    "evoting": "bỏ phiếu điện tử",
    "double_entry": "nhập phiếu hai lượt",
}


def setting_change_problem(
    setting: str, *, status: str, codes_issued: bool = False, entries_started: bool = False
) -> str:
    """Why ``setting`` of a round may no longer change, or "" (issue 10, "records that hold").

    A setting changes only while no recorded fact rests on it: everything is open while the
    round is prepared; at the conference (attendance recorded on the vote day) the vote day is
    fixed, and e-voting cannot be switched off once codes were handed out; from the opening of
    the vote every setting is frozen — the ballots, the double entry of the pile and the CV9
    denominator of the count rest on them — and once the result is announced the round is
    locked until it is reopened, with a reason. ``status`` is the round's status value."""
    label = SETTING_LABELS.get(setting, setting)
    if status == "announced":
        return (
            f"Kết quả đã công bố: vòng lấy phiếu đã khóa, không sửa được {label}. "
            "Muốn sửa, cơ quan tổ chức phải mở lại vòng lấy phiếu và nêu lý do."
        )
    if status == "cancelled":
        return f"Vòng lấy phiếu đã hủy: không sửa được {label}."
    if setting == "double_entry" and (entries_started or status in {"counting", "counted"}):
        return "Đã bắt đầu nhập phiếu: không thể bật hay tắt nhập phiếu hai lượt."
    if status in {"counting", "counted"}:
        return f"Đã bắt đầu kiểm phiếu: {label} không thay đổi được nữa."
    if status == "voting":
        return f"Đã mở bỏ phiếu: {label} không thay đổi được nữa."
    if status == "conference":
        if setting == "vote_day":
            return "Hội nghị đã điểm danh: ngày lấy phiếu không thay đổi được nữa."
        if setting == "evoting" and codes_issued:
            return "Đã phát mã bỏ phiếu điện tử: không thể tắt bỏ phiếu điện tử."
    return ""
