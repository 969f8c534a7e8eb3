"""Issue 19, point 2 (ASVS V7): API errors in Vietnamese with the right status."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from danchu.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_issue19_not_logged_in_is_401_with_a_challenge_in_vietnamese(world):
    response = APIClient().get("/api/people/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["detail"].startswith("Bạn chưa đăng nhập")


def test_issue19_bad_token_is_401_in_vietnamese(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = client.get("/api/people/")
    assert response.status_code == 401
    assert "Mã API không hợp lệ" in response.json()["detail"]


def test_issue19_no_right_is_403_and_missing_is_404_in_vietnamese(world):
    response = api_as(world.dave).get("/api/people/")
    assert response.status_code == 403
    assert not response.json()["detail"].isascii()
    response = api_as(world.alice).get("/api/people/999999/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Không tìm thấy")  # not "No Person matches…"


def test_issue19_field_errors_are_vietnamese(world):
    response = api_as(world.alice).post("/api/people/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["full_name"] == ["Trường này là bắt buộc."]
    response = api_as(world.alice).post(
        "/api/people/",
        {
            "full_name": "Lê Văn An",
            "gender": "M",
            "home_unit_code": world.commune_a.code,
            "date_of_birth": "13/01/1990",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["date_of_birth"][0]
    assert not response.json()["date_of_birth"][0].isascii()


@pytest.mark.parametrize("born", ["2099-01-01", "0792-05-01", "1899-12-31"])
def test_issue19_id1_birth_date_out_of_range_is_refused_by_the_api(world, born):
    body = {
        "full_name": "Lê Văn An",
        "gender": "M",
        "home_unit_code": world.commune_a.code,
        "date_of_birth": born,
    }
    response = api_as(world.alice).post("/api/people/", body, format="json")
    assert response.status_code == 400
    assert "Ngày sinh" in response.json()["date_of_birth"][0]


def test_issue19_id1_birth_date_out_of_range_is_refused_by_the_page(world):
    from danchu.testing.factories import client_for

    response = client_for(world.alice).post(
        "/people/new/",
        {
            "full_name": "Lê Văn An",
            "gender": "M",
            "date_of_birth": "2099-01-01",
            "home_unit": world.commune_a.pk,
        },
    )
    assert response.status_code == 400  # the form shown again with its errors
    assert "Ngày sinh ở tương lai." in response.content.decode()
    assert not PersonFactory._meta.model.objects.filter(full_name="Lê Văn An").exists()
