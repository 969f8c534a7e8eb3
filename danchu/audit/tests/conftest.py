"""Each audit test gets its own signing key and its own folder outside the database, so one
test's anchors never meet another test's chain."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_key_and_audit_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DANCHU_KEY_DIR = str(tmp_path / "keys")
    settings.DANCHU_AUDIT_DIR = str(tmp_path / "audit")
