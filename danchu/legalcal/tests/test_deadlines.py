"""The deadline module: before/after/consecutive/span/status, each keeping its rule and why."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from danchu.legalcal.calendar import SwapTable
from danchu.legalcal.deadlines import (
    BEFORE_READING,
    TM_READINGS,
    Deadline,
    DeadlineStatus,
    Unit,
    after,
    before,
    consecutive,
    consecutive_end,
    span_meets_minimum,
    status,
)
from danchu.legalcal.seed import KNOWN_SWAPS

D = dt.date
SEED = SwapTable.from_pairs((s.day, s.kind) for s in KNOWN_SWAPS)
WHY = "Hồ sơ phải gửi trước ngày lấy phiếu ít nhất 20 ngày — CV4"


def test_tm1_before_keeps_rule_why_and_unit() -> None:
    d = before(D(2026, 3, 23), 20, rule="CV4", why=WHY, swaps=SEED)
    assert (d.rule, d.why, d.unit) == ("CV4", WHY, "calendar")
    # Vote Monday 23/3/2026: D not counted, counting back 20 days → Tuesday 3/3/2026.
    assert d.due == D(2026, 3, 3)
    assert (d.anchor, d.days) == (D(2026, 3, 23), 20)
    assert "03/03/2026" in d.how and "23/03/2026" in d.how and BEFORE_READING in d.how


def test_tm1_before_due_date_leaves_exactly_n_days_before_the_event() -> None:
    event = D(2026, 3, 24)  # Tuesday; 15 days before is Monday 9/3
    d = before(event, 15, rule="CV4", why="Gửi hồ sơ cho cử tri", swaps=SEED)
    assert d.due == D(2026, 3, 9)
    assert span_meets_minimum(d.due, event, 15)
    assert not span_meets_minimum(d.due + dt.timedelta(days=1), event, 15)


def test_tm2_before_on_a_day_off_moves_earlier_never_later() -> None:
    # 20 days before Friday 6/3/2026 is Saturday 14/2 (Tết 2026) → last working day, Fri 13/2.
    d = before(D(2026, 3, 6), 20, rule="CV4", why=WHY, swaps=SEED)
    assert d.due == D(2026, 2, 13)
    assert span_meets_minimum(d.due, D(2026, 3, 6), 20)


def test_tm3_before_in_working_days() -> None:
    # LD11: plan reaches those concerned at least 5 working days before Friday 13/3/2026.
    d = before(D(2026, 3, 13), 5, working=True, rule="LD11", why="Kế hoạch kiểm tra", swaps=SEED)
    assert d.due == D(2026, 3, 6)
    assert d.unit == Unit.WORKING == "working"
    assert "5 ngày làm việc trước" in d.how


def test_tm2_after_calendar_days_rolls_to_next_working_day() -> None:
    # DC2: published Thursday 29/1/2026; 20 days → Wednesday 18/2 (Tết) → Monday 23/2.
    d = after(D(2026, 1, 29), 20, rule="DC2", why="Nhân dân góp ý ít nhất 20 ngày", swaps=SEED)
    assert d.due == D(2026, 2, 23)
    assert (d.rule, d.unit) == ("DC2", "calendar")
    assert "TM2" in d.how


def test_tm3_after_working_days_across_30_4_2025() -> None:
    # DC5: the agency regulation is published no later than 5 working days after issue.
    d = after(
        D(2025, 4, 25),
        5,
        working=True,
        rule="DC5",
        why="Công khai quy chế chậm nhất 5 ngày làm việc sau khi ban hành — DC5",
        swaps=SEED,
    )
    assert d.due == D(2025, 5, 6)
    assert d.unit == "working"


def test_consecutive_days_count_the_first_day() -> None:
    # DC3: on the radio at least 3 consecutive days from Saturday 14/2/2026: 14, 15, 16/2.
    assert consecutive_end(D(2026, 2, 14), 3) == D(2026, 2, 16)
    d = consecutive(D(2026, 2, 14), 3, rule="DC3", why="Phát thanh 3 ngày liên tục")
    assert d.due == D(2026, 2, 16) and d.rule == "DC3"
    with pytest.raises(ValueError):
        consecutive_end(D(2026, 2, 14), 0)


def test_tm1_span_meets_minimum_does_not_count_the_start_day() -> None:
    # DC2: published 1/3/2026; opinions until 21/3 is 20 days; until 20/3 is only 19.
    assert span_meets_minimum(D(2026, 3, 1), D(2026, 3, 21), 20)
    assert not span_meets_minimum(D(2026, 3, 1), D(2026, 3, 20), 20)


def test_tm3_span_meets_minimum_in_working_days_across_tet() -> None:
    # From Thursday 12/2/2026 to Thursday 26/2: 13/2, 23, 24, 25, 26/2 = 5 working days.
    assert span_meets_minimum(D(2026, 2, 12), D(2026, 2, 26), 5, working=True, swaps=SEED)
    assert not span_meets_minimum(D(2026, 2, 12), D(2026, 2, 25), 5, working=True, swaps=SEED)


def test_status_pending_on_time_late_overdue() -> None:
    d = Deadline(rule="CV4", why=WHY, due=D(2026, 3, 3))
    assert status(d, None, D(2026, 3, 3)) is DeadlineStatus.PENDING
    assert status(d, None, D(2026, 3, 4)) is DeadlineStatus.OVERDUE
    assert status(d, D(2026, 3, 3), D(2026, 3, 10)) is DeadlineStatus.ON_TIME
    assert status(d, D(2026, 3, 4), D(2026, 3, 10)) is DeadlineStatus.LATE
    assert {s.value for s in DeadlineStatus} == {"pending", "on_time", "late", "overdue"}


def test_deadline_is_frozen() -> None:
    d = Deadline(rule="CV4", why=WHY, due=D(2026, 3, 3))
    with pytest.raises(AttributeError):
        d.due = D(2026, 3, 4)  # type: ignore[misc]


def test_tm_readings_are_shown_for_every_tm_rule() -> None:
    assert set(TM_READINGS) == {"TM1", "TM2", "TM3", "TM4"}
    assert all(text for text in TM_READINGS.values())


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        before(D(2026, 3, 23), -1, rule="CV4", why=WHY, swaps=SEED)
    with pytest.raises(ValueError):
        after(D(2026, 3, 23), -1, rule="DC2", why="x", swaps=SEED)


def test_every_deadline_keeps_a_rule_id_and_a_why_in_nfc() -> None:
    nfd = unicodedata.normalize("NFD", WHY)
    d = before(D(2026, 3, 23), 20, rule="CV4", why=f"  {nfd} ", swaps=SEED)
    assert d.why == WHY and unicodedata.is_normalized("NFC", d.why)
    for rule in ("", "cv4", "CV", "Điều 147", "CV4 "):
        with pytest.raises(ValueError, match=r"RULES\.md"):
            after(D(2026, 3, 23), 5, rule=rule, why=WHY, swaps=SEED)
    with pytest.raises(ValueError, match="thiếu lý do"):
        consecutive(D(2026, 2, 14), 3, rule="DC3", why="  ")
    with pytest.raises(ValueError):
        Deadline(rule="CV4", why=WHY, due=D(2026, 3, 3), unit="weeks")
    assert Deadline(rule="LD10", why="x", due=D(2026, 3, 3)).rule == "LD10"
