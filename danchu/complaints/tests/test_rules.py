"""GR8 rules: the limits as data, extensions, remote areas, transfers and the on-time
computation on the legal calendar (no database)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from danchu.complaints import rules
from danchu.complaints.rules import CaseFacts, Complexity, Kind, TransferGround
from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.deadlines import Unit
from danchu.residents.rules import StepState

NO_SWAPS = SwapTable()
D = dt.date


def test_gr8_limits_table_has_every_kind_with_basis_and_unit():
    assert set(rules.LIMITS) == set(Kind)
    c, d = rules.LIMITS[Kind.COMPLAINT], rules.LIMITS[Kind.DENUNCIATION]
    assert (c.accept_days, c.accept_unit, c.settle_days, c.complex_days) == (10, "calendar", 30, 45)
    assert (c.remote_days, c.remote_complex_days) == (45, 60)
    assert (d.accept_days, d.accept_unit, d.settle_days) == (7, "working", 30)
    assert d.extension_days == 30
    assert d.max_extensions(Complexity.COMPLEX) == 1
    assert d.max_extensions(Complexity.VERY_COMPLEX) == 2
    assert d.max_extensions(Complexity.ORDINARY) == 0
    for lim in rules.LIMITS.values():
        assert lim.accept_basis and lim.settle_basis


def test_gr8_complaint_acceptance_10_calendar_days_moves_off_a_weekend():
    # Received Wed 11/11/2026: day 10 is Sat 21/11 → Mon 23/11 (TM1, TM2).
    due = rules.acceptance_due(Kind.COMPLAINT, D(2026, 11, 11), NO_SWAPS)
    assert due.due == D(2026, 11, 23)
    assert due.rule == "GR8" and due.unit == Unit.CALENDAR


def test_gr8_denunciation_acceptance_7_working_days():
    # Received Fri 13/11/2026: 7 working days, 24/11 (Vietnamese Culture Day) off → Wed 25/11.
    due = rules.acceptance_due(Kind.DENUNCIATION, D(2026, 11, 13), NO_SWAPS)
    assert due.due == D(2026, 11, 25)
    assert due.unit == Unit.WORKING


def test_gr8_denunciation_acceptance_skips_a_swapped_day_off():
    swaps = SwapTable(days_off=frozenset({D(2026, 11, 16)}))
    assert rules.acceptance_due(Kind.DENUNCIATION, D(2026, 11, 13), swaps).due == D(2026, 11, 26)


def test_gr8_complaint_settlement_30_45_and_remote_45_60():
    acc = D(2026, 3, 2)  # Monday
    assert rules.settlement_due(Kind.COMPLAINT, acc, swaps=NO_SWAPS).due == D(2026, 4, 1)
    hard = rules.settlement_due(Kind.COMPLAINT, acc, Complexity.COMPLEX, swaps=NO_SWAPS)
    assert hard.due == D(2026, 4, 16)
    assert rules.settlement_days(Kind.COMPLAINT, remote=True) == 45
    assert rules.settlement_days(Kind.COMPLAINT, Complexity.COMPLEX, remote=True) == 60
    assert rules.settlement_days(Kind.COMPLAINT, Complexity.VERY_COMPLEX, remote=True) == 60


def test_gr8_denunciation_has_no_remote_limit_but_extensions():
    assert rules.settlement_days(Kind.DENUNCIATION, remote=True) == 30
    assert rules.settlement_days(Kind.DENUNCIATION, Complexity.COMPLEX, extension_days=(30,)) == 60
    assert (
        rules.settlement_days(Kind.DENUNCIATION, Complexity.VERY_COMPLEX, extension_days=(30, 30))
        == 90
    )


def test_gr8_extensions_are_limited_by_complexity_and_length():
    assert rules.extension_problems(Kind.DENUNCIATION, Complexity.COMPLEX, 0, 30) == []
    assert rules.extension_problems(Kind.DENUNCIATION, Complexity.COMPLEX, 1, 30)
    assert rules.extension_problems(Kind.DENUNCIATION, Complexity.VERY_COMPLEX, 1, 30) == []
    assert rules.extension_problems(Kind.DENUNCIATION, Complexity.VERY_COMPLEX, 2, 30)
    assert rules.extension_problems(Kind.DENUNCIATION, Complexity.COMPLEX, 0, 31)
    assert rules.extension_problems(Kind.DENUNCIATION, Complexity.ORDINARY, 0, 10)
    assert rules.extension_problems(Kind.COMPLAINT, Complexity.COMPLEX, 0, 10)


def test_gr8_transfer_needs_a_listed_ground_and_a_note():
    assert rules.transfer_problems(Kind.COMPLAINT, "second_time", "Đã giải quyết lần đầu") == []
    assert rules.transfer_problems(Kind.COMPLAINT, "", "ghi chú")  # no ground: pushed up
    assert rules.transfer_problems(Kind.COMPLAINT, TransferGround.CRIME, "x")  # not for complaints
    assert rules.transfer_problems(Kind.DENUNCIATION, TransferGround.CRIME, "  ")  # no note
    assert all(g in rules.TRANSFER_GROUNDS for gs in rules.GROUNDS_BY_KIND.values() for g in gs)


def test_gr8_case_state_met_late_missed_in_progress():
    recv = D(2026, 11, 2)  # Monday; acceptance due 12/11 (Thu)
    f = CaseFacts(Kind.COMPLAINT, recv)
    assert rules.case_state(f, D(2026, 11, 12), NO_SWAPS).acceptance == StepState.IN_PROGRESS
    assert rules.case_state(f, D(2026, 11, 13), NO_SWAPS).acceptance == StepState.MISSED
    late = CaseFacts(Kind.COMPLAINT, recv, accepted_on=D(2026, 11, 13))
    assert rules.case_state(late, D(2026, 11, 20), NO_SWAPS).acceptance == StepState.LATE
    ok = CaseFacts(Kind.COMPLAINT, recv, accepted_on=D(2026, 11, 12), settled_on=D(2026, 12, 1))
    state = rules.case_state(ok, D(2026, 12, 5), NO_SWAPS)
    assert state.acceptance == StepState.MET and state.settlement == StepState.MET
    assert state.on_time and not state.open
    # the settlement fact recorded for later does not count yet
    assert rules.case_state(ok, D(2026, 11, 30), NO_SWAPS).settlement == StepState.IN_PROGRESS


def test_gr8_remote_area_turns_a_late_settlement_into_an_on_time_one():
    acc = D(2026, 3, 2)
    f = dict(kind=Kind.COMPLAINT, received_on=D(2026, 2, 27), accepted_on=acc)
    settled = D(2026, 4, 10)  # after 30 days, within 45
    assert rules.case_state(CaseFacts(**f, settled_on=settled), D(2026, 5, 1), NO_SWAPS).late
    remote = CaseFacts(**f, settled_on=settled, remote=True)
    assert rules.case_state(remote, D(2026, 5, 1), NO_SWAPS).on_time


def test_gr8_figures_backlog_and_exact_on_time_rate():
    cases = [
        CaseFacts(
            Kind.COMPLAINT, D(2026, 1, 5), accepted_on=D(2026, 1, 6), settled_on=D(2026, 1, 20)
        ),
        CaseFacts(
            Kind.COMPLAINT, D(2026, 1, 5), accepted_on=D(2026, 1, 6), settled_on=D(2026, 3, 20)
        ),
        CaseFacts(Kind.DENUNCIATION, D(2026, 2, 2), refused_on=D(2026, 2, 4)),
        CaseFacts(Kind.PETITION, D(2026, 10, 1)),  # never answered: backlog, overdue
        CaseFacts(Kind.COMPLAINT, D(2026, 11, 20)),  # open, in time
        CaseFacts(
            Kind.COMPLAINT,
            D(2026, 6, 1),
            transferred_on=D(2026, 6, 3),
        ),
        CaseFacts(
            Kind.COMPLAINT, D(2025, 12, 1), accepted_on=D(2025, 12, 2), settled_on=D(2025, 12, 20)
        ),
    ]
    fig = rules.figures(2026, cases, D(2026, 11, 22), NO_SWAPS)
    assert fig.received == 6
    assert fig.closed == 4 and fig.closed_on_time == 3
    assert fig.on_time_rate == Fraction(3, 4)
    assert fig.backlog == 2 and fig.backlog_overdue == 1
    assert fig.transferred == 1
    assert rules.figures(2026, [], D(2026, 11, 22), NO_SWAPS).on_time_rate is None
    # A past year is seen as of its 31 December.
    past = rules.figures(2025, cases, D(2026, 11, 22), NO_SWAPS)
    assert (past.received, past.closed, past.backlog) == (1, 1, 0)
