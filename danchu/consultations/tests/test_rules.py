"""DC1–DC7 and LD8 as plain functions (seed 003, Tân Trung 2024)."""

from __future__ import annotations

import datetime as dt

from danchu.consultations import rules as r
from danchu.consultations.rules import (
    Audience,
    Body,
    Channel,
    ChannelRecord,
    Form,
    Gathering,
    Scope,
    Stance,
    StepState,
)
from danchu.legalcal.calendar import SwapTable

D = dt.date
NO_SWAPS = SwapTable()  # pure tests: weekends and public holidays only (TM4 swaps are data)
FEB29 = D(2024, 2, 29)


# DC1 ------------------------------------------------------------------------------------------
def test_dc1_citizens_gathered_by_council_and_front_conferences_is_lawful() -> None:
    plan = [Gathering(Body.COUNCIL, Form.CONFERENCE), Gathering(Body.FRONT, Form.SEMINAR)]
    assert r.plan_audience_problems(Scope.COMMUNE, Audience.CITIZENS, plan) == []


def test_dc1_citizens_plan_without_the_front_is_flagged() -> None:
    plan = [Gathering(Body.COUNCIL, Form.CONFERENCE)]
    problems = r.plan_audience_problems(Scope.COMMUNE, Audience.CITIZENS, plan)
    assert [(p.rule, p.code, p.detail) for p in problems] == [("DC1", "missing_body", "front")]


def test_dc1_union_cannot_gather_citizens_opinions() -> None:
    plan = [
        Gathering(Body.COUNCIL, Form.CONFERENCE),
        Gathering(Body.FRONT, Form.CONFERENCE),
        Gathering(Body.UNION, Form.CHAT_GROUP),
    ]
    codes = [p.code for p in r.plan_audience_problems(Scope.COMMUNE, Audience.CITIZENS, plan)]
    assert codes == ["unlawful_form"]


def test_dc1_staff_through_union_chat_group_is_lawful() -> None:
    plan = [Gathering(Body.UNION, Form.CHAT_GROUP)]
    assert r.plan_audience_problems(Scope.AGENCY, Audience.STAFF, plan) == []


def test_dc1_agency_regulation_is_not_put_to_citizens() -> None:
    plan = [Gathering(Body.COUNCIL, Form.CONFERENCE), Gathering(Body.FRONT, Form.CONFERENCE)]
    codes = [p.code for p in r.plan_audience_problems(Scope.AGENCY, Audience.CITIZENS, plan)]
    assert "wrong_audience" in codes


def test_dc1_staff_plan_needs_union_or_committee() -> None:
    codes = [p.code for p in r.plan_audience_problems(Scope.AGENCY, Audience.STAFF, [])]
    assert codes == ["missing_body"]


# DC2 ------------------------------------------------------------------------------------------
def test_dc2_seed_window_29_feb_to_20_mar_is_exactly_twenty_days() -> None:
    assert r.earliest_citizen_close(FEB29, NO_SWAPS) == D(2024, 3, 20)
    assert r.window_problems(Audience.CITIZENS, FEB29, FEB29, D(2024, 3, 20), NO_SWAPS) == []


def test_dc2_twenty_days_ending_on_a_saturday_run_to_monday() -> None:
    # Published Sunday 3/3/2024: day 20 is Saturday 23/3, so the period ends Monday 25/3 (TM2).
    assert r.earliest_citizen_close(D(2024, 3, 3), NO_SWAPS) == D(2024, 3, 25)
    assert [
        p.code
        for p in r.window_problems(
            Audience.CITIZENS, D(2024, 3, 3), D(2024, 3, 3), D(2024, 3, 23), NO_SWAPS
        )
    ] == ["too_short"]


def test_dc2_nineteen_days_is_refused_with_the_reason() -> None:
    problems = r.window_problems(Audience.CITIZENS, FEB29, FEB29, D(2024, 3, 19), NO_SWAPS)
    assert [(p.rule, p.code, p.detail) for p in problems] == [("DC2", "too_short", "19|2024-03-20")]


def test_dc2_window_cannot_open_before_publication() -> None:
    problems = r.window_problems(Audience.CITIZENS, FEB29, D(2024, 2, 28), D(2024, 4, 1), NO_SWAPS)
    assert [p.code for p in problems] == ["opens_before_publication"]


def test_dc2_unpublished_citizen_window_is_refused() -> None:
    assert [p.code for p in r.window_problems(Audience.CITIZENS, None, FEB29, D(2024, 4, 1))] == [
        "not_published"
    ]


def test_dc2_staff_window_has_no_twenty_day_minimum() -> None:
    assert r.window_problems(Audience.STAFF, D(2024, 2, 20), D(2024, 2, 20), D(2024, 2, 29)) == []


