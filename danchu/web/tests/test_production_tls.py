"""Issue 19, point 1: docs/operations.md works as written. ``deploy/behind-tls.sh`` brings up
danchu under gunicorn with DEBUG=0 on PostgreSQL behind nginx terminating TLS (self-signed
certificate); Chromium logs in through it and opens a page of each process.

Runs where the suite runs on PostgreSQL and Debian's nginx is installed (scripts/test.sh
installs it when run as root, as CI does)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from danchu.testing.browser import chromium

ROOT = Path(__file__).resolve().parents[3]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
PASSWORD = "Mật khẩu quản trị 2026"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"), reason="the recipe runs on PostgreSQL"
    ),
    pytest.mark.skipif(
        not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")),
        reason="Debian's nginx is needed (scripts/test.sh installs it as root)",
    ),
]


@pytest.fixture
def deployed(tmp_path):  # type: ignore[no-untyped-def]
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = f"{parts.path.lstrip('/') or 'danchu'}_tls_recipe"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    dropped = {"DEBUG", "DANCHU_VAR_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env |= {"DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}")), "ADMIN_PASSWORD": PASSWORD}
    script = ROOT / "deploy" / "behind-tls.sh"
    started = subprocess.run(
        [str(script), "start", str(tmp_path)], env=env, capture_output=True, text=True, timeout=300
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield (tmp_path / "url").read_text().strip()
    finally:
        subprocess.run([str(script), "stop", str(tmp_path)], env=env, timeout=60)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def totp_now(secret: str, base: str) -> str:
    """The code an authenticator app shows now, by the server's clock (tests freeze their own)."""
    import base64
    import ssl
    import urllib.request
    from email.utils import parsedate_to_datetime

    from django_otp.oath import TOTP

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with urllib.request.urlopen(base + "healthz", context=context) as answer:
        server_time = parsedate_to_datetime(answer.headers["Date"]).timestamp()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = server_time
    return f"{totp.token():06d}"


def test_issue19_login_through_the_tls_proxy_and_open_each_process(deployed):
    base = deployed
    with chromium(ignore_https_errors=True) as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + "accounts/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("#login-submit")
        assert "/accounts/login/" not in page.url, page.content()[:1000]  # no CSRF 403
        # An administrator enrols an authenticator app (TOTP) and types its code.
        assert "/accounts/2fa/" in page.url
        secret = page.inner_text("#totp-secret")
        page.fill("#id_code", totp_now(secret, base))
        with page.expect_navigation():
            page.click("#two-factor-submit")
        assert "/accounts/2fa/" not in page.url, page.content()[:1000]
        for path in ("votes/", "surveys/", "consultations/", "classification/", "calendar/"):
            response = page.goto(base + path)
            assert response is not None, path
            # The classification index refuses (in Vietnamese) while no round concerns the user.
            allowed = {200, 403} if path == "classification/" else {200}
            assert response.status in allowed, (path, response.status)
            assert page.locator("html").get_attribute("lang") == "vi"
            headers = response.headers
            assert "strict-transport-security" in headers
            assert "script-src 'self'" in headers["content-security-policy"]
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
        # The strict CSP blocked nothing the pages need.
        assert not [e for e in errors if "Content Security Policy" in e], errors
