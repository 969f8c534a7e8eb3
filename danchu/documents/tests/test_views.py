"""The sample-documents page: a role × page matrix, and what it serves."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from danchu.accounts.models import Role
from danchu.testing import factories as f

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("documents:samples"),
    reverse("documents:sample_file", args=["plan", "pdf"]),
    reverse("documents:sample_file", args=["minutes", "docx"]),
    reverse("documents:sample_file", args=["party", "pdf"]),
]
# alice (Home Affairs, province), bob / carol (commune officers), root (admin): officials.
# dave has no role: refused. Anonymous: sent to the login page.
ACTORS = {"alice": 200, "bob": 200, "carol": 200, "root": 200, "dave": 403}


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(("actor", "status"), ACTORS.items())
def test_role_page_matrix(world, actor: str, status: int, url: str):
    response = f.client_for(getattr(world, actor)).get(url)
    assert response.status_code == status


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(world, url: str):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [Role.VILLAGE_HEAD, Role.UNION_REP, Role.SUPERVISOR])
def test_any_unit_role_may_preview(world, role: str):
    user = f.UserFactory(username=f"u-{role}")
    f.give_role(user, role, world.village_a1)
    assert f.client_for(user).get(PAGES[0]).status_code == 200


def test_record_role_alone_does_not_open_the_page(world):
    user = f.UserFactory(username="counter")
    f.give_role(user, Role.COUNTING_BOARD, record=world.commune_a)
    assert f.client_for(user).get(PAGES[0]).status_code == 403


def test_samples_page_lists_pdf_and_docx_in_vietnamese(world):
    html = f.client_for(world.bob).get(PAGES[0]).content.decode()
    assert "Văn bản mẫu" in html
    assert reverse("documents:sample_file", args=["minutes", "docx"]) in html


def test_doc1_sample_pdf_is_served_inline_and_reads_back(world):
    response = f.client_for(world.bob).get(PAGES[1])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Số: 05/KH-UBND" in text


def test_doc2_party_sample_is_copy_one_of_three(world):
    response = f.client_for(world.bob).get(PAGES[3])
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Bản số: 1/3" in text


def test_unknown_sample_or_format_is_not_found(world):
    client = f.client_for(world.bob)
    assert client.get(reverse("documents:sample_file", args=["nope", "pdf"])).status_code == 404
    assert client.get(reverse("documents:sample_file", args=["plan", "odt"])).status_code == 404
