"""Every string a user reads is translated to Vietnamese, and the compiled catalogues are current.

For each app with a ``locale/`` folder, ``makemessages`` is run on a copy of the app and the
msgids it finds must all be in the committed ``.po`` with a non-fuzzy translation, and the
committed ``.mo`` must carry the same translations.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

APPS_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(APPS_DIR.glob("*/locale/vi/LC_MESSAGES/django.po"))


def app_of(po_path: Path) -> Path:
    return po_path.parents[3]


def test_there_are_catalogues():
    assert {app_of(p).name for p in CATALOGUES} >= {"web", "accounts"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: app_of(p).name)
def test_catalogue_is_complete_and_compiled(po_path: Path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert untranslated == [], f"untranslated in {po_path}"
    with po_path.with_suffix(".mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert mo._catalog.get(key) == entry.msgstr, f"{po_path}.mo is stale: {entry.msgid!r}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: app_of(p).name)
def test_every_marked_string_is_in_the_catalogue(po_path: Path, tmp_path: Path):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext")
    copy = tmp_path / app_of(po_path).name
    shutil.copytree(app_of(po_path), copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    subprocess.run(
        # -P: the app copy is the working directory, and its calendar.py / selectors.py must not
        # shadow the standard library modules of the same name.
        [sys.executable, "-P", "-m", "danchu", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    found = {e.msgid for e in polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(po_path)) if e.translated()}
    assert sorted(found - committed) == []


def test_no_msgid_is_translated_two_ways_across_apps():
    """All catalogues merge into one: the same English text must not mean two things.

    Where two apps need different Vietnamese for one English word, they use a context
    (``pgettext``/``{% translate "…" context "…" %}``).
    """
    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    clashes = []
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgstr:
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in seen and seen[key][0] != entry.msgstr:
                clashes.append((entry.msgid, seen[key], (entry.msgstr, app_of(po_path).name)))
            seen.setdefault(key, (entry.msgstr, app_of(po_path).name))
    assert clashes == []
