from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


def menu(user) -> str:  # type: ignore[no-untyped-def]
    body = client_for(user).get(reverse("home")).content.decode()
    return body.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]


def test_home_affairs_sees_processes_audit_and_roles(world):  # type: ignore[no-untyped-def]
    nav = menu(world.alice)
    for label in ("Lấy phiếu tín nhiệm", "Lấy ý kiến nhân dân", "Nhật ký kiểm toán", "Phân quyền"):
        assert label in nav, label


def test_officer_sees_consultations_and_imports_but_not_audit_or_roles(world):  # type: ignore[no-untyped-def]
    nav = menu(world.bob)
    assert "Nhập dữ liệu" in nav
    assert "Nhật ký kiểm toán" not in nav
    assert "Phân quyền" not in nav
    assert "Lấy phiếu tín nhiệm" not in nav


def test_user_without_role_sees_no_process(world):  # type: ignore[no-untyped-def]
    nav = menu(world.dave)
    assert "Lấy phiếu" not in nav and "Nhập dữ liệu" not in nav and "Nhật ký" not in nav
