"""Issue 19, point 3 (ASVS V2 authentication, V3 sessions/tokens): passwords, the change and
reset pages, the forced change, hashed expiring revocable API tokens, per-address throttling."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from danchu.accounts.models import ApiToken, User
from danchu.audit.models import AuditEntry
from danchu.testing.factories import PASSWORD, client_for

pytestmark = pytest.mark.django_db

NEW = "Sông Hồng chảy qua 3 tỉnh"  # 25 characters, not common


def change(client, old, new):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize("weak", ["Ngắn1234", "password1234", "123456789012"])
def test_issue19_v2_1_short_common_or_numeric_passwords_are_refused(world, weak):
    response = change(client_for(world.bob), PASSWORD, weak)
    assert response.status_code == 200
    world.bob.refresh_from_db()
    assert world.bob.check_password(PASSWORD)


def test_issue19_v2_1_change_password_page_changes_and_audits(world):
    client = client_for(world.bob)
    response = change(client, PASSWORD, NEW)
    assert response.status_code == 302
    world.bob.refresh_from_db()
    assert world.bob.check_password(NEW)
    assert AuditEntry.objects.filter(action="accounts.password.changed").exists()
    assert client.get("/").status_code == 200  # the session survives the change


def test_issue19_forced_change_at_first_login(world):
    bob = world.bob
    bob.must_change_password = True
    bob.save()
    client = client_for(bob)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    assert "Bạn phải đổi mật khẩu" in client.get("/api/me/").json()["detail"]
    assert change(client, PASSWORD, NEW).status_code == 302
    bob.refresh_from_db()
    assert not bob.must_change_password
    assert client.get("/people/").status_code == 200


def test_issue19_admin_created_account_and_admin_reset_force_a_change(world):
    root = world.root
    root.is_staff = root.is_superuser = True
    root.save()
    admin = client_for(root)
    response = admin.post(
        "/admin/accounts/user/add/",
        {"username": "moi", "password1": NEW, "password2": NEW, "usable_password": "true"}
        | {"roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert User.objects.get(username="moi").must_change_password
    bob = world.bob
    response = admin.post(
        f"/admin/accounts/user/{bob.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.must_change_password and bob.check_password(NEW)
    assert AuditEntry.objects.filter(action="accounts.password.set_by_admin").exists()


def test_issue19_reset_by_email_sends_a_one_time_link(world):
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    done = client.post(page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.check_password(NEW)
    assert AuditEntry.objects.filter(action="accounts.password.reset").exists()
    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert "reset-invalid" in again.content.decode()


def test_issue19_reset_does_not_reveal_unknown_addresses(world):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_issue19_v3_5_api_tokens_are_hashed_listed_and_revocable(world):
    session = client_for(world.bob)
    key = session.post("/api/token/").json()["token"]
    stored = ApiToken.objects.get(user=world.bob)
    assert key not in (stored.digest, stored.prefix) and stored.digest != key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/me/").json()["username"] == "bob"
    listed = api.get("/api/tokens/").json()["results"]
    assert [t["prefix"] for t in listed] == [key[:8]] and "token" not in listed[0]
    assert api.delete(f"/api/tokens/{stored.pk}/").status_code == 204
    assert api.get("/api/me/").status_code == 401
    assert AuditEntry.objects.filter(action="accounts.token.revoked").exists()


def test_issue19_v3_5_api_tokens_expire(world, clock):
    key = client_for(world.bob).post("/api/token/").json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/me/").status_code == 200
    clock.shift(dt.timedelta(days=31))
    response = api.get("/api/me/")
    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]


def test_issue19_tokens_page_makes_lists_and_revokes(world):
    client = client_for(world.bob)
    response = client.post(reverse("accounts:tokens"), {"name": "Báo cáo tuần"})
    assert response.status_code == 200 and "new-token" in response.content.decode()
    token = ApiToken.objects.get(user=world.bob)
    other = client_for(world.carol).post(reverse("accounts:tokens"), {"revoke": token.pk})
    assert other.status_code == 404  # not carol's
    client.post(reverse("accounts:tokens"), {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_issue19_v2_2_a_stranger_cannot_lock_out_an_account_from_elsewhere(world):
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(6):
        attacker.post(reverse("accounts:login"), {"username": "bob", "password": "sai"})
    locked = attacker.post(reverse("accounts:login"), {"username": "bob", "password": PASSWORD})
    assert locked.status_code == 429
    bob = Client(REMOTE_ADDR="10.1.1.1")
    assert (
        bob.post(reverse("accounts:login"), {"username": "bob", "password": PASSWORD}).status_code
        == 302
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_issue19_v2_2_one_address_spraying_many_accounts_is_paused(world, path, settings):
    settings.DANCHU_LOGIN_FAILURES_PER_ADDRESS = 8
    sprayer = Client(REMOTE_ADDR="10.6.6.6")
    for i in range(8):
        sprayer.post(path, {"username": f"user{i}", "password": "Mùa xuân 2026"})
    response = sprayer.post(path, {"username": "bob", "password": PASSWORD})
    assert response.status_code == 429
    assert 'id="throttled"' in response.content.decode()
    # Another address is not affected.
    assert (
        Client(REMOTE_ADDR="10.1.1.2")
        .post(reverse("accounts:login"), {"username": "bob", "password": PASSWORD})
        .status_code
        == 302
    )
