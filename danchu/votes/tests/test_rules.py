"""The pure rules CV1–CV12 (no database)."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction

import pytest

from danchu.votes import rules as r
from danchu.votes.rules import Ballot, Level, Line, LineVerdict, Outcome

D = dt.date(2023, 11, 20)


def cand(**kw):  # type: ignore[no-untyped-def]
    base = dict(
        full_name="Nguyễn Văn A",
        position="Trưởng phòng Tư pháp",
        unit="Huyện Kon Rẫy",
        post_started_on=dt.date(2021, 7, 1),
        how_started="appointed",
    )
    base.update(kw)
    return r.Candidate(**base)


# CV1 -----------------------------------------------------------------------------------------


def test_cv1_ordinary_leader_is_voted_on() -> None:
    assert r.eligibility(cand(), 2023, D).eligible


def test_cv1_announced_retirement_excludes_with_reason() -> None:
    e = r.eligibility(cand(retirement_announced_on=dt.date(2023, 6, 1)), 2023, D)
    assert not e.eligible
    assert e.reason is r.Exclusion.RETIREMENT_ANNOUNCED
    assert "nghỉ hưu" in e.why and "01/06/2023" in e.why


def test_cv1_retirement_announced_after_the_check_date_does_not_exclude_yet() -> None:
    assert r.eligibility(cand(retirement_announced_on=dt.date(2023, 12, 1)), 2023, D).eligible


@pytest.mark.parametrize("how", ["appointed", "elected"])
def test_cv1_appointed_or_elected_in_vote_year_is_excluded(how: str) -> None:
    e = r.eligibility(cand(post_started_on=dt.date(2023, 1, 2), how_started=how), 2023, D)
    assert not e.eligible and e.reason is r.Exclusion.STARTED_IN_VOTE_YEAR
    assert "02/01/2023" in e.why


def test_cv1_appointed_the_year_before_is_voted_on() -> None:
    e = r.eligibility(cand(post_started_on=dt.date(2022, 12, 31)), 2023, D)
    assert e.eligible


def test_cv1_transfer_in_vote_year_is_not_an_appointment() -> None:
    e = r.eligibility(cand(post_started_on=dt.date(2023, 3, 1), how_started="transferred"), 2023, D)
    assert e.eligible


def test_cv1_subject_line_shows_name_position_and_unit() -> None:
    assert r.subject_line("Lê Thị B", "Chánh Văn phòng", "Huyện Kon Rẫy") == (
        "Lê Thị B — Chánh Văn phòng, Huyện Kon Rẫy"
    )


# CV2 -----------------------------------------------------------------------------------------


def test_cv2_first_and_second_place_allowed() -> None:
    assert r.check_places([]).allowed
    assert r.check_places(["UBND huyện"]).allowed


def test_cv2_third_place_refused_naming_the_other_two() -> None:
    c = r.check_places(["UBND huyện Kon Rẫy", "Huyện ủy Kon Rẫy"])
    assert not c.allowed
    assert "UBND huyện Kon Rẫy" in c.why and "Huyện ủy Kon Rẫy" in c.why and "2 nơi" in c.why


# CV3 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("convened", range(1, 40))
def test_cv3_quorum_is_exactly_two_thirds_for_every_roster_size(convened: int) -> None:
    for present in range(convened + 1):
        q = r.quorum(convened, present)
        assert q.met == (Fraction(present, convened) >= Fraction(2, 3))
        assert q.needed == min(p for p in range(convened + 1) if p * 3 >= convened * 2)
        assert q.missing == max(0, q.needed - present)


def test_cv3_quorum_says_how_many_more_are_needed() -> None:
    q = r.quorum(30, 19)
    assert not q.met and q.needed == 20 and q.missing == 1
    assert "còn thiếu 1" in q.why
    assert r.quorum(30, 20).met


def test_cv3_empty_roster_never_meets_quorum() -> None:
    assert not r.quorum(0, 0).met


def test_cv3_more_present_than_convened_is_refused() -> None:
    with pytest.raises(ValueError):
        r.quorum(3, 4)


# CV4 -----------------------------------------------------------------------------------------


def test_cv4_timeline_offsets_from_vote_day() -> None:
    t = r.timeline(D)
    assert t[r.Step.SELF_REPORT] == dt.date(2023, 10, 31)
    assert t[r.Step.DOSSIER_SENT] == dt.date(2023, 11, 5)
    assert t[r.Step.CLARIFICATION_REQUEST] == dt.date(2023, 11, 10)
    assert t[r.Step.SUPPLEMENTARY_EXPLANATION] == dt.date(2023, 11, 17)
    assert [s.days_before for s in r.CV4_STEPS] == [20, 15, 10, 3]


def test_cv4_step_status_on_time_late_overdue_pending() -> None:
    due = dt.date(2023, 11, 5)
    assert r.step_status(due, dt.date(2023, 11, 5), D) is r.StepStatus.ON_TIME
    assert r.step_status(due, dt.date(2023, 11, 6), D) is r.StepStatus.LATE
    assert r.step_status(due, None, dt.date(2023, 11, 6)) is r.StepStatus.OVERDUE
    assert r.step_status(due, None, dt.date(2023, 11, 5)) is r.StepStatus.PENDING


# CV5 -----------------------------------------------------------------------------------------


def test_cv5_three_levels_with_their_wording() -> None:
    assert [r.LEVEL_LABELS[lv] for lv in Level] == ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"]
    assert r.SIGNATURE_OPTIONAL


# CV6 -----------------------------------------------------------------------------------------


def test_cv6_counting_board_needs_three_members() -> None:
    assert r.board_problem(2) is not None and "3" in (r.board_problem(2) or "")
    assert r.board_problem(3) is None


# CV7 -----------------------------------------------------------------------------------------


def all_lines() -> list[Line]:
    lines = [Line(crossed_out=True)]
    for n in range(4):
        for marks in itertools.combinations(list(Level), n):
            lines.append(Line(marks=frozenset(marks)))
    return lines


def test_cv7_every_possible_line_is_judged_as_the_rule_says() -> None:
    for line in all_lines():
        for issued in (True, False):
            v = r.line_verdict(line, issued)
            expected_valid = issued and not line.crossed_out and len(line.marks) == 1
            assert (v is LineVerdict.VALID) == expected_valid, (line, issued)


def test_cv7_reasons_per_line() -> None:
    assert r.line_verdict(Line.parse("X")) is LineVerdict.CROSSED_OUT
    assert r.line_verdict(Line.parse("")) is LineVerdict.NO_MARK
    assert r.line_verdict(Line.parse("13")) is LineVerdict.SEVERAL_MARKS
    assert r.line_verdict(Line.parse("123")) is LineVerdict.SEVERAL_MARKS
    assert r.line_verdict(Line.parse("2"), issued_by_board=False) is LineVerdict.NOT_ISSUED


def test_cv7_parse_refuses_unknown_codes() -> None:
    for bad in ["4", "0", "11", "1a", "x1", "?"]:
        with pytest.raises(ValueError):
            Line.parse(bad)
    assert Line.parse(" x ").crossed_out
    assert Line.parse("31").code == "13"


def test_cv7_written_in_names_leave_listed_lines_valid() -> None:
    ballot = Ballot((Line.parse("1"), Line.parse("3")), extra_names=2)
    t = r.tally([ballot], 2, issued=1)
    assert [x.valid for x in t] == [1, 1]


def test_cv7_ballot_not_issued_is_invalid_for_every_subject() -> None:
    ballot = Ballot((Line.parse("1"), Line.parse("3")), issued_by_board=False)
    t = r.tally([ballot], 2, issued=1)
    assert [(x.valid, x.invalid) for x in t] == [(0, 1), (0, 1)]
    assert t[0].invalid_reasons == {LineVerdict.NOT_ISSUED: 1}


def test_cv7_serials_not_issued_duplicated_or_missing_are_anomalies() -> None:
    issued = r.parse_serial_list("1-5")
    flags, notes = r.check_serials(["1", "2", "2", "9", ""], issued)
    assert flags == [True, False, False, False, False]
    kinds = sorted(n.kind for n in notes)
    assert kinds == sorted(
        [r.Anomaly.SERIAL_DUPLICATE, r.Anomaly.SERIAL_NOT_ISSUED, r.Anomaly.SERIAL_MISSING]
    )
    dup = next(n for n in notes if n.kind is r.Anomaly.SERIAL_DUPLICATE)
    assert dup.serial == "2" and dup.count == 2


def test_cv7_without_issued_list_every_ballot_counts_as_issued() -> None:
    flags, notes = r.check_serials(["", "7", "7"], None)
    assert flags == [True, True, True] and notes == []


def test_cv7_serial_list_parsing() -> None:
    assert r.parse_serial_list("1-3,50") == frozenset({"1", "2", "3", "50"})
    assert r.parse_serial_list("001-003") == frozenset({"001", "002", "003"})
    for bad in ["5-1", "a-3", "1-b"]:
        with pytest.raises(ValueError):
            r.parse_serial_list(bad)


# CV8 -----------------------------------------------------------------------------------------


def test_cv8_tally_counts_and_percentages_of_ballots_returned() -> None:
    codes = ["1", "1", "2", "3", "", "13", "X"]
    ballots = [Ballot((Line.parse(c),)) for c in codes]
    (t,) = r.tally(ballots, 1, issued=8)
    assert (t.issued, t.returned, t.valid, t.invalid) == (8, 7, 4, 3)
    assert t.counts == {Level.HIGH: 2, Level.CONFIDENCE: 1, Level.LOW: 1}
    assert t.pct(Level.HIGH) == "28.57"  # 2/7 of ballots returned, not of valid ones
    assert t.pct(Level.CONFIDENCE) == "14.29"
    assert t.reconciles


def test_cv8_percent_rounds_half_up_only_for_display() -> None:
    assert r.percent(Fraction(1, 8)) == "12.50"
    assert r.percent(Fraction(1, 3)) == "33.33"
    assert r.percent(Fraction(2, 3)) == "66.67"
    assert r.percent(Fraction(1, 200000)) == "0.00"
    assert r.percent(Fraction(1)) == "100.00"
    assert r.percent(Fraction(1, 80000)) == "0.00"
    assert r.percent(Fraction(1, 40000)) == "0.00"
    assert r.percent(Fraction(1, 20000)) == "0.01"  # 0.005 rounds up


def test_cv8_returned_over_issued_does_not_reconcile() -> None:
    t = r.SubjectTally(issued=2, returned=3, valid=3)
    assert not t.reconciles
    assert r.returned_over_issued(2, 3) is not None
    assert r.returned_over_issued(3, 3) is None


# CV9 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("returned", range(1, 31))
def test_cv9_boundaries_are_exact_fractions(returned: int) -> None:
    for low in range(returned + 1):
        d = r.outcome(low, returned)
        if low * 3 >= returned * 2:
            assert d.outcome is Outcome.TWO_THIRDS_LOW
        elif low * 2 > returned:
            assert d.outcome is Outcome.OVER_HALF_LOW
        else:
            assert d.outcome is Outcome.NONE


def test_cv9_exactly_half_is_not_over_half() -> None:
    assert r.outcome(50, 100).outcome is Outcome.NONE
    assert r.outcome(51, 100).outcome is Outcome.OVER_HALF_LOW


def test_cv9_two_thirds_is_not_rounded_from_a_percentage() -> None:
    # 66.67% rounded would pass a "≥ 66.67" test wrongly or fail a "≥ 66.66" one; fractions not.
    assert r.outcome(2, 3).outcome is Outcome.TWO_THIRDS_LOW
    assert r.outcome(6666, 10000).outcome is Outcome.OVER_HALF_LOW
    assert r.outcome(6667, 10000).outcome is Outcome.TWO_THIRDS_LOW


def test_cv9_denominator_setting_changes_outcome_and_says_so() -> None:
    by_returned = r.outcome(20, 30, r.Denominator.RETURNED)
    by_convened = r.outcome(
        20, r.denominator_count(r.Denominator.CONVENED, 30, 45), r.Denominator.CONVENED
    )
    assert by_returned.outcome is Outcome.TWO_THIRDS_LOW
    assert by_convened.outcome is Outcome.NONE
    assert "phiếu thu về" in by_returned.why
    assert "triệu tập" in by_convened.why
    with pytest.raises(ValueError):
        r.denominator_count(r.Denominator.CONVENED, 30, None)


def test_cv9_why_explains_the_consequence_and_high_confidence() -> None:
    d = r.outcome(16, 30)
    assert "quy hoạch" in d.why and "16/30" in d.why
    h = r.outcome(0, 10, high=6)
    assert h.high_majority and "tín nhiệm cao" in h.why


# CV10 ----------------------------------------------------------------------------------------


def test_cv10_minutes_are_secret_in_three_copies() -> None:
    assert r.MINUTES_SECRECY == "MẬT"
    assert len(r.MINUTES_COPIES) == 3
    assert sum("Cấp trên trực tiếp" in c for c in r.MINUTES_COPIES) == 2


# CV11 ----------------------------------------------------------------------------------------


def test_cv11_disclosure_table() -> None:
    for voter, manager, subject, board, announced in itertools.product([False, True], repeat=5):
        v = r.Viewer(voter, manager, subject, board)
        expected = board or (announced and (voter or manager or subject))
        assert r.may_see_result(v, announced) == expected


def test_cv11_outsider_never_sees_result() -> None:
    assert not r.may_see_result(r.Viewer(), announced=True)


# CV12 ----------------------------------------------------------------------------------------


def test_cv12_third_year_of_term_is_mid_term() -> None:
    ok, why = r.mid_term_note(dt.date(2021, 6, 1), dt.date(2023, 11, 20))
    assert ok and "năm thứ 3" in why.lower()
    ok, why = r.mid_term_note(dt.date(2021, 6, 1), dt.date(2024, 3, 1))
    assert not ok and "4" in why
