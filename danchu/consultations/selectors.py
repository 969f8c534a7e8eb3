"""Reads shared by pages, the API, documents and the supervisor's view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from danchu.consultations import grouping, permissions, rules, texts
from danchu.consultations.models import (
    AnswerKind,
    Audience,
    Consultation,
    DraftVersion,
    Opinion,
    Phase,
    Provision,
    ProvisionKind,
    Status,
)
from danchu.consultations.services import SUMMARY_KIND, majority, readiness, unanswered
from danchu.core import facts
from danchu.core.text import fold
from danchu.documents import issuing
from danchu.documents.models import IssuedDocument
from danchu.units.models import AdminUnit, Level


def consultations_for(user: Any) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(permissions.visible(user))
        .select_related("unit", "issuer")
        .distinct()
    )


def villages_of(consultation: Consultation, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    qs = AdminUnit.objects.filter(parent=consultation.unit, level=Level.VILLAGE)
    if on is not None:
        qs = qs.in_force(on)
    return qs.order_by("name")


# ---------------------------------------------------------------------------------------------
# The draft as a reader sees it
# ---------------------------------------------------------------------------------------------


@dataclass
class ArticleView:
    provision: Provision
    clauses: list[Provision]
    chapter: Provision | None


def articles(version: DraftVersion | None) -> list[ArticleView]:
    if version is None:
        return []
    rows = list(version.provisions.all())
    by_id = {p.pk: p for p in rows}
    out: list[ArticleView] = []
    for p in rows:
        if p.kind == ProvisionKind.ARTICLE:
            chapter = by_id.get(p.parent_id) if p.parent_id else None
            out.append(ArticleView(p, [c for c in rows if c.parent_id == p.pk], chapter))
    return out


def article_choices(consultation: Consultation) -> list[tuple[str, str]]:
    version = consultation.consulted_version or consultation.latest_version()
    choices = [("", _("The whole draft"))]
    if version is not None:
        for p in version.provisions.filter(kind=ProvisionKind.ARTICLE):
            choices.append((p.number, f"{p.label}. {p.title}".rstrip(". ")))
    return choices


# ---------------------------------------------------------------------------------------------
# Opinions grouped per article; the summary table (DC4)
# ---------------------------------------------------------------------------------------------


@dataclass
class OpinionGroup:
    article: str
    opinions: list[Opinion]
    duplicates: int

    @property
    def ids(self) -> str:
        return ",".join(str(o.pk) for o in self.opinions)


def _number_order(n: str) -> tuple[int, str]:
    return grouping.number_order(n)


def _reading_order(o: Opinion) -> tuple[tuple[int, str], str, int]:
    """Article, then text: never the order opinions arrived in (issue 10, point 5 — ids are
    random, and nothing shown orders an anonymous opinion against the others)."""
    return grouping.reading_key(o.article_number, o.text, o.pk)


def _stored_order(
    pk: int, article: str, text: str, group_id: int | None, head_text: str | None
) -> tuple[object, ...]:
    """Issue 16: reading order (article, then text — never the order opinions arrived in:
    issue 10, point 5) of each stored group's representative, then of the members, so a group
    reads together. An opinion not grouped yet reads as its own group."""
    head = group_id or pk
    return (
        grouping.reading_key(article, (head_text or "") if group_id else text, head),
        text,
        pk,
    )


def _runs(opinions: list[Opinion]) -> list[OpinionGroup]:
    """Consecutive opinions of one stored group make one :class:`OpinionGroup`."""
    out: list[OpinionGroup] = []
    last: tuple[str, int] | None = None
    for o in opinions:
        key = (o.article_number, o.group_id or o.pk)
        if key != last:
            out.append(OpinionGroup(o.article_label or _("Whole draft"), [], 0))
            last = key
        out[-1].opinions.append(o)
        out[-1].duplicates += o.duplicate and o.pk != o.group_id
    return out


def grouped_opinions(consultation: Consultation) -> list[OpinionGroup]:
    """Similar and duplicate opinions per article, as stored when they arrived (``grouping``),
    articles in order. One query, no comparison."""
    opinions = list(consultation.opinions.select_related("group"))
    opinions.sort(
        key=lambda o: _stored_order(
            o.pk, o.article_number, o.text, o.group_id, o.group.text if o.group else None
        )
    )
    return _runs(opinions)


class OpinionState:
    """Filter values of the opinions page (issue 18): answered or not, how, or hidden."""

    UNANSWERED = "unanswered"
    ANSWERED = "answered"
    HIDDEN = "hidden"
    CHOICES = (UNANSWERED, ANSWERED, *(k.value for k in AnswerKind), HIDDEN)


OPINIONS_PER_PAGE = 50
"""Issue 18: the opinions page shows 50 opinions at a time (1,500 opinions were a 2.7 MB page)."""

WHOLE_DRAFT = "0"
"""The article filter's value for opinions on the whole draft (no article)."""


