"""API endpoints apply the pages' permissions."""

from __future__ import annotations

import pytest

from danchu.surveys.models import Form, Subject
from danchu.surveys.tests.conftest import Scene
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db


def test_api_dashboard_and_results_follow_permissions(scene: Scene) -> None:
    round_id, cs_id = scene.cs.round_id, scene.cs.pk
    for name, user in scene.actors.items():
        client = f.client_for(user)
        dash = client.get(f"/api/surveys/rounds/{round_id}/dashboard/")
        results = client.get(f"/api/surveys/communes/{cs_id}/results/")
        assert dash.status_code == (200 if name in {"alice", "chutich"} else 403), name
        can_see = name in {"alice", "chutich", "phochutich", "thuky"}
        assert results.status_code == (200 if can_see else 403), name
    data = (
        f.client_for(scene.actors["alice"]).get(f"/api/surveys/rounds/{round_id}/dashboard/").json()
    )
    assert {c["commune"] for c in data["communes"]} == {"Xã An Hòa", "Xã Bình Minh"}
    assert data["flags"][0]["person"] == "Đinh Văn Thấp"
    # records hold: the scene's report was reopened, so its counts are not results any more;
    # only the forms typed so far show, as progress
    row_a = next(c for c in data["communes"] if c["commune"] == "Xã An Hòa")
    assert (row_a["collected"], row_a["typed"], row_a["reported_backdated"]) == (0, 100, False)
    res = f.client_for(scene.actors["thuky"]).get(f"/api/surveys/communes/{cs_id}/results/").json()
    row = next(r for r in res["civil_servants"] if r["cong_chuc"] == "Đinh Văn Thấp")
    assert row["collected"] == 100 and row["low"] is True and row["rate_pct"] == "0.00"


def test_api_form_entry_double_entry(scene: Scene) -> None:
    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    url = f"/api/surveys/communes/{scene.cs.pk}/forms/"
    body = {"serial": f"S{other.pk}-5", "group": "CB", "overall": "1", "items": ["a1"]}
    assert (
        f.client_for(scene.actors["alice"])
        .post(url, body, content_type="application/json")
        .status_code
        == 403
    )
    first = f.client_for(scene.actors["phochutich"]).post(
        url, body, content_type="application/json"
    )
    assert first.status_code == 202 and first.json()["status"] == "first_pass"
    bad = f.client_for(scene.actors["thuky"]).post(
        url, body | {"overall": "0"}, content_type="application/json"
    )
    assert bad.status_code == 409
    ok = f.client_for(scene.actors["thuky"]).post(url, body, content_type="application/json")
    assert ok.status_code == 201 and Form.objects.filter(subject=other).count() == 1
    wrong = f.client_for(scene.actors["thuky"]).post(
        url, body | {"serial": "S99999-1"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "không phải phiếu của xã này" in wrong.json()["errors"][0]


def test_sv7_results_split_by_respondent_group_and_by_item_in_api_and_xlsx(scene: Scene) -> None:
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from danchu.surveys import services
    from danchu.surveys.tests.helpers import SURVEY_ON

    other = Subject.objects.get(commune_survey=scene.cs, position__code="cs-van-phong-thong-ke")
    template = services.form_template_for(scene.cs)
    for n, (group, overall, items) in enumerate(
        [("CB", "1", ["a1", "d2"]), ("KCT", "0", ["a1"]), ("ND", "1", []), ("ND", "both", ["b3"])]
    ):
        Form.objects.create(
            commune_survey=scene.cs,
            subject=other,
            serial=f"X-{n}",
            template=template,
            channel="paper",
            group=group,
            overall=overall,
            valid=overall in ("1", "0"),
            flagged_items=items,
            collected_on=SURVEY_ON,
        )
    client = f.client_for(scene.actors["thuky"])
    res = client.get(f"/api/surveys/communes/{scene.cs.pk}/results/").json()
    row = next(r for r in res["civil_servants"] if r["id"] == other.pk)
    assert (row["collected"], row["valid"], row["invalid"], row["tin_nhiem"]) == (4, 3, 1, 2)
    assert row["rate_pct"] == "50.00" and row["low"] is False
    assert row["by_group"] == {"CB": 1, "KCT": 1, "ND": 2}
    assert row["trust_by_group"] == {"CB": 1, "KCT": 0, "ND": 1}
    assert row["by_item"] == {"a1": 2, "b3": 1, "d2": 1}
    xlsx = client.get(reverse("surveys:report_file", args=[scene.cs.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header, line = rows[0], next(r for r in rows if r[1] == "Phạm Thị Văn")
    pairs = zip(header, line, strict=True)
    by_item = {h.removeprefix("Mục "): v for h, v in pairs if h.startswith("Mục ")}
    assert by_item["a1"] == 2 and by_item["b3"] == 1 and by_item["d2"] == 1
    assert sum(by_item.values()) == 4
