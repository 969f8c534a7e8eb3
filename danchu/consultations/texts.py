"""What each rule problem and flag says to users (English msgids, Vietnamese catalogue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.consultations import rules
from danchu.consultations.models import Body, Channel, Form

_PROBLEMS: dict[tuple[str, str], Any] = {
    ("DC1", "wrong_audience"): _(
        "DC1: this draft is not put to this audience (the committee's regulation goes to "
        "citizens, the agency's own regulation to its staff)."
    ),
    ("DC1", "unlawful_form"): _("DC1: %(detail)s is not a lawful way to gather this audience."),
    ("DC1", "missing_body"): _("DC1: the plan has no gathering by the %(detail)s."),
    ("DC2", "window_inverted"): _("DC2: the window ends before it starts."),
    ("DC2", "not_published"): _(
        "DC2: set the day the consultation content is published before the citizens' window."
    ),
    ("DC2", "opens_before_publication"): _(
        "DC2: the window opens before the content is published (%(detail)s)."
    ),
    ("DC2", "too_short"): _(
        "DC2: citizens must have at least 20 days from the day the content is published; this "
        "window gives %(days)s days. It may close on %(earliest)s at the earliest."
    ),
    ("DC2", "window_open"): _("DC2: the opinion window has not closed yet."),
    ("DC2", "received_in_future"): _("Received on: %(detail)s is a day still to come."),
    ("DC2", "received_outside_window"): _(
        "DC2: Received on: the opinion must be received within the window (%(start)s – %(end)s)."
    ),
    ("DC2", "issued_in_window"): _(
        "DC2: Issued on: the decision must be dated after the window's last day (%(detail)s)."
    ),
    ("DC4", "summary_in_window"): _(
        "DC4: Published on: the summary is published after the window's last day "
        "(%(detail)s), so that every opinion can be answered."
    ),
    ("DC4", "summary_in_future"): _("Published on: %(detail)s is a day still to come."),
    ("DC4", "issued_before_summary"): _(
        "DC4: Issued on: the decision cannot be dated before the summary was published "
        "(%(detail)s)."
    ),
    ("DC4", "plan_frozen"): _(
        "DC4: the summary of opinions is published; the plan, its audiences and windows can no "
        "longer change."
    ),
    ("DC7", "sent_in_future"): _("DC7: Sent on: %(detail)s is a day still to come."),
    ("DC4", "summary_published"): _(
        "DC4: the summary of opinions is already published; no more opinions are taken."
    ),
    ("DC4", "no_kind"): _("DC4: choose accepted, explained or not an opinion."),
    ("DC4", "accept_needs_change"): _("DC4: an accepted opinion needs the change made."),
    ("DC4", "explain_needs_reason"): _("DC4: an explained opinion needs the reason."),
    ("DC4", "not_opinion_needs_reason"): _(
        "DC4: a text marked as not an opinion on the draft needs the reason."
    ),
    ("DC4", "hide_needs_reason"): _(
        "Hide from the public page: give the reason; it is recorded and audited."
    ),
    ("DC4", "unanswered"): _("DC4: %(detail)s opinion(s) have no answer yet."),
    ("DC4", "summary_unpublished"): _(
        "DC4: the summary of opinions and answers has not been published."
    ),
    ("DC6", "no_session"): _("DC6: the date of the People's Council's next session is not set."),
    ("DC6", "pending"): _("DC6: report due at the People's Council's next regular session."),
    ("DC6", "missed"): _("DC6: the report was not presented at the session."),
    ("DC6", "late"): _("DC6: the report was presented after the session."),
    ("DC6", "front_pending"): _("DC6: the report is still to be sent to the Fatherland Front."),
    ("DC6", "front_missed"): _("DC6: the report was not sent to the Fatherland Front."),
    ("DC6", "front_late"): _("DC6: the report reached the Fatherland Front after the session."),
    ("DC6", "presented_before_start"): _(
        "DC6: Presented on: the report cannot be presented before the consultation began "
        "(%(detail)s)."
    ),
    ("DC6", "sent_to_front_before_start"): _(
        "DC6: Sent to the Front on: the report cannot be sent before the consultation began "
        "(%(detail)s)."
    ),
    ("DC6", "presented_before_report"): _(
        "DC6: Presented on: the report cannot be presented before its own date (%(detail)s)."
    ),
    ("DC6", "sent_to_front_before_report"): _(
        "DC6: Sent to the Front on: the report cannot be sent before its own date (%(detail)s)."
    ),
    ("DC7", "aggregate_awaited"): _(
        "DC7: the summary waits for the aggregate of the %(body)s, due %(due)s: it can be "
        "published once the aggregate is recorded as sent or after that day."
    ),
    ("DC7", "due_before_window_end"): _(
        "DC7: the aggregate cannot be due before the citizens' window closes (%(detail)s)."
    ),
    ("LD8", "reason_missing"): _(
        "LD8: the decision departs from the majority view; give the reason, it will be published."
    ),
}

_FLAGS: dict[str, Any] = {
    "missing": _("not used"),
    "too_short": _("below its minimum (%(days)s of %(minimum)s days)"),
    "running": _("still running (%(days)s of %(minimum)s days so far)"),
    "village_not_reached": _("village not reached"),
    "no_evidence": _("no evidence attached"),
    "late": _("started after the deadline %(due)s"),
    "not_permanent": _("must stay posted permanently"),
}


DATED = frozenset(
    {
        "opens_before_publication",
        "due_before_window_end",
        "received_in_future",
        "issued_in_window",
        "summary_in_window",
        "summary_in_future",
        "issued_before_summary",
        "sent_in_future",
        "presented_before_start",
        "sent_to_front_before_start",
        "presented_before_report",
        "sent_to_front_before_report",
    }
)
"""Problems whose detail is one ISO date, shown as dd/mm/yyyy."""


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def problem(p: rules.Problem) -> str:
    text = str(_PROBLEMS.get((p.rule, p.code), f"{p.rule}: {p.code}"))
    params: dict[str, str] = {"detail": p.detail}
    if p.code == "too_short" and "|" in p.detail:
        days, earliest = p.detail.split("|")
        params.update(days=days, earliest=_date(earliest))
    elif p.code == "received_outside_window":
        start, end = p.detail.split("|")
        params.update(start=_date(start), end=_date(end))
    elif p.code in DATED:
        params["detail"] = _date(p.detail)
    elif p.code == "unlawful_form" and "/" in p.detail:
        body, form = p.detail.split("/")
        params["detail"] = f"{Body(body).label} — {Form(form).label}"
    elif p.code == "aggregate_awaited":
        body, due = p.detail.split("|")
        params.update(body=str(Body(body).label), due=_date(due))
    elif p.code == "missing_body":
        params["detail"] = str(Body(p.detail).label)
    return text % params


def flag(f: rules.Flag, village_names: dict[int, str] | None = None) -> str:
    params: dict[str, str] = {}
    if "|" in f.detail:
        params["days"], params["minimum"] = f.detail.split("|")
    if f.code == "late":
        params["due"] = _date(f.detail)
    where = str(Channel(f.channel.value).label)
    if f.village is not None:
        where += f" — {(village_names or {}).get(f.village, f.village)}"
    return f"{f.rule}: {where}: {str(_FLAGS[f.code]) % params}"


def problems(items: list[rules.Problem]) -> list[str]:
    return [problem(p) for p in items]