@dataclass(frozen=True)
class OpinionFilters:
    article: str = ""  # "" every article; WHOLE_DRAFT; else an article number
    source: str = ""
    stance: str = ""
    state: str = ""  # one of OpinionState.CHOICES, or "" for every state
    q: str = ""  # words searched in the text (tones and case ignored)

    @property
    def active(self) -> bool:
        return any((self.article, self.source, self.stance, self.state, self.q))


@dataclass
class OpinionPage:
    groups: list[OpinionGroup]
    total: int  # opinions matching the filters
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def filtered_opinions(consultation: Consultation, filters: OpinionFilters) -> QuerySet[Opinion]:
    """The consultation's opinions matching the filters that the database can apply."""
    qs = consultation.opinions.all()
    if filters.article == WHOLE_DRAFT:
        qs = qs.filter(article_number="")
    elif filters.article:
        qs = qs.filter(article_number=filters.article)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.stance:
        qs = qs.filter(stance=filters.stance)
    if filters.state == OpinionState.UNANSWERED:
        qs = qs.filter(Q(answer_kind="") | Q(answer_text=""))
    elif filters.state == OpinionState.ANSWERED:
        qs = qs.exclude(answer_kind="").exclude(answer_text="")
    elif filters.state == OpinionState.HIDDEN:
        qs = qs.filter(hidden_at__isnull=False)
    elif filters.state:
        qs = qs.filter(answer_kind=filters.state).exclude(answer_text="")
    return qs


