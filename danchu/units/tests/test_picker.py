"""The unit picker's search endpoint: by code or folded name (ID2), only the user's units."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.testing.factories import UnitFactory, client_for
from danchu.units import selectors

pytestmark = pytest.mark.django_db


def found(client, q, cap="manage_unit", max_level=3):
    response = client.get(reverse("units:search"), {"q": q, "cap": cap, "max_level": max_level})
    assert response.status_code == 200
    html = response.content.decode()
    return html, html.count("data-value=")


@pytest.mark.parametrize("q", ["hoa", "HÒA", "Hoà", "an hoa", "xa an hoa", "T0001"])
def test_id2_search_by_folded_name_or_code(world, q):
    html, n = found(client_for(world.bob), q)
    assert n == 1
    assert f'data-value="{world.commune_a.pk}"' in html
    assert 'data-label="Xã An Hòa — Tỉnh Thử (T0001)"' in html


@pytest.mark.parametrize(("who", "expected"), [("alice", 3), ("bob", 1), ("carol", 1), ("root", 3)])
def test_search_lists_only_units_in_the_users_scope(world, who, expected):
    # "t" starts every code here: the province T01 and the communes T0001, T0002.
    _html, n = found(client_for(getattr(world, who)), "t")
    assert n == expected


def test_a_unit_outside_the_scope_is_not_found_even_by_its_exact_code(world):
    html, n = found(client_for(world.bob), "T0002")
    assert n == 0
    assert "Không có đơn vị nào của bạn khớp." in html


def test_max_level_leaves_out_villages_and_view_scope_is_wider_than_manage(world):
    bob = client_for(world.bob)
    assert found(bob, "thon 1", max_level=3)[1] == 0
    assert found(bob, "thon 1", max_level=4)[1] == 1
    carol = client_for(world.carol)
    assert found(carol, "an hoa", cap="view_unit")[1] == 0  # carol sees only commune B


@pytest.mark.parametrize(("who", "expected"), [("dave", 403)])
def test_user_without_a_role_is_refused(world, who, expected):
    response = client_for(getattr(world, who)).get(reverse("units:search"), {"q": "hoa"})
    assert response.status_code == expected


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("units:search"), {"q": "hoa"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("cap", ["run_votes", "manage_accounts", "nonsense"])
def test_only_view_and_manage_scopes_may_be_asked_for(world, cap):
    response = client_for(world.root).get(reverse("units:search"), {"q": "hoa", "cap": cap})
    assert response.status_code == 404


def test_the_list_stops_at_the_limit_and_says_to_type_more(world):
    for n in range(selectors.PICKER_LIMIT + 5):
        UnitFactory(code=f"Z{n:04d}", name=f"Xã Đồi {n}", parent=world.province)
    html, n = found(client_for(world.alice), "doi")
    assert n == selectors.PICKER_LIMIT
    assert "Còn nhiều đơn vị khớp" in html


def test_an_exact_code_comes_first(world):
    UnitFactory(code="T00011", name="Xã Khác", parent=world.province)
    html, n = found(client_for(world.alice), "T0001")
    assert n == 2
    assert html.index("Xã An Hòa") < html.index("Xã Khác")


def test_the_widget_asks_only_for_the_typed_text(world):
    """The search request carries the typed text alone: never the rest of the form (the
    identification number must not land in a GET URL and its logs)."""
    page = client_for(world.bob).get(reverse("people:create")).content.decode()
    assert 'hx-params="home_unit_q"' in page
    assert "cap=manage_unit" in page and "max_level=3" in page
