"""``danchu calendar add-days`` and ``danchu calendar is-working``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().strip()


def test_tm1_cli_add_days_prints_iso_date() -> None:
    assert run("add-days", "2026-03-03", "20") == "2026-03-23"


def test_tm2_cli_add_days_rolls_past_tet_2026() -> None:
    assert run("add-days", "2026-02-06", "10") == "2026-02-23"


def test_tm3_cli_add_working_days_across_tet_2025() -> None:
    assert run("add-days", "2025-01-23", "5", "--working") == "2025-02-06"


def test_tm3_cli_add_working_days_across_30_4_2025() -> None:
    assert run("add-days", "2025-04-25", "5", "--working") == "2025-05-06"


def test_tm1_cli_add_days_negative_counts_back() -> None:
    assert run("add-days", "2026-03-23", "-20") == "2026-03-03"


@pytest.mark.parametrize(
    ("day", "answer"),
    [
        ("2025-02-08", "yes"),  # working Saturday
        ("2025-01-27", "no"),  # Tết 2025
        ("2026-02-20", "no"),  # Tết 2026
        ("2026-02-23", "yes"),
        ("2026-03-07", "no"),  # ordinary Saturday
    ],
)
def test_tm4_cli_is_working(day: str, answer: str) -> None:
    assert run("is-working", day) == answer


def test_tm4_cli_days_off_lists_the_year() -> None:
    out = run("days-off", "2025")
    assert "2025-02-08\t" in out
    assert "2025-04-30\t" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add-days", "2026-13-01", "3"), "Tham số DATE: «2026-13-01» không phải ngày hợp lệ"),
        (("add-days", "2026-03-01", "ba"), "Tham số N: «ba» không phải số nguyên"),
        (("is-working", "13/02/2026"), "Tham số DATE: «13/02/2026» không phải ngày hợp lệ"),
        (("days-off", "20266"), "Tham số YEAR: 20266 phải nằm trong khoảng"),
    ],
)
def test_cli_bad_input_is_reported_in_vietnamese(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