def test_dc2_inverted_window_is_refused() -> None:
    codes = [p.code for p in r.window_problems(Audience.STAFF, None, D(2024, 3, 2), D(2024, 3, 1))]
    assert codes == ["window_inverted"]


def test_dc2_window_state_open_on_both_ends_and_closed_after() -> None:
    assert r.window_state(FEB29, D(2024, 3, 20), D(2024, 2, 28)) == "upcoming"
    assert r.window_state(FEB29, D(2024, 3, 20), FEB29) == "open"
    assert r.window_state(FEB29, D(2024, 3, 20), D(2024, 3, 20)) == "open"
    assert r.window_state(FEB29, D(2024, 3, 20), D(2024, 3, 21)) == "closed"


# DC3 ------------------------------------------------------------------------------------------
VILLAGES = [11, 12]


def _full_plan(**overrides: ChannelRecord) -> list[ChannelRecord]:
    base = {
        "radio": ChannelRecord(Channel.RADIO, FEB29, D(2024, 3, 2), has_evidence=True),
        "office": ChannelRecord(Channel.POSTING_OFFICE, FEB29, D(2024, 3, 29), has_evidence=True),
        "v11": ChannelRecord(Channel.POSTING_VILLAGE, FEB29, D(2024, 3, 29), 11, True),
        "v12": ChannelRecord(Channel.POSTING_VILLAGE, FEB29, D(2024, 3, 29), 12, True),
        "soft": ChannelRecord(Channel.SOFTWARE, FEB29, None, has_evidence=True),
        "h11": ChannelRecord(Channel.VILLAGE_HEAD, FEB29, FEB29, 11, True),
        "h12": ChannelRecord(Channel.VILLAGE_HEAD, FEB29, FEB29, 12, True),
    }
    base.update(overrides)
    return [v for v in base.values() if v is not None]


def test_dc3_full_publication_has_no_flags() -> None:
    assert r.plan_publication_flags(_full_plan(), VILLAGES, D(2024, 4, 15)) == []


def test_dc3_radio_two_days_is_below_its_three_day_minimum() -> None:
    plan = _full_plan(radio=ChannelRecord(Channel.RADIO, FEB29, D(2024, 3, 1), has_evidence=True))
    flags = r.plan_publication_flags(plan, VILLAGES, D(2024, 4, 15))
    assert [(f.channel, f.code, f.detail) for f in flags] == [(Channel.RADIO, "too_short", "2|3")]


def test_dc3_posting_twenty_nine_days_is_flagged_thirty_is_not() -> None:
    short = ChannelRecord(Channel.POSTING_OFFICE, FEB29, D(2024, 3, 28), has_evidence=True)
    flags = r.plan_publication_flags(_full_plan(office=short), VILLAGES, D(2024, 4, 15))
    assert [(f.channel, f.code) for f in flags] == [(Channel.POSTING_OFFICE, "too_short")]
    assert r.days_on_channel(FEB29, D(2024, 3, 29)) == 30


def test_dc3_village_not_reached_is_flagged_by_village() -> None:
    plan = _full_plan(v12=None, h12=None)  # type: ignore[arg-type]
    flags = r.plan_publication_flags(plan, VILLAGES, D(2024, 4, 15))
    assert {(f.channel, f.code, f.village) for f in flags} == {
        (Channel.POSTING_VILLAGE, "village_not_reached", 12),
        (Channel.VILLAGE_HEAD, "village_not_reached", 12),
    }


def test_dc3_missing_channel_and_missing_evidence_are_flagged() -> None:
    plan = _full_plan(
        soft=None,  # type: ignore[arg-type]
        radio=ChannelRecord(Channel.RADIO, FEB29, D(2024, 3, 2), has_evidence=False),
    )
    flags = r.plan_publication_flags(plan, VILLAGES, D(2024, 4, 15))
    assert {(f.channel, f.code) for f in flags} == {
        (Channel.SOFTWARE, "missing"),
        (Channel.RADIO, "no_evidence"),
    }


def test_dc3_posting_still_up_below_minimum_is_running_not_failed() -> None:
    plan = _full_plan(office=ChannelRecord(Channel.POSTING_OFFICE, FEB29, None, has_evidence=True))
    flags = r.plan_publication_flags(plan, VILLAGES, D(2024, 3, 10))
    # The village postings end on a day still to come: they are running too (issue 10).
    assert {(f.channel, f.code) for f in flags} == {
        (Channel.POSTING_OFFICE, "running"),
        (Channel.POSTING_VILLAGE, "running"),
    }


