"""ID2: names in NFC, Vietnamese order by given/middle/family name, folded search.

Runs on whichever database the suite uses (SQLite or PostgreSQL) through
``selectors.vietnamese_order``.
"""

from __future__ import annotations

import unicodedata

import pytest

from danchu.people import selectors
from danchu.people.models import Person
from danchu.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def ordered(world):
    qs = Person.objects.filter(home_unit=world.commune_a)
    return [p.full_name for p in selectors.vietnamese_order(qs)]


def test_id2_sort_by_given_name_in_vietnamese_alphabet(world):
    names = [
        "Phạm Thị Đào",
        "Lê Văn Bình",
        "Trần Thị Ánh",
        "Hoàng Văn Ân",
        "Nguyễn Văn An",
        "Lê Thị Dung",
        "Võ Văn Anh",
        "Vũ Thị Ưng",
        "Đỗ Thị Uyên",
    ]
    for name in names:
        PersonFactory(full_name=name, home_unit=world.commune_a)
    assert ordered(world) == [
        "Nguyễn Văn An",
        "Võ Văn Anh",
        "Trần Thị Ánh",
        "Hoàng Văn Ân",  # a < ă < â
        "Lê Văn Bình",
        "Lê Thị Dung",
        "Phạm Thị Đào",  # d < đ
        "Đỗ Thị Uyên",
        "Vũ Thị Ưng",  # u < ư
    ]


def test_id2_tones_order_none_huyen_hoi_nga_sac_nang(world):
    for name in ["Lê Thị Hạ", "Lê Thị Há", "Lê Thị Hà", "Lê Thị Hả", "Lê Thị Hã"]:
        PersonFactory(full_name=name, home_unit=world.commune_a)
    assert ordered(world) == ["Lê Thị Hà", "Lê Thị Hả", "Lê Thị Hã", "Lê Thị Há", "Lê Thị Hạ"]


def test_id2_then_middle_name_then_family_name(world):
    for name in ["Lê Văn Cường", "Nguyễn Thị Cường", "Đặng Văn Cường", "Bùi Văn Cường"]:
        PersonFactory(full_name=name, home_unit=world.commune_a)
    assert ordered(world) == [
        "Nguyễn Thị Cường",
        "Bùi Văn Cường",
        "Đặng Văn Cường",
        "Lê Văn Cường",
    ]


def test_id2_names_are_stored_in_nfc(world):
    decomposed = unicodedata.normalize("NFD", "Trần Thị Hoà")
    person = PersonFactory(full_name=decomposed, home_unit=world.commune_a)
    person.refresh_from_db()
    assert person.full_name == unicodedata.normalize("NFC", "Trần Thị Hoà")
    assert (person.family_name, person.middle_name, person.given_name) == ("Trần", "Thị", "Hoà")


@pytest.mark.parametrize("query", ["hoa", "Hoà", "Hòa", "HÒA", "thi hoa"])
def test_id2_search_folds_tone_placement_and_accents(world, query):
    hoa = PersonFactory(full_name="Trần Thị Hòa", home_unit=world.commune_a)
    PersonFactory(full_name="Lê Văn Hải", home_unit=world.commune_a)
    found = list(selectors.search(Person.objects.all(), query))
    assert found == [hoa]


def test_id2_search_folds_d_with_stroke(world):
    duc = PersonFactory(full_name="Huỳnh Văn Đức", home_unit=world.commune_a)
    assert list(selectors.search(Person.objects.all(), "duc")) == [duc]


@pytest.mark.django_db
def test_id2_issue19_sorting_folds_tone_placement(world):  # type: ignore[no-untyped-def]
    """ "Nguyễn Thị Thanh Hoà" (new style) no longer sorts before "Lê Thị Hòa" (old style): the
    given names are the same name, so the middle names decide."""
    from danchu.people import selectors
    from danchu.people.models import Person
    from danchu.testing.factories import PersonFactory

    PersonFactory(full_name="Nguyễn Thị Thanh Hoà", home_unit=world.commune_a)
    PersonFactory(full_name="Lê Thị Hòa", home_unit=world.commune_a)
    names = [p.full_name for p in selectors.vietnamese_order(Person.objects.all())]
    assert names == ["Lê Thị Hòa", "Nguyễn Thị Thanh Hoà"]
    assert Person.objects.get(full_name="Lê Thị Hòa").full_name == "Lê Thị Hòa"  # kept as typed
