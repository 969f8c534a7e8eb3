"""The API applies the pages' checks and speaks the count command's JSON shape."""

from __future__ import annotations

import pytest

from danchu.classification import services
from danchu.classification.models import Assessment
from danchu.classification.tests.conftest import fill
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


def test_gr1_api_round_dashboard(world, round_, people):
    a = Assessment.objects.get(round=round_, commune=world.commune_a)
    fill(a, ["16.99", "17", "17", "17", "17"], world.bob)
    services.submit(actor=people.chair_a, assessment=a)
    alice = f.client_for(world.alice)
    rounds = alice.get("/api/classification/rounds/").json()
    assert [r["id"] for r in rounds] == [round_.pk]
    data = alice.get(f"/api/classification/rounds/{round_.pk}/").json()
    got = {c["ma_xa"]: c for c in data["communes"]}
    ca = got[world.commune_a.code]
    assert (ca["tong_diem"], ca["xep_loai"], ca["tsvm"]) == ("84.99", "kha", False)
    assert ca["tran_danh_gia"][0]["muc_toi_da"] == "tot"
    assert got[world.commune_b.code]["xep_loai"] is None
    assert data["counts"]["kha"] == 1
    assert data["targets"][0] == {
        "chi_tieu": "tsvm",
        "so_sanh": ">=",
        "so_luong": 1,
        "thuc_te": 0,
        "dat": False,
    }
    assert (
        f.client_for(world.bob).get(f"/api/classification/rounds/{round_.pk}/").status_code == 403
    )
    assert f.client_for(world.bob).get("/api/classification/rounds/").json() == []
    assert alice.get("/api/classification/rounds/9999/").status_code == 404


def test_gr1_api_refuses_a_user_without_a_role(world, round_):
    assert f.client_for(world.dave).get("/api/classification/rounds/").status_code == 403