def test_records_hold_dc3_a_posting_dated_in_2027_is_not_met_today() -> None:
    """Issue 10 scenario: a posting typed as starting in 2027 does not count today, and a
    posting from today until 2027 is still running (in progress), not met."""
    today = D(2026, 11, 22)
    future = _full_plan(
        office=ChannelRecord(Channel.POSTING_OFFICE, D(2027, 1, 5), D(2027, 2, 5), True)
    )
    flags = r.plan_publication_flags(future, VILLAGES, today)
    assert (Channel.POSTING_OFFICE, "missing") in {(f.channel, f.code) for f in flags}
    running = _full_plan(office=ChannelRecord(Channel.POSTING_OFFICE, today, D(2027, 3, 1), True))
    flags = r.plan_publication_flags(running, VILLAGES, today)
    assert (Channel.POSTING_OFFICE, "running") in {(f.channel, f.code) for f in flags}
    assert (Channel.POSTING_OFFICE, "too_short") not in {(f.channel, f.code) for f in flags}


def test_records_hold_dc6_report_presented_before_the_consultation_began_is_refused() -> None:
    began = D(2026, 11, 17)
    (p,) = r.report_date_problems(began, None, D(2026, 11, 1), None)
    assert (p.rule, p.code) == ("DC6", "presented_before_start")
    (p,) = r.report_date_problems(began, D(2026, 12, 20), None, D(2026, 12, 19))
    assert p.code == "sent_to_front_before_report"
    assert r.report_date_problems(began, D(2026, 12, 20), D(2026, 12, 21), None) == []
    # A presented day still to come does not count as done.
    session = D(2026, 12, 30)
    codes = {p.code for p in r.council_report_state(session, D(2027, 1, 1), None, session)}
    assert "pending" in codes


# DC4 ------------------------------------------------------------------------------------------
def test_dc4_accept_needs_the_change_and_explain_needs_the_reason() -> None:
    assert [p.code for p in r.answer_problems(r.AnswerKind.ACCEPT, " ")] == ["accept_needs_change"]
    assert [p.code for p in r.answer_problems(r.AnswerKind.EXPLAIN, "")] == ["explain_needs_reason"]
    assert r.answer_problems(r.AnswerKind.EXPLAIN, "Đã quy định tại Luật") == []
    assert [p.code for p in r.answer_problems(None, "x")] == ["no_kind"]


def test_dc4_issue_blocked_while_an_opinion_is_unanswered() -> None:
    ready = r.IssueReadiness(unanswered=1, window_closed=True, summary_published=True)
    assert not ready.ready
    assert [(p.rule, p.code) for p in ready.blockers] == [("DC4", "unanswered")]
    assert r.IssueReadiness(0, True, True).ready


def test_dc4_issue_blocked_until_the_summary_is_published() -> None:
    assert [p.code for p in r.IssueReadiness(0, True, False).blockers] == ["summary_unpublished"]


def test_dc2_issue_blocked_while_the_window_is_open() -> None:
    assert [p.rule for p in r.IssueReadiness(0, False, True).blockers] == ["DC2"]


# DC5 ------------------------------------------------------------------------------------------
def test_dc5_commune_regulation_must_stay_posted_permanently() -> None:
    issued, due = D(2024, 4, 1), D(2024, 4, 8)
    records = [
        ChannelRecord(Channel.POSTING_OFFICE, issued, D(2024, 5, 1), has_evidence=True),
        ChannelRecord(Channel.POSTING_VILLAGE, issued, None, 11, True),
        ChannelRecord(Channel.SOFTWARE, issued, None, has_evidence=True),
        ChannelRecord(Channel.RADIO, issued, D(2024, 4, 3), has_evidence=True),
        ChannelRecord(Channel.VILLAGE_HEAD, issued, issued, 11, True),
    ]
    flags = r.regulation_publication_flags(Scope.COMMUNE, records, [11], D(2024, 6, 1), due)
    assert [(f.channel, f.code) for f in flags] == [(Channel.POSTING_OFFICE, "not_permanent")]


def test_dc5_five_working_days_skip_the_weekend_and_holidays() -> None:
    assert r.regulation_start_due(Scope.AGENCY, D(2024, 4, 1), NO_SWAPS) == D(2024, 4, 8)
    # Issued Thursday 25/4/2024: 26/4 counts; 29/4 (swapped), 30/4 and 1/5 are days off;
    # then 2/5, 3/5, 6/5 and 7/5.
    assert r.regulation_start_due(Scope.AGENCY, D(2024, 4, 25), NO_SWAPS) == D(2024, 5, 7)


