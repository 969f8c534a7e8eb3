"""Rules of a public consultation on a draft (RULES.md DC1–DC7, LD8; seed 003).

Plain Python: dates and small frozen dataclasses in, problems and states out. No Django import;
services and views translate the results for users. Every "design choice" below is one constant or
function with its docstring, and the same wording reaches users as the "why" of a result.

Day counting follows TM1 (the day of the event is not counted). Durations on a channel (radio
days, posting days) are counted inclusively: see :data:`CHANNEL_DAYS_INCLUSIVE`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from danchu.legalcal.calendar import SwapTable, add_days

# --------------------------------------------------------------------------------------------
# DC1 — audiences and who gathers their opinions
# --------------------------------------------------------------------------------------------


class Audience(StrEnum):
    """DC1: who is consulted."""

    CITIZENS = "citizens"  # Nhân dân
    STAFF = "staff"  # cán bộ, công chức, người lao động


class Scope(StrEnum):
    """Whose regulation the draft is: it decides the audience (DC1) and publication (DC5)."""

    COMMUNE = "commune"  # regulation of the commune People's Committee, for residents
    AGENCY = "agency"  # the commune agency's own regulation, for its staff


class Body(StrEnum):
    """Who organises the gathering and sends the aggregate (DC1, DC7)."""

    COUNCIL = "council"  # HĐND xã
    FRONT = "front"  # Ủy ban MTTQ xã
    UNION = "union"  # Công đoàn cơ sở
    COMMITTEE = "committee"  # UBND itself (another lawful form for staff)


class Form(StrEnum):
    """How opinions are gathered (DC1)."""

    CONFERENCE = "conference"  # hội nghị
    SEMINAR = "seminar"  # hội thảo
    STAFF_CONFERENCE = "staff_conference"  # hội nghị cán bộ, công chức, người lao động
    CHAT_GROUP = "chat_group"  # nhóm Zalo của Công đoàn
    PUBLIC_PAGE = "public_page"  # phần mềm thông tin dân chủ (this platform)
    WRITTEN = "written"  # văn bản góp ý


LAWFUL_GATHERING: dict[Audience, dict[Body, frozenset[Form]]] = {
    Audience.CITIZENS: {
        Body.COUNCIL: frozenset({Form.CONFERENCE, Form.SEMINAR}),
        Body.FRONT: frozenset({Form.CONFERENCE, Form.SEMINAR}),
        Body.COMMITTEE: frozenset({Form.PUBLIC_PAGE, Form.WRITTEN}),
    },
    Audience.STAFF: {
        Body.UNION: frozenset({Form.STAFF_CONFERENCE, Form.CHAT_GROUP, Form.WRITTEN}),
        Body.COMMITTEE: frozenset({Form.STAFF_CONFERENCE, Form.WRITTEN, Form.PUBLIC_PAGE}),
    },
}
"""DC1: citizens through conferences and seminars run by the People's Council and the Fatherland
Front; staff through a staff conference with the trade union, or another lawful form such as the
union's chat group. Design choice: the commune's own public page and written opinions are also
accepted for citizens (the seed's "tăng cường ứng dụng công nghệ thông tin"), and the committee may
run the staff conference itself ("hình thức khác phù hợp")."""

AUDIENCE_FOR_SCOPE: dict[Scope, Audience] = {
    Scope.COMMUNE: Audience.CITIZENS,
    Scope.AGENCY: Audience.STAFF,
}
"""DC1: the People's Committee's regulation is put to citizens; the agency's to its staff."""

REQUIRED_BODIES: dict[Audience, frozenset[Body]] = {
    Audience.CITIZENS: frozenset({Body.COUNCIL, Body.FRONT}),
    Audience.STAFF: frozenset({Body.UNION, Body.COMMITTEE}),
}
"""DC1: who must take part. Citizens: both HĐND and MTTQ (the seed asks both); staff: the union
or, failing it, the committee itself (one of the two suffices)."""


@dataclass(frozen=True)
class Gathering:
    """One planned way of gathering opinions from an audience."""

    body: Body
    form: Form


@dataclass(frozen=True)
class Problem:
    """A rule not met, with the rule's ID and a code the UI translates."""

    rule: str
    code: str
    detail: str = ""


def plan_audience_problems(
    scope: Scope, audience: Audience, gatherings: Sequence[Gathering]
) -> list[Problem]:
    """DC1: the audience fits the draft's scope, and each gathering is a lawful (body, form)."""
    problems: list[Problem] = []
    if AUDIENCE_FOR_SCOPE[scope] != audience:
        problems.append(Problem("DC1", "wrong_audience", audience.value))
    lawful = LAWFUL_GATHERING[audience]
    for g in gatherings:
        if g.form not in lawful.get(g.body, frozenset()):
            problems.append(Problem("DC1", "unlawful_form", f"{g.body.value}/{g.form.value}"))
    bodies = {g.body for g in gatherings}
    required = REQUIRED_BODIES[audience]
    if audience == Audience.CITIZENS:
        for body in sorted(required - bodies):
            problems.append(Problem("DC1", "missing_body", body.value))
    elif not bodies & required:
        problems.append(Problem("DC1", "missing_body", Body.UNION.value))
    return problems


# --------------------------------------------------------------------------------------------
# DC2 — the citizens' window
# --------------------------------------------------------------------------------------------

CITIZEN_MIN_DAYS = 20
"""DC2 / LD8: citizens have at least 20 days from the day the content is published."""


def earliest_citizen_close(published_on: dt.date, swaps: SwapTable | None = None) -> dt.date:
    """DC2 with TM1 and TM2: the publication day is not counted, so the 20 days end on
    published + 20, moved to the next working day when that is a weekend or a day off.

    Seed 003: published 29/02/2024 → the window may close on 20/03/2024 at the earliest.
    """
    return add_days(published_on, CITIZEN_MIN_DAYS, swaps=swaps)


def window_problems(
    audience: Audience,
    published_on: dt.date | None,
    start: dt.date,
    end: dt.date,
    swaps: SwapTable | None = None,
) -> list[Problem]:
    """DC2: refuse a window that is inverted, opens before publication, or is too short for
    citizens. Staff windows have no legal minimum (the seed: "xong trong tháng 2")."""
    problems: list[Problem] = []
    if end < start:
        problems.append(Problem("DC2", "window_inverted"))
        return problems
    if audience == Audience.CITIZENS:
        if published_on is None:
            problems.append(Problem("DC2", "not_published"))
            return problems
        if start < published_on:
            problems.append(Problem("DC2", "opens_before_publication", published_on.isoformat()))
        earliest = earliest_citizen_close(published_on, swaps)
        if end < earliest:
            days = (end - published_on).days
            problems.append(Problem("DC2", "too_short", f"{days}|{earliest.isoformat()}"))
    return problems


def window_state(start: dt.date, end: dt.date, today: dt.date) -> str:
    """ "upcoming", "open" or "closed": the public form is open from start to end inclusive."""
    if today < start:
        return "upcoming"
    if today > end:
        return "closed"
    return "open"


# --------------------------------------------------------------------------------------------
# DC3 and DC5 — publication channels with their minimums
# --------------------------------------------------------------------------------------------


class Channel(StrEnum):
    RADIO = "radio"  # hệ thống truyền thanh xã
    POSTING_OFFICE = "posting_office"  # niêm yết tại trụ sở HĐND, UBND
    POSTING_VILLAGE = "posting_village"  # niêm yết tại nhà văn hóa thôn (per village)
    SOFTWARE = "software"  # phần mềm thông tin dân chủ (the public page)
    VILLAGE_HEAD = "village_head"  # gửi trưởng thôn (per village)
    NOTICE_BOARD = "notice_board"  # bảng công khai của cơ quan
    INTERNAL_SYSTEM = "internal_system"  # hệ thống thông tin nội bộ
    ALL_STAFF = "all_staff"  # gửi toàn thể cán bộ, công chức, người lao động


PER_VILLAGE = frozenset({Channel.POSTING_VILLAGE, Channel.VILLAGE_HEAD})

CHANNEL_DAYS_INCLUSIVE = True
"""Design choice: days on a channel are counted inclusively — a broadcast on 1, 2 and 3 March is
"3 consecutive days", a posting from 1 to 30 March is "30 days". TM1 (the event day is not
counted) is for periods that follow an event; here the days themselves are what is counted."""

PLAN_MINIMUM_DAYS: dict[Channel, int] = {
    Channel.RADIO: 3,
    Channel.POSTING_OFFICE: 30,
    Channel.POSTING_VILLAGE: 30,
    Channel.SOFTWARE: 0,
    Channel.VILLAGE_HEAD: 0,
}
"""DC3: the plan on the radio at least 3 consecutive days; posted at least 30 days at the office
and at every village cultural house; on the software; sent to every village head."""

PERMANENT = -1
REGULATION_MINIMUM_DAYS: dict[Scope, dict[Channel, int]] = {
    Scope.COMMUNE: {
        Channel.POSTING_OFFICE: PERMANENT,
        Channel.POSTING_VILLAGE: PERMANENT,
        Channel.SOFTWARE: 0,
        Channel.RADIO: 3,
        Channel.VILLAGE_HEAD: 0,
    },
    Scope.AGENCY: {
        Channel.NOTICE_BOARD: PERMANENT,
        Channel.INTERNAL_SYSTEM: 0,
        Channel.ALL_STAFF: 0,
    },
}
"""DC5: the issued regulation is posted permanently at the office and village cultural houses, on
the software, on the radio at least 3 consecutive days and sent to village heads; the agency's own
regulation on its notice board (permanently), its internal system and to all staff."""

AGENCY_PUBLISH_WORKING_DAYS = 5
"""DC5: the agency's own regulation is published no later than 5 working days after issue."""

COMMUNE_PUBLISH_WORKING_DAYS = 5
"""Design choice: seed 003 says the commune regulation is published "from the day of signing";
the law's general limit (LD1, Art. 11: within 5 working days of the decision) is used as the
latest day a channel may start. Change this constant to 0 to require the signing day itself."""


def regulation_start_due(
    scope: Scope, issued_on: dt.date, swaps: SwapTable | None = None
) -> dt.date:
    """DC5: the latest day each channel may start: issue + 5 working days (TM3, TM4); see
    :data:`AGENCY_PUBLISH_WORKING_DAYS` and :data:`COMMUNE_PUBLISH_WORKING_DAYS`."""
    days = AGENCY_PUBLISH_WORKING_DAYS if scope == Scope.AGENCY else COMMUNE_PUBLISH_WORKING_DAYS
    return add_days(issued_on, days, working=True, swaps=swaps)


@dataclass(frozen=True)
class ChannelRecord:
    """One recorded publication on a channel (a village for the per-village channels)."""

    channel: Channel
    start: dt.date
    end: dt.date | None  # None: still posted / permanent
    village: int | None = None
    has_evidence: bool = False


@dataclass(frozen=True)
class Flag:
    """A publication problem: rule, channel, code, and the village concerned if any."""

    rule: str
    channel: Channel
    code: str  # missing, too_short, village_not_reached, no_evidence, late, not_permanent
    village: int | None = None
    detail: str = ""


def days_on_channel(start: dt.date, end: dt.date) -> int:
    """See :data:`CHANNEL_DAYS_INCLUSIVE`."""
    return (end - start).days + (1 if CHANNEL_DAYS_INCLUSIVE else 0)


def _elapsed_end(record: ChannelRecord, today: dt.date) -> dt.date:
    """The last day a record has actually been on its channel: its end, or today while it is
    still posted or its planned end is still to come."""
    return today if record.end is None or record.end > today else record.end


def _channel_flags(
    rule: str,
    minimums: dict[Channel, int],
    records: Iterable[ChannelRecord],
    villages: Iterable[int],
    today: dt.date,
    start_due: dt.date | None,
) -> list[Flag]:
    flags: list[Flag] = []
    records = list(records)
    village_ids = list(villages)
    # Issue 10, point 3: only what has happened counts — a posting that starts on a day still to
    # come is not there yet, and one that ends on a day still to come is still running.
    records = [r for r in records if r.start <= today]
    for channel, minimum in minimums.items():
        on_channel = [r for r in records if r.channel == channel]
        targets: list[int | None] = list(village_ids) if channel in PER_VILLAGE else [None]
        if channel in PER_VILLAGE and not village_ids:
            targets = []
        if not on_channel and channel not in PER_VILLAGE:
            flags.append(Flag(rule, channel, "missing"))
            continue
        for target in targets:
            mine = [r for r in on_channel if channel not in PER_VILLAGE or r.village == target]
            if not mine:
                code = "village_not_reached" if target is not None else "missing"
                flags.append(Flag(rule, channel, code, target))
                continue
            best = max(mine, key=lambda r: days_on_channel(r.start, _elapsed_end(r, today)))
            if minimum == PERMANENT:
                if best.end is not None:
                    flags.append(Flag(rule, channel, "not_permanent", target))
            elif minimum > 0:
                days = days_on_channel(best.start, _elapsed_end(best, today))
                ended = best.end is not None and best.end <= today
                if ended and days < minimum:
                    flags.append(Flag(rule, channel, "too_short", target, f"{days}|{minimum}"))
                elif not ended and days < minimum:
                    flags.append(Flag(rule, channel, "running", target, f"{days}|{minimum}"))
            if not any(r.has_evidence for r in mine):
                flags.append(Flag(rule, channel, "no_evidence", target))
            first = min(r.start for r in mine)
            if start_due is not None and first > start_due:
                flags.append(Flag(rule, channel, "late", target, start_due.isoformat()))
    return flags


def plan_publication_flags(
    records: Iterable[ChannelRecord], villages: Iterable[int], today: dt.date
) -> list[Flag]:
    """DC3: every channel of :data:`PLAN_MINIMUM_DAYS` used, each at its minimum, every village
    reached, evidence attached. A channel still running below its minimum is "running", not yet
    a failure."""
    return _channel_flags("DC3", PLAN_MINIMUM_DAYS, records, villages, today, None)


def regulation_publication_flags(
    scope: Scope,
    records: Iterable[ChannelRecord],
    villages: Iterable[int],
    today: dt.date,
    start_due: dt.date,
) -> list[Flag]:
    """DC5: the issued regulation's channels for its scope; a channel that started after
    ``start_due`` (issue + 5 working days, computed with the legal calendar) is "late"."""
    targets = list(villages) if scope == Scope.COMMUNE else []
    return _channel_flags("DC5", REGULATION_MINIMUM_DAYS[scope], records, targets, today, start_due)


# --------------------------------------------------------------------------------------------
# DC4 — answering every opinion; what blocks issuing
# --------------------------------------------------------------------------------------------


class AnswerKind(StrEnum):
    ACCEPT = "accept"  # tiếp thu — with the change made
    EXPLAIN = "explain"  # giải trình — with the reason
    NOT_OPINION = "not_opinion"  # không phải ý kiến góp ý — with the reason (abuse, spam…)


ANSWER_NEEDS: dict[AnswerKind, str] = {
    AnswerKind.ACCEPT: "accept_needs_change",
    AnswerKind.EXPLAIN: "explain_needs_reason",
    AnswerKind.NOT_OPINION: "not_opinion_needs_reason",
}


def answer_problems(kind: AnswerKind | None, text: str) -> list[Problem]:
    """DC4: an answer is an acceptance naming the change, an explanation giving the reason, or
    (design choice, for abusive or off-topic text) a finding that it is not an opinion on the
    draft, with the reason; an empty one is no answer."""
    if kind is None:
        return [Problem("DC4", "no_kind")]
    if not text.strip():
        return [Problem("DC4", ANSWER_NEEDS[kind])]
    return []


def counts_for_majority(kind: AnswerKind | None) -> bool:
    """LD8 with DC4, design choice: a text found not to be an opinion on the draft (abuse, spam)
    still counts as received and keeps its answer, but its stance does not count towards the
    majority view; every other opinion, answered or not, counts."""
    return kind != AnswerKind.NOT_OPINION


def moderation_problems(reason: str) -> list[Problem]:
    """DC4, design choice on moderation: the drafting team may hide an abusive opinion from the
    public page only with a recorded reason. The opinion stays in the record, in the count and in
    DC4 (it still needs its answer, or the finding that it is not an opinion, with the reason);
    the public summary keeps its row with the text replaced by the reason."""
    if not reason.strip():
        return [Problem("DC4", "hide_needs_reason")]
    return []


@dataclass(frozen=True)
class IssueReadiness:
    unanswered: int
    window_closed: bool
    summary_published: bool
    decision_reason_missing: bool = False

    @property
    def blockers(self) -> list[Problem]:
        """DC4: not while an opinion is unanswered or the aggregate is unpublished; DC2: not
        before the window has closed; LD8: not without the reason for departing from the
        majority."""
        out: list[Problem] = []
        if not self.window_closed:
            out.append(Problem("DC2", "window_open"))
        if self.unanswered:
            out.append(Problem("DC4", "unanswered", str(self.unanswered)))
        if not self.summary_published:
            out.append(Problem("DC4", "summary_unpublished"))
        if self.decision_reason_missing:
            out.append(Problem("LD8", "reason_missing"))
        return out

    @property
    def ready(self) -> bool:
        return not self.blockers


def received_problems(
    window_start: dt.date, window_end: dt.date, received_on: dt.date, today: dt.date
) -> list[Problem]:
    """DC2: an opinion gathered at a conference or in the union's chat group was received within
    its audience's window, and not on a day still to come."""
    if received_on > today:
        return [Problem("DC2", "received_in_future", received_on.isoformat())]
    if not window_start <= received_on <= window_end:
        return [
            Problem(
                "DC2",
                "received_outside_window",
                f"{window_start.isoformat()}|{window_end.isoformat()}",
            )
        ]
    return []


def summary_date_problems(
    last_window_day: dt.date | None, on: dt.date, today: dt.date
) -> list[Problem]:
    """DC4 with DC2: the summary is published once every window has closed — dated after the
    last window day and not a day still to come. Answers freeze when it is published, so an
    opinion given in a window still open could never be answered and the issue would stay
    blocked."""
    problems: list[Problem] = []
    if last_window_day is not None and on <= last_window_day:
        problems.append(Problem("DC4", "summary_in_window", last_window_day.isoformat()))
    if on > today:
        problems.append(Problem("DC4", "summary_in_future", on.isoformat()))
    return problems


def issue_date_problems(
    issued_on: dt.date, last_window_day: dt.date | None, summary_on: dt.date | None
) -> list[Problem]:
    """DC2 with DC4: the decision is dated after the last window day and not before the summary
    of opinions and answers was published."""
    problems: list[Problem] = []
    if last_window_day is not None and issued_on <= last_window_day:
        problems.append(Problem("DC2", "issued_in_window", last_window_day.isoformat()))
    if summary_on is not None and issued_on < summary_on:
        problems.append(Problem("DC4", "issued_before_summary", summary_on.isoformat()))
    return problems


# --------------------------------------------------------------------------------------------
# DC4, DC6 — numbers of the summary table and the report (DOC1)
# --------------------------------------------------------------------------------------------

SUMMARY_SYMBOL = "BTH"
"""Design choice: the summary table (bảng tổng hợp, tiếp thu, giải trình ý kiến) is not a kind
listed in Decree 30, Appendix III; it takes the common "BTH" and a number of the issuer's yearly
series (one series per issuer and year, DOC1) when it is published."""

REPORT_SYMBOL = "BC"
"""DOC1, Appendix III: BC — báo cáo. The report to the People's Council takes its number from the
issuer's yearly series when the drafting team issues it."""


# --------------------------------------------------------------------------------------------
# DC6 — report to the People's Council and the Front
# --------------------------------------------------------------------------------------------


def council_report_required(scope: Scope) -> bool:
    """DC6 (issue 18): the report to the People's Council follows a consultation of residents
    on the commune People's Committee's regulation; the agency's own regulation, put to its
    staff (DC1), is not reported to the Council (the seed does not ask it)."""
    return scope == Scope.COMMUNE


def council_report_state(
    session: dt.date | None,
    presented_on: dt.date | None,
    sent_to_front_on: dt.date | None,
    today: dt.date,
) -> list[Problem]:
    """DC6: reported at the People's Council's next regular session and sent to the Front for
    supervision. Design choice: "sent to the Front" is due by the same session day."""
    problems: list[Problem] = []
    if session is None:
        return [Problem("DC6", "no_session")]
    # Only what has happened counts (issue 10, point 3).
    presented_on = presented_on if presented_on is not None and presented_on <= today else None
    if sent_to_front_on is not None and sent_to_front_on > today:
        sent_to_front_on = None
    if presented_on is None:
        problems.append(Problem("DC6", "missed" if today > session else "pending"))
    elif presented_on > session:
        problems.append(Problem("DC6", "late"))
    if sent_to_front_on is None:
        problems.append(Problem("DC6", "front_missed" if today > session else "front_pending"))
    elif sent_to_front_on > session:
        problems.append(Problem("DC6", "front_late"))
    return problems


def report_date_problems(
    began: dt.date | None,
    dated: dt.date | None,
    presented_on: dt.date | None,
    sent_to_front_on: dt.date | None,
) -> list[Problem]:
    """DC6: the report is on the consultation's result, so it cannot have been presented to the
    People's Council or sent to the Front before the consultation began (its content published),
    nor before the report's own date."""
    problems: list[Problem] = []
    for code, on in (("presented", presented_on), ("sent_to_front", sent_to_front_on)):
        if on is None:
            continue
        if began is not None and on < began:
            problems.append(Problem("DC6", f"{code}_before_start", began.isoformat()))
        elif dated is not None and on < dated:
            problems.append(Problem("DC6", f"{code}_before_report", dated.isoformat()))
    return problems


# --------------------------------------------------------------------------------------------
# DC7 — aggregates sent by the Council, the Front and the union
# --------------------------------------------------------------------------------------------


class StepState(StrEnum):
    PENDING = "pending"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"  # due passed, not done: "missed" for the supervisor


def step_state(due: dt.date | None, done_on: dt.date | None, today: dt.date) -> StepState:
    """On time if done on or before the due day; late after it; overdue if not done by then."""
    if done_on is not None:
        return StepState.ON_TIME if due is None or done_on <= due else StepState.LATE
    if due is not None and today > due:
        return StepState.OVERDUE
    return StepState.PENDING


def aggregate_send_state(due: dt.date, sent_on: dt.date | None, today: dt.date) -> StepState:
    """DC7: the body's aggregate reaches the commune by the plan's deadline. Design choice: the
    plan's "trước ngày 26/3" is entered as the last allowed day (25/3)."""
    return step_state(due, sent_on, today)


def aggregate_due_problems(window_end: dt.date, due: dt.date, audience: Audience) -> list[Problem]:
    """DC7: an aggregate cannot be due before the audience's window has closed for citizens
    (their opinions would be cut short, DC2). Staff sends may fall on the window's last day."""
    if audience == Audience.CITIZENS and due < window_end:
        return [Problem("DC7", "due_before_window_end", window_end.isoformat())]
    return []


def summary_awaits_aggregates(
    sends: Sequence[tuple[Body, dt.date, dt.date | None]], on: dt.date
) -> list[Problem]:
    """DC7 / DC4 (issue 18): the summary published on ``on`` waits for every body's aggregate
    ``(body, due, sent_on)`` or its due day, whichever comes first — published earlier, it would
    close the door on the People's Council's and the Front's opinions still due. Once the due
    day has passed, a body that sent nothing no longer holds the summary back (its step shows
    as missed)."""
    return [
        Problem("DC7", "aggregate_awaited", f"{body.value}|{due.isoformat()}")
        for body, due, sent_on in sends
        if (sent_on is None or sent_on > on) and on <= due
    ]


# --------------------------------------------------------------------------------------------
# LD8 — the decision and the majority view
# --------------------------------------------------------------------------------------------


class Stance(StrEnum):
    SUPPORT = "support"  # tán thành
    OPPOSE = "oppose"  # không tán thành
    NONE = "none"  # góp ý, không nêu tán thành hay không


class Outcome(StrEnum):
    ADOPTED = "adopted"  # issued / approved as proposed (with the accepted changes)
    REJECTED = "rejected"  # not adopted, withdrawn


class Reading(StrEnum):
    """LD8 (issue 18): how the majority is counted — one per opinion, or by the people each
    opinion speaks for (a village conference's "Cử tri nhất trí với dự thảo" speaks for everyone
    present)."""

    PEOPLE = "people"
    OPINIONS = "opinions"


DEFAULT_READING = Reading.PEOPLE
"""Design choice (issue 18): unless the decision-maker chooses otherwise, the majority is read by
people — a conference of 120 voters outweighs one web post; both readings are always shown."""


@dataclass(frozen=True)
class Majority:
    support: int  # in the reading chosen
    oppose: int
    view: Stance | None  # None: no side has more than half of those who took a side
    why: str = field(default="")
    reading: Reading = Reading.OPINIONS
    by_opinions: tuple[int, int] = (0, 0)  # (support, oppose) one per opinion
    by_people: tuple[int, int] = (0, 0)  # (support, oppose) by the people opinions speak for

    @property
    def readings_differ(self) -> bool:
        return _view(*self.by_opinions) != _view(*self.by_people)


def _view(support: int, oppose: int) -> Stance | None:
    sided = support + oppose
    if sided and support * 2 > sided:
        return Stance.SUPPORT
    if sided and oppose * 2 > sided:
        return Stance.OPPOSE
    return None


def majority_view(stances: Iterable[Stance]) -> Majority:
    """LD8: the majority view of the opinions received, one per opinion. Design choice: only
    opinions that take a side count; a side is the majority when it has more than half of them
    (exact integers, a tie is no majority)."""
    return majority_of([(s, 1) for s in stances], Reading.OPINIONS)


def majority_of(items: Iterable[tuple[Stance, int]], reading: Reading) -> Majority:
    """LD8 (issue 18): the majority of ``(stance, people it speaks for)``, counted both ways;
    ``reading`` decides which one is the view. The ``why`` names the reading:
    ``"reading:support/oppose|share"``."""
    counts = {Reading.OPINIONS: [0, 0], Reading.PEOPLE: [0, 0]}
    for stance, people in items:
        if stance not in (Stance.SUPPORT, Stance.OPPOSE):
            continue
        side = 0 if stance == Stance.SUPPORT else 1
        counts[Reading.OPINIONS][side] += 1
        counts[Reading.PEOPLE][side] += max(1, people)
    support, oppose = counts[reading]
    sided = support + oppose
    share = Fraction(max(support, oppose), sided) if sided else Fraction(0)
    why = f"{support}/{oppose}|{share}"
    if reading != Reading.OPINIONS:
        why = f"{reading.value}:{why}"
    return Majority(
        support,
        oppose,
        _view(support, oppose),
        why,
        reading,
        (counts[Reading.OPINIONS][0], counts[Reading.OPINIONS][1]),
        (counts[Reading.PEOPLE][0], counts[Reading.PEOPLE][1]),
    )


def departs_from_majority(outcome: Outcome, majority: Majority) -> bool:
    """LD8: adopting against a majority that opposed, or rejecting against one that supported."""
    if majority.view == Stance.OPPOSE:
        return outcome == Outcome.ADOPTED
    if majority.view == Stance.SUPPORT:
        return outcome == Outcome.REJECTED
    return False


def decision_problems(outcome: Outcome, majority: Majority, reason: str) -> list[Problem]:
    """LD8: where the decision departs from the majority view, the reason is given."""
    if departs_from_majority(outcome, majority) and not reason.strip():
        return [Problem("LD8", "reason_missing")]
    return []


# --------------------------------------------------------------------------------------------
# Length limits (issue 18): every text a user or a program can send has one
# --------------------------------------------------------------------------------------------


class Limit(StrEnum):
    """Kinds of text and their limits (:data:`TEXT_LIMITS`), checked by every service so that
    the pages, the gatherers' form and the API refuse the same over-long text."""

    OPINION = "opinion"
    ANSWER = "answer"
    REASON = "reason"
    NAME = "name"
    CONTACT = "contact"
    DETAIL = "detail"
    NOTE = "note"
    TITLE = "title"
    NUMBER = "number"
    ARTICLE = "article"
    DRAFT = "draft"


TEXT_LIMITS: dict[Limit, int] = {
    Limit.OPINION: 4000,
    Limit.ANSWER: 4000,
    Limit.REASON: 2000,
    Limit.NAME: 120,
    Limit.CONTACT: 120,
    Limit.DETAIL: 300,
    Limit.NOTE: 300,
    Limit.TITLE: 300,
    Limit.NUMBER: 40,
    Limit.ARTICLE: 10,
    Limit.DRAFT: 200_000,
}
"""Design choice (issue 18): an opinion, like an answer, fits 4,000 characters (about two
printed pages in the summary's column); a reason 2,000; names, contacts, details, notes, titles
and numbers the width of their database column; a whole draft 200,000 characters (a regulation
of a few dozen articles is under 50,000)."""


def length_problem(kind: Limit, value: str) -> Problem | None:
    """The text is longer than its kind allows: the detail says ``limit|length``."""
    limit = TEXT_LIMITS[kind]
    if len(value) > limit:
        return Problem("LIMIT", "too_long", f"{limit}|{len(value)}")
    return None


# --------------------------------------------------------------------------------------------
# Accepted opinions and the text (issue 18): "tiếp thu" is tied to the change it made
# --------------------------------------------------------------------------------------------


def unapplied_acceptances(
    accepted: Sequence[tuple[int, str]], changed_articles: set[str]
) -> list[tuple[int, str]]:
    """DC4 (issue 18): accepted opinions ``(id, article changed)`` whose change is not in the
    issued text — no article named, or the named article is the same in the issued version as
    in the version put to consultation. Issuing with any of them needs a published reason."""
    return [(pk, art) for pk, art in accepted if not art or art not in changed_articles]
