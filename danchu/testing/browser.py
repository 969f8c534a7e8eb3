"""Headless Chromium for browser tests: Debian's ``chromium`` driven by Playwright.

Playwright never downloads a browser here: we launch the system Chromium by path, with the flags
that keep it from reaching out to the network (the machine has none).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise RuntimeError(
            "Chromium is needed for browser tests: apt-get install chromium (scripts/test.sh "
            "does this)."
        )
    return path


@contextmanager
def chromium(**context_args: Any) -> Iterator[Any]:
    """Yield a Playwright browser context (sync API)."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM guard would refuse.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**context_args)
            yield context
            context.close()
        finally:
            browser.close()


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
