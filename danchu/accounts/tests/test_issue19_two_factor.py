"""Issue 19, point 3 (ASVS V2.7): TOTP two-factor authentication for Home Affairs officers and
administrators (on in production: DANCHU_REQUIRE_2FA)."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from danchu.audit.models import AuditEntry
from danchu.testing.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):  # type: ignore[no-untyped-def]
    settings.DANCHU_REQUIRE_2FA = True


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_issue19_home_affairs_enrols_then_gets_in(world):
    client = client_for(world.alice)
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
    assert client.get("/api/me/").status_code == 403
    page = client.get("/accounts/2fa/?next=/people/").content.decode()
    assert 'id="totp-secret"' in page and "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=world.alice)
    wrong = client.post("/accounts/2fa/", {"code": "000000", "next": "/people/"})
    assert wrong.status_code == 400 and "two-factor-error" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/accounts/2fa/", {"code": code_for(device), "next": "/people/"})
    assert done.status_code == 302 and done["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    assert TOTPDevice.objects.get(user=world.alice).confirmed
    assert AuditEntry.objects.filter(action="accounts.2fa.enrolled").exists()


def test_issue19_next_login_asks_only_for_the_code(world):
    device = TOTPDevice.objects.create(user=world.root, name="danchu", confirmed=True)
    client = client_for(world.root)
    page = client.get("/accounts/2fa/").content.decode()
    assert "totp-secret" not in page  # the key is never shown again
    assert client.post("/accounts/2fa/", {"code": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_issue19_other_roles_are_not_asked(world):
    assert client_for(world.bob).get("/people/").status_code == 200


def test_issue19_next_cannot_leave_the_site(world):
    device = TOTPDevice.objects.create(user=world.alice, name="danchu", confirmed=True)
    client = client_for(world.alice)
    response = client.post(
        "/accounts/2fa/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and not re.match(r"https?://", response["Location"])