def opinion_page(consultation: Consultation, filters: OpinionFilters, page: int = 1) -> OpinionPage:
    """Issue 18: one page of the opinions, in reading order (article, then text), each stored
    group of similar and duplicate opinions read together (issue 16: grouped when they arrived,
    nothing compared here). Two queries whatever the number of opinions: the keys in reading
    order, then the page's opinions."""
    keys = list(
        filtered_opinions(consultation, filters).values_list(
            "pk", "article_number", "text", "group_id", "group__text"
        )
    )
    if filters.q:
        words = fold(filters.q).split()
        keys = [k for k in keys if all(w in fold(k[2]) for w in words)]
    keys.sort(key=lambda k: _stored_order(*k))
    pages = max(1, -(-len(keys) // OPINIONS_PER_PAGE))
    number = min(max(1, page), pages)
    chosen = [k[0] for k in keys[(number - 1) * OPINIONS_PER_PAGE : number * OPINIONS_PER_PAGE]]
    by_id = Opinion.objects.in_bulk(chosen)
    return OpinionPage(_runs([by_id[pk] for pk in chosen]), len(keys), number, pages)


SUMMARY_HEADERS = ("STT", "Điều, khoản", "Nội dung ý kiến", "Nguồn ý kiến", "Tiếp thu, giải trình")
"""The conventional columns of the bảng tổng hợp, tiếp thu, giải trình ý kiến (printed in
Vietnamese whatever the interface language, like every official document)."""


def source_text(o: Opinion, public: bool = False) -> str:
    """Where the opinion came from; the public version never names the person."""
    parts = [str(o.get_source_display())]
    if o.source_detail:
        parts.append(o.source_detail)
    if o.represents > 1:
        parts.append(f"thay mặt {o.represents} người")
    if o.author_name and not public:
        parts.append(o.author_name)
    return "; ".join(parts)


ANSWER_HEADS = {
    AnswerKind.ACCEPT: "Tiếp thu",
    AnswerKind.EXPLAIN: "Giải trình",
    AnswerKind.NOT_OPINION: "Không phải ý kiến góp ý",
}


def answer_text(o: Opinion) -> str:
    if not o.is_answered:
        return "Chưa trả lời"
    text = f"{ANSWER_HEADS[AnswerKind(o.answer_kind)]}: {o.answer_text}"
    if o.accepted_article and o.answer_kind == AnswerKind.ACCEPT:
        text += f" (sửa Điều {o.accepted_article})"  # issue 18: the change it made
    return text


def opinion_text(o: Opinion, public: bool = False) -> str:
    """The opinion as printed; on the public page a hidden one shows the moderation reason
    instead (``rules.moderation_problems``), so its row, number and answer stay."""
    if public and o.is_hidden:
        return f"(Nội dung không đăng công khai. Lý do: {o.hidden_reason})"
    return o.text


def summary_rows(
    consultation: Consultation, public: bool = False
) -> list[tuple[str, str, str, str, str]]:
    """One row per opinion, in article order: number, article, opinion, source, answer.
    ``public``: as published (design choice: names of those who gave opinions are left out;
    contact details are never printed)."""
    opinions = sorted(consultation.opinions.select_related("consultation"), key=_reading_order)
    return [
        (
            str(i),
            o.article_label or "Toàn văn dự thảo",
            opinion_text(o, public),
            source_text(o, public),
            answer_text(o),
        )
        for i, o in enumerate(opinions, start=1)
    ]


def published_summary_rows(consultation: Consultation) -> list[tuple[str, ...]]:
    """The rows of the summary as it was issued (the figures stored with the document), so the
    public page and the API show what the published PDF says, whatever changed after."""
    if not consultation.summary_published_on:
        return []
    doc = issuing.current(consultation, SUMMARY_KIND)
    if doc is None or "rows" not in doc.figures:
        return [tuple(r) for r in summary_rows(consultation, public=True)]
    return [tuple(str(x) for x in r) for r in doc.figures["rows"]]


def issued_documents(consultation: Consultation, kind: str | None = None) -> list[IssuedDocument]:
    """Every document the consultation issued, oldest first, corrections and replaced ones
    included (a replaced document stays readable)."""
    return issuing.history(consultation, kind)


# ---------------------------------------------------------------------------------------------
# The legal steps and their states (detail page and supervisor's view)
# ---------------------------------------------------------------------------------------------


class State:
    MET = "met"
    PENDING = "pending"
    LATE = "late"
    MISSED = "missed"
    FLAGGED = "flagged"


STATE_LABELS = {
    State.MET: pgettext_lazy("legal step", "met"),
    State.PENDING: pgettext_lazy("legal step", "pending"),
    State.LATE: pgettext_lazy("legal step", "late"),
    State.MISSED: pgettext_lazy("legal step", "missed"),
    State.FLAGGED: pgettext_lazy("legal step", "flagged"),
}


@dataclass
class Step:
    rule: str
    title: str
    state: str
    due: dt.date | None = None
    done_on: dt.date | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def _from_step_state(s: rules.StepState) -> str:
    return {
        rules.StepState.PENDING: State.PENDING,
        rules.StepState.ON_TIME: State.MET,
        rules.StepState.LATE: State.LATE,
        rules.StepState.OVERDUE: State.MISSED,
    }[s]


def send_step(send: Any, today: dt.date) -> Step:
    """DC7: one body's aggregate as a step (met, pending, late, missed)."""
    return Step(
        "DC7",
        _("Aggregate sent by: %(body)s") % {"body": send.get_body_display()},
        _from_step_state(send.state(today)),
        due=send.due,
        done_on=send.sent_on,
    )


def steps(consultation: Consultation, today: dt.date) -> list[Step]:
    """Every legal step of the consultation with met / pending / late / missed / flagged."""
    c = consultation
    out: list[Step] = []
    audiences = list(c.audiences.all())
    villages = list(villages_of(c, today))
    village_names = {v.pk: v.name for v in villages}

    # DC1 — the plan's audiences
    problems: list[rules.Problem] = []
    for a in audiences:
        problems += rules.plan_audience_problems(
            rules.Scope(c.scope), rules.Audience(a.audience), a.gathering_rules()
        )
    if not audiences:
        out.append(Step("DC1", _("Audiences and how they are consulted"), State.PENDING))
    else:
        out.append(
            Step(
                "DC1",
                _("Audiences and how they are consulted"),
                State.FLAGGED if problems else State.MET,
                notes=texts.problems(problems)
                or [", ".join(str(a.get_audience_display()) for a in audiences)],
            )
        )

    # DC2 — the windows
    for a in audiences:
        wp = rules.window_problems(
            rules.Audience(a.audience), c.content_published_on, a.window_start, a.window_end
        )
        note = _("%(start)s – %(end)s") % {
            "start": f"{a.window_start:%d/%m/%Y}",
            "end": f"{a.window_end:%d/%m/%Y}",
        }
        out.append(
            Step(
                "DC2",
                _("Opinion window: %(audience)s") % {"audience": a.get_audience_display()},
                State.FLAGGED if wp else State.MET,
                due=rules.earliest_citizen_close(c.content_published_on)
                if a.audience == Audience.CITIZENS and c.content_published_on
                else None,
                notes=[note, *texts.problems(wp)],
            )
        )

    # DC3 — publication of the plan (citizens' consultations only: the seed publishes the
    # citizens' plan on these channels; the staff plan goes through the union)
    if any(a.audience == Audience.CITIZENS for a in audiences):
        records = [
            p.as_rule()
            for p in c.publications.filter(phase=Phase.PLAN)
            if facts.happened(p.start, today)
        ]
        flags = rules.plan_publication_flags(records, village_names, today)
        hard = [f for f in flags if f.code != "running"]
        state = State.PENDING if not records else (State.FLAGGED if hard else State.MET)
        if flags and not hard:
            state = State.PENDING
        out.append(
            Step(
                "DC3",
                _("Publication of the plan"),
                state,
                done_on=min((r.start for r in records), default=None),
                notes=[texts.flag(f, village_names) for f in flags],
            )
        )

    # DC7 — aggregates sent by the bodies
    for send in c.sends.all():
        out.append(send_step(send, today))

    # DC4 — every opinion answered, summary published
    total = c.opinions.count()
    missing = unanswered(c)
    dc4_notes = [
        _("%(answered)s of %(total)s opinions answered")
        % {
            "answered": total - missing,
            "total": total,
        }
    ]
    if facts.happened(c.summary_published_on, today):
        state = State.MET if not missing else State.FLAGGED
    elif c.status == Status.ISSUED:
        state = State.MISSED
    else:
        state = State.PENDING
    out.append(
        Step(
            "DC4",
            _("Every opinion answered; summary published"),
            state,
            done_on=c.summary_published_on,
            notes=dc4_notes,
        )
    )

    # LD8 — the decision and the majority view
    if c.outcome:
        m = majority(c)
        departs = rules.departs_from_majority(rules.Outcome(c.outcome), m)
        note = _(
            "Agree %(support)s, disagree %(oppose)s (one per opinion); agree %(psupport)s, "
            "disagree %(poppose)s (by the people they speak for). Read %(reading)s."
        ) % {
            "support": m.by_opinions[0],
            "oppose": m.by_opinions[1],
            "psupport": m.by_people[0],
            "poppose": m.by_people[1],
            "reading": _("by people") if m.reading == rules.Reading.PEOPLE else _("by opinions"),
        }
        out.append(
            Step(
                "LD8",
                _("Decision and the majority view"),
                State.FLAGGED if departs and not c.outcome_reason else State.MET,
                done_on=c.issued_on,
                notes=[note, c.outcome_reason] if departs else [note],
            )
        )

    # DC5 — issue and publication of the regulation
    if c.status == Status.ISSUED and c.issued_on and c.outcome == "adopted":
        due = rules.regulation_start_due(rules.Scope(c.scope), c.issued_on)
        records = [
            p.as_rule()
            for p in c.publications.filter(phase=Phase.REGULATION)
            if facts.happened(p.start, today)
        ]
        flags = rules.regulation_publication_flags(
            rules.Scope(c.scope), records, village_names, today, due
        )
        hard = [f for f in flags if f.code != "running"]
        if not records:
            state = State.MISSED if today > due else State.PENDING
        elif any(f.code == "late" for f in hard):
            state = State.LATE
        elif hard:
            state = State.FLAGGED
        else:
            state = State.MET
        out.append(
            Step(
                "DC5",
                _("Publication of the issued regulation"),
                state,
                due=due,
                done_on=min((r.start for r in records), default=None),
                notes=[texts.flag(f, village_names) for f in flags],
            )
        )

    # DC6 — report to the People's Council and the Front (not for the agency's own regulation)
    if c.status == Status.ISSUED and rules.council_report_required(rules.Scope(c.scope)):
        rp = rules.council_report_state(
            c.council_session_on, c.report_presented_on, c.report_sent_to_front_on, today
        )
        codes = {p.code for p in rp}
        if not rp:
            state = State.MET
        elif codes & {"missed", "front_missed"}:
            state = State.MISSED
        elif codes & {"late", "front_late"}:
            state = State.LATE
        else:
            state = State.PENDING
        out.append(
            Step(
                "DC6",
                _("Report to the People's Council, sent to the Fatherland Front"),
                state,
                due=c.council_session_on,
                done_on=c.report_presented_on,
                notes=texts.problems(rp),
            )
        )
    return out


def issue_blockers(consultation: Consultation, today: dt.date) -> list[str]:
    return texts.problems(readiness(consultation, today).blockers)


def worst_state(items: list[Step]) -> str:
    order = [State.MISSED, State.LATE, State.FLAGGED, State.PENDING, State.MET]
    states = {s.state for s in items}
    return next((s for s in order if s in states), State.MET)


# ---------------------------------------------------------------------------------------------
# The supervisor's summary (issue 18): one row per consultation, filtered and paged
# ---------------------------------------------------------------------------------------------

STATE_ORDER = [State.MISSED, State.LATE, State.FLAGGED, State.PENDING, State.MET]

SUPERVISE_PER_PAGE = 50
"""Issue 18: 300 consultations were 931 KB as one table each; the summary shows 50 rows a page."""


@dataclass
class SuperviseRow:
    consultation: Consultation
    worst: str
    steps: list[Step]  # every step, worst first (met ones last)

    @property
    def worst_label(self) -> str:
        return str(STATE_LABELS[self.worst])


@dataclass
class SuperviseSummary:
    rows: list[SuperviseRow]  # this page's rows
    total: int  # consultations matching the filters
    by_state: dict[str, int]  # matching consultations per worst state, in STATE_ORDER
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def state_counts(self) -> list[tuple[str, str, int]]:
        return [(s, str(STATE_LABELS[s]), self.by_state.get(s, 0)) for s in STATE_ORDER]


def supervise_summary(
    consultations: QuerySet[Consultation],
    today: dt.date,
    *,
    unit: int | None = None,
    status: str = "",
    state: str = "",
    q: str = "",
    page: int = 1,
) -> SuperviseSummary:
    """The consultations of a supervisor's area, one row each with its worst step and every
    step's state; filtered by commune, status, worst state and words of the title."""
    qs = consultations.select_related("unit").order_by("unit__name", "-created_at", "pk")
    if unit:
        qs = qs.filter(unit_id=unit)
    if status:
        qs = qs.filter(status=status)
    items = list(qs)
    if q:
        words = fold(q).split()
        items = [c for c in items if all(w in fold(c.title) for w in words)]
    rows: list[SuperviseRow] = []
    for c in items:
        all_steps = sorted(steps(c, today), key=lambda s: STATE_ORDER.index(s.state))
        rows.append(SuperviseRow(c, worst_state(all_steps), all_steps))
    by_state: dict[str, int] = {}
    for r in rows:
        by_state[r.worst] = by_state.get(r.worst, 0) + 1
    if state:
        rows = [r for r in rows if r.worst == state]
    pages = max(1, -(-len(rows) // SUPERVISE_PER_PAGE))
    number = min(max(1, page), pages)
    chosen = rows[(number - 1) * SUPERVISE_PER_PAGE : number * SUPERVISE_PER_PAGE]
    return SuperviseSummary(chosen, len(rows), by_state, number, pages)


# ---------------------------------------------------------------------------------------------
# The citizen's view (issue 18): counts per article, public opinions, the calendar
# ---------------------------------------------------------------------------------------------


@dataclass
class StanceCounts:
    support: int = 0
    oppose: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        return self.support + self.oppose + self.none


def article_counts(consultation: Consultation) -> dict[str, StanceCounts]:
    """Opinions received per article (``""``: the whole draft), by stance — one query."""
    out: dict[str, StanceCounts] = {}
    rows = (
        consultation.opinions.values("article_number", "stance").annotate(n=Count("pk")).order_by()
    )
    for row in rows:
        counts = out.setdefault(row["article_number"], StanceCounts())
        setattr(counts, row["stance"], getattr(counts, row["stance"]) + row["n"])
    return out


PUBLIC_OPINION_HEADERS = (
    "Điều",
    "Quan điểm",
    "Nội dung ý kiến",
    "Nguồn ý kiến",
    "Ngày nhận",
    "Tiếp thu, giải trình",
)
"""Issue 18: the public export of opinions — no name, no contact, no order of arrival."""

STANCE_HEADS = {"support": "Tán thành", "oppose": "Không tán thành", "none": "Góp ý"}


def public_opinion_rows(consultation: Consultation) -> list[tuple[str, ...]]:
    """Every opinion as the public may see it: article, stance, text (a hidden one shows the
    reason instead), source (without the person), day received, and the answer once the
    summary is published (DC4) — in reading order, never the order of arrival."""
    answers_public = bool(consultation.summary_published_on)
    opinions = sorted(consultation.opinions.all(), key=_reading_order)
    return [
        (
            o.article_label or "Toàn văn dự thảo",
            STANCE_HEADS.get(o.stance, ""),
            opinion_text(o, public=True),
            source_text(o, public=True),
            o.received_on.strftime("%d/%m/%Y"),
            answer_text(o) if answers_public else "",
        )
        for o in opinions
    ]


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines longer than 75 octets are folded (continuations start with a space)."""
    data = line.encode()
    if len(data) <= 75:
        return [line]
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + x for x in out[1:])]


def calendar_events(consultation: Consultation) -> list[tuple[str, dt.date, str]]:
    """The consultation's dates as ``(uid suffix, day, summary)``: each audience's window
    opening and closing, each body's aggregate due, the summary and the decision."""
    c = consultation
    events: list[tuple[str, dt.date, str]] = []
    for a in c.audiences.all():
        label = a.get_audience_display()
        events.append((f"open-{a.audience}", a.window_start, f"Bắt đầu lấy ý kiến ({label})"))
        events.append((f"close-{a.audience}", a.window_end, f"Hết hạn góp ý ({label})"))
    for send in c.sends.all():
        events.append(
            (f"due-{send.body}", send.due, f"Hạn gửi tổng hợp ý kiến: {send.get_body_display()}")
        )
    for m in c.meetings.all():
        day = timezone.localtime(m.starts_at).date()
        events.append(
            (f"meeting-{m.pk}", day, f"Hội nghị lấy ý kiến ({m.get_body_display()}): {m.place}")
        )
    if c.summary_published_on:
        events.append(("summary", c.summary_published_on, "Công khai bảng tổng hợp ý kiến"))
    if c.issued_on:
        events.append(("issued", c.issued_on, "Ban hành quyết định"))
    return events


def icalendar(consultation: Consultation, url: str, stamp: dt.datetime) -> str:
    """Issue 18: an iCalendar feed (RFC 5545) of the consultation's dates, all-day events, so a
    citizen's phone calendar follows it."""
    with translation.override("vi"):
        events = calendar_events(consultation)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//danchu//consultations//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(consultation.title)}",
    ]
    for uid, day, summary in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{consultation.slug}-{uid}@danchu",
            f"DTSTAMP:{stamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary + ' — ' + consultation.title)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _ics_fold(line))


@dataclass
class ArticleChange:
    article: str  # "Điều 3"
    kind: str  # added / removed / changed
    lines: list[tuple[str, str]]  # ("add" | "del" | "same", text)
    opinions: list[Opinion]  # accepted opinions that named this article


def issued_changes(consultation: Consultation) -> list[ArticleChange]:
    """Issue 18: the draft put to consultation beside the issued text, article by article —
    what changed, marked, with the accepted opinions that caused each change."""
    c = consultation
    before, after = c.consulted_version, c.issued_version
    if before is None or after is None or before.pk == after.pk:
        return []
    from danchu.consultations import structure
    from danchu.consultations.services import parse_version

    accepted: dict[str, list[Opinion]] = {}
    for o in c.opinions.filter(answer_kind=AnswerKind.ACCEPT).exclude(accepted_article=""):
        accepted.setdefault(o.accepted_article, []).append(o)
    old = {a.number: a for a in parse_version(before).articles()}
    out: list[ArticleChange] = []
    for change in structure.diff(parse_version(before), parse_version(after)):
        number = change.article.removeprefix("Điều ")
        if change.kind == "changed":
            import difflib

            new = {a.number: a for a in parse_version(after).articles()}
            lines = [
                ({"+": "add", "-": "del"}.get(ln[:1], "same"), ln[2:])
                for ln in difflib.ndiff(
                    old[number].full_text().splitlines(), new[number].full_text().splitlines()
                )
                if ln[:1] in "-+ "
            ]
        else:
            lines = [("add" if change.kind == "added" else "del", ln) for ln in change.lines]
        out.append(ArticleChange(change.article, change.kind, lines, accepted.get(number, [])))
    return out