def test_dc5_agency_regulation_published_after_five_working_days_is_late() -> None:
    due = D(2024, 4, 8)  # issue 1/4/2024 (Monday) + 5 working days
    records = [
        ChannelRecord(Channel.NOTICE_BOARD, D(2024, 4, 9), None, has_evidence=True),
        ChannelRecord(Channel.INTERNAL_SYSTEM, D(2024, 4, 8), D(2024, 4, 8), has_evidence=True),
        ChannelRecord(Channel.ALL_STAFF, D(2024, 4, 2), D(2024, 4, 2), has_evidence=True),
    ]
    flags = r.regulation_publication_flags(Scope.AGENCY, records, [11], D(2024, 6, 1), due)
    assert [(f.channel, f.code) for f in flags] == [(Channel.NOTICE_BOARD, "late")]


def test_dc5_agency_regulation_missing_all_staff_channel_is_flagged() -> None:
    records = [ChannelRecord(Channel.NOTICE_BOARD, D(2024, 4, 2), None, has_evidence=True)]
    flags = r.regulation_publication_flags(Scope.AGENCY, records, [], D(2024, 6, 1), D(2024, 4, 8))
    assert {(f.channel, f.code) for f in flags} == {
        (Channel.INTERNAL_SYSTEM, "missing"),
        (Channel.ALL_STAFF, "missing"),
    }


# DC6 ------------------------------------------------------------------------------------------
def test_dc6_report_presented_at_the_session_and_sent_to_front_is_met() -> None:
    s = D(2024, 6, 20)
    assert r.council_report_state(s, s, D(2024, 6, 10), D(2024, 7, 1)) == []


def test_dc6_report_after_the_session_is_late_and_none_is_missed() -> None:
    s = D(2024, 6, 20)
    late = r.council_report_state(s, D(2024, 7, 5), D(2024, 6, 1), D(2024, 7, 10))
    assert [p.code for p in late] == ["late"]
    missed = r.council_report_state(s, None, None, D(2024, 7, 10))
    assert [p.code for p in missed] == ["missed", "front_missed"]
    pending = r.council_report_state(s, None, None, D(2024, 6, 1))
    assert [p.code for p in pending] == ["pending", "front_pending"]
    assert [p.code for p in r.council_report_state(None, None, None, s)] == ["no_session"]


# DC7 ------------------------------------------------------------------------------------------
def test_dc7_front_aggregate_by_25_march_is_on_time_after_is_late() -> None:
    due = D(2024, 3, 25)  # the plan's "trước ngày 26/3/2024"
    assert r.aggregate_send_state(due, D(2024, 3, 25), D(2024, 4, 1)) == StepState.ON_TIME
    assert r.aggregate_send_state(due, D(2024, 3, 26), D(2024, 4, 1)) == StepState.LATE
    assert r.aggregate_send_state(due, None, D(2024, 3, 20)) == StepState.PENDING
    assert r.aggregate_send_state(due, None, D(2024, 3, 26)) == StepState.OVERDUE


def test_dc7_citizen_aggregate_cannot_be_due_before_the_window_closes() -> None:
    assert [
        p.code for p in r.aggregate_due_problems(D(2024, 3, 20), D(2024, 3, 19), Audience.CITIZENS)
    ] == ["due_before_window_end"]
    assert r.aggregate_due_problems(D(2024, 3, 20), D(2024, 3, 25), Audience.CITIZENS) == []


# LD8 ------------------------------------------------------------------------------------------
def test_ld8_majority_is_more_than_half_of_those_taking_a_side() -> None:
    m = r.majority_view([Stance.OPPOSE] * 3 + [Stance.SUPPORT] * 2 + [Stance.NONE] * 10)
    assert m.view == Stance.OPPOSE
    assert r.majority_view([Stance.OPPOSE, Stance.SUPPORT]).view is None
    assert r.majority_view([]).view is None


def test_ld8_adopting_against_an_opposing_majority_needs_a_reason() -> None:
    m = r.majority_view([Stance.OPPOSE] * 3 + [Stance.SUPPORT])
    assert r.departs_from_majority(r.Outcome.ADOPTED, m)
    assert [p.code for p in r.decision_problems(r.Outcome.ADOPTED, m, "")] == ["reason_missing"]
    assert r.decision_problems(r.Outcome.ADOPTED, m, "Bảo đảm an toàn giao thông") == []
    assert r.decision_problems(r.Outcome.REJECTED, m, "") == []


def test_ld8_rejecting_against_a_supporting_majority_needs_a_reason() -> None:
    m = r.majority_view([Stance.SUPPORT] * 2 + [Stance.OPPOSE])
    assert r.departs_from_majority(r.Outcome.REJECTED, m)
    assert not r.departs_from_majority(r.Outcome.ADOPTED, m)


def test_ld8_missing_reason_blocks_issuing() -> None:
    ready = r.IssueReadiness(0, True, True, decision_reason_missing=True)
    assert [p.rule for p in ready.blockers] == ["LD8"]
