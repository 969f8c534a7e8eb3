"""GR8 API: cases without personal data, the figures as an exact fraction and the Vietnamese
percentage; scoped like the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from danchu.complaints import api, services
from danchu.complaints.tests.conftest import register
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


def test_gr8_api_lists_cases_without_personal_data_and_gives_figures(world):
    case, _ = register(world)
    services.assign(actor=world.bob, case=case, handler=world.bob)
    services.accept(actor=world.bob, case=case)
    services.settle(actor=world.bob, case=case, answer="Đã giải quyết.")
    register(world)
    url = f"/api/complaints/?commune={world.commune_a.pk}"
    body = client_for(world.alice).get(url).json()
    assert body["count"] == 2
    row = body["results"][0]
    assert set(row) == set(api.ComplaintCaseSerializer().fields)
    assert "Nguyễn Thị Mận" not in str(body) and "0912345678" not in str(body)
    fig = client_for(world.bob).get(
        f"/api/complaints/figures/?commune={world.commune_a.pk}&year=2026"
    )
    data = fig.json()
    assert set(data) == set(api.ComplaintFiguresSerializer().fields)
    assert data["on_time_rate"] == "1/1" and data["on_time_rate_vi"] == "100,00%"
    assert data["backlog"] == 1 and data["received"] == 2
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(world.dave).get(url).status_code == 403
    assert Client().get(url).status_code in (401, 403)
    assert client_for(world.bob).get("/api/complaints/?commune=x").status_code == 400
    assert client_for(world.bob).get("/api/complaints/").status_code == 400
