"""Records that hold (issue 10, point 7): "today" comes from one place, and the suite runs at
fixed dates whatever the machine's clock says."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from danchu.core import clock as platform_clock

DANCHU = Path(__file__).resolve().parents[2]
DIRECT = re.compile(r"timezone\.(now|localdate)\(|\bdate\.today\(|datetime\.(now|utcnow|today)\(")


def test_records_hold_the_suite_starts_every_test_at_the_frozen_day():
    assert platform_clock.today() == dt.date(2026, 11, 22)
    assert platform_clock.now().astimezone(dt.UTC).date() == dt.date(2026, 11, 22)


@pytest.mark.clock("2030-01-01 00:05")
def test_records_hold_a_test_can_start_elsewhere_on_purpose():
    assert platform_clock.today() == dt.date(2030, 1, 1)


def test_records_hold_a_test_crosses_new_year_only_when_it_moves_the_clock(clock):
    clock.move_to(dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    assert platform_clock.today() == dt.date(2026, 12, 31)
    clock.shift(dt.timedelta(minutes=2))
    assert platform_clock.today() == dt.date(2027, 1, 1)


def test_records_hold_no_module_reads_the_clock_but_danchu_core_clock():
    offenders = [
        f"{path.relative_to(DANCHU.parent)}:{n}"
        for path in DANCHU.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "clock.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if DIRECT.search(line) and "noqa: TID251" not in line
    ]
    assert offenders == []
