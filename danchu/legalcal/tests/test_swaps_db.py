"""TM4 with the swap table in the database: seeded by the data migration, edited by an admin."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.accounts.models import Role
from danchu.legalcal import calendar, services
from danchu.legalcal.deadlines import before
from danchu.legalcal.models import CalendarSwap
from danchu.legalcal.seed import KNOWN_SWAPS
from danchu.testing.factories import UserFactory, client_for, give_role

D = dt.date
pytestmark = pytest.mark.django_db


def test_tm4_data_migration_seeds_the_known_swaps_with_legal_basis() -> None:
    rows = {s.date: s for s in CalendarSwap.objects.all()}
    assert {s.day for s in KNOWN_SWAPS} <= set(rows)
    assert rows[D(2025, 2, 8)].kind == "working_day"
    assert rows[D(2025, 1, 27)].kind == "day_off"
    assert "6150/TB-BLĐTBXH" in rows[D(2025, 2, 8)].legal_basis
    assert rows[D(2026, 2, 16)].verified is False


def test_tm4_default_loader_reads_the_database_table() -> None:
    assert calendar.is_working_day(D(2025, 2, 8))  # seeded working Saturday
    assert not calendar.is_working_day(D(2025, 5, 2))
    assert not any(calendar.is_working_day(D(2026, 2, 14) + dt.timedelta(days=i)) for i in range(9))


def test_tm4_an_edit_of_the_table_takes_effect_at_once() -> None:
    day = D(2027, 2, 13)  # a Saturday
    assert not calendar.is_working_day(day)
    root = UserFactory(username="root-swap")
    give_role(root, Role.SYSTEM_ADMIN)
    services.set_swap(actor=root, day=day, kind="working_day", legal_basis="Thông báo thử  nghiệm")
    assert calendar.is_working_day(day)
    assert CalendarSwap.objects.get(date=day).legal_basis == "Thông báo thử nghiệm"
    CalendarSwap.objects.filter(date=day).delete()
    assert not calendar.is_working_day(day)


def test_tm4_deleting_a_seeded_swap_changes_the_deadline() -> None:
    # 20 days before Thursday 28/2/2025 is Saturday 8/2/2025, a working Saturday: it stays.
    assert before(D(2025, 2, 28), 20, rule="CV4", why="x").due == D(2025, 2, 8)
    CalendarSwap.objects.get(date=D(2025, 2, 8)).delete()
    assert before(D(2025, 2, 28), 20, rule="CV4", why="x").due == D(2025, 2, 7)


def test_tm4_admin_can_edit_the_swap_table(world) -> None:  # type: ignore[no-untyped-def]
    world.root.is_staff = True
    world.root.save()
    client = client_for(world.root)
    response = client.post(
        "/admin/legalcal/calendarswap/add/",
        {
            "date": "2027-02-20",
            "kind": "working_day",
            "legal_basis": "Thông báo năm 2026 của Bộ Nội vụ",
            "note": "",
            "verified": "on",
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert calendar.is_working_day(D(2027, 2, 20))
    from danchu.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="legalcal.swap_added", actor=world.root).exists()


def test_tm4_swap_edits_and_feed_resets_are_audited(world) -> None:  # type: ignore[no-untyped-def]
    from danchu.audit.models import AuditEntry

    services.set_swap(
        actor=world.root, day=D(2027, 2, 20), kind="working_day", legal_basis="Thông báo thử"
    )
    services.reset_feed_token(user=world.bob)
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert "legalcal.swap_set" in actions
    assert "legalcal.feed_token_created" in actions
    entry = AuditEntry.objects.get(action="legalcal.feed_token_created")
    assert world.bob.calendar_feed.token not in str(entry.changes) + entry.target_repr
