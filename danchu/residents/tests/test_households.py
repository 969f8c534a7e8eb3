"""Households: the register each decision counts (LD7), with history, import and who sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from danchu.dataio.exports import xlsx_bytes
from danchu.dataio.imports import open_bytes
from danchu.residents import households as hh
from danchu.residents import permissions
from danchu.residents.models import EndReason, Household
from danchu.residents.tests.conftest import Village

D = dt.date
TODAY = D(2026, 11, 22)


def test_ld7_households_on_counts_the_register_on_a_day(resid: Village) -> None:
    village = resid.villages[0]
    assert hh.households_on(village, TODAY) == 30
    assert hh.households_on(village, D(2024, 12, 31)) == 0
    new = hh.add_household(
        actor=resid.head,
        village=village,
        number="031",
        representative="Hoàng Thị Mới",
        address="Xóm Trên",
    )
    assert hh.households_on(village, TODAY) == 31
    hh.end_household(actor=resid.head, household=new, on=TODAY)
    assert hh.households_on(village, TODAY) == 31  # the last day still counts
    assert hh.households_on(village, TODAY + dt.timedelta(days=1)) == 30
    assert Household.objects.filter(pk=new.pk, end_reason=EndReason.LEFT).exists()


def test_ld7_household_history_kept_when_representative_changes(resid: Village) -> None:
    old = resid.villages[0].households.get(number="001")
    new = hh.change_household(
        actor=resid.head,
        household=old,
        representative="Nguyễn Thị Con",
        address=old.address,
        on=TODAY - dt.timedelta(days=3),
        reason="Chủ hộ cũ mất ngày 19/11",
    )
    old.refresh_from_db()
    assert old.valid_to == D(2026, 11, 18) and old.end_reason == EndReason.CHANGED
    assert new.previous_id == old.pk
    assert hh.households_on(resid.villages[0], TODAY) == 30
    assert hh.households_on(resid.villages[0], D(2026, 11, 18)) == 30


def test_ld7_household_moves_between_villages(resid: Village) -> None:
    chair = resid.chairman
    h = resid.villages[0].households.get(number="002")
    hh.move_household(
        actor=chair, household=h, to_village=resid.villages[1], number="061", address="Thôn 2"
    )
    assert hh.households_on(resid.villages[0], TODAY) == 29
    assert hh.households_on(resid.villages[1], TODAY) == 61


def test_ld7_backdated_or_future_change_needs_reason_or_is_refused(resid: Village) -> None:
    village = resid.villages[0]
    with pytest.raises(hh.HouseholdError, match="lý do"):
        hh.add_household(
            actor=resid.head,
            village=village,
            number="040",
            representative="A",
            address="B",
            on=TODAY - dt.timedelta(days=10),
        )
    with pytest.raises(hh.HouseholdError, match="chưa đến"):
        hh.add_household(
            actor=resid.head,
            village=village,
            number="040",
            representative="A",
            address="B",
            on=TODAY + dt.timedelta(days=1),
        )
    with pytest.raises(hh.HouseholdError, match="đang có"):
        hh.add_household(
            actor=resid.head, village=village, number="001", representative="A", address="B"
        )


def test_household_text_is_nfc_and_control_characters_refused(resid: Village) -> None:
    village = resid.villages[0]
    h = hh.add_household(
        actor=resid.head,
        village=village,
        number="050",
        representative="Hoa\u0300ng Văn A",
        address="Xóm Dưới",
    )
    assert h.representative == "Hoàng Văn A"
    with pytest.raises(hh.HouseholdError):
        hh.add_household(
            actor=resid.head, village=village, number="051", representative="A\x00B", address="C"
        )


def _file(rows: list[list[object]]) -> object:
    return open_bytes(xlsx_bytes("Hộ", ["so_ho", "chu_ho", "dia_chi", "tu_ngay"], rows), "h.xlsx")


def test_household_import_checks_the_whole_file_all_or_nothing(resid: Village) -> None:
    village = resid.villages[2]
    bad = _file(
        [
            ["101", "Lò Văn A", "Bản Trên", "01/01/2020"],
            ["101", "Lò Văn B", "", ""],
            ["001", "Lò Văn C", "Bản Dưới", "01/01/2030"],
        ]
    )
    outcome = hh.import_households(actor=resid.chairman, village=village, source=bad)
    errors = [str(e) for e in outcome.result.sorted_errors()]
    assert not outcome.ok
    assert any("Dòng 3" in e and "đã có ở dòng 2" in e for e in errors)
    assert any("Dòng 3" in e and "dia_chi" in e for e in errors)
    assert any("Dòng 4" in e and "đang có trong thôn" in e for e in errors)
    assert any("Dòng 4" in e and "chưa đến" in e for e in errors)
    assert hh.households_on(village, TODAY) == 9
    good = _file([["101", "Lò Văn A", "Bản Trên", "01/01/2020"], ["102", "Lò Văn B", "Bản", ""]])
    outcome = hh.import_households(actor=resid.chairman, village=village, source=good)
    assert outcome.ok and outcome.created == 2
    assert hh.households_on(village, TODAY) == 11
    assert hh.households_on(village, D(2021, 1, 1)) == 1


def test_only_those_running_decisions_see_the_list(resid: Village) -> None:
    v1, v2 = resid.villages[0], resid.villages[1]
    w = resid.world
    assert permissions.can_see_household_list(resid.head, v1)
    assert not permissions.can_see_household_list(resid.head, v2)
    assert permissions.can_see_household_list(w.bob, v2)  # officer of commune A
    assert permissions.can_see_household_list(resid.chairman, v2)
    for outsider in (w.carol, w.alice, w.dave, resid.front, w.root):
        assert not permissions.can_see_household_list(outsider, v1)
    assert permissions.can_see_counts(w.alice, v1) and permissions.can_see_counts(resid.front, v1)
    assert not permissions.can_see_counts(w.carol, v1)
    with pytest.raises(PermissionDenied):
        hh.add_household(actor=w.alice, village=v1, number="9", representative="A", address="B")
