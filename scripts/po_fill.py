"""Fill a Vietnamese catalogue from a small TSV of "msgid<TAB>msgstr" lines (a developer tool).

Usage: .venv/bin/python scripts/po_fill.py danchu/<app> translations.tsv
Runs makemessages for the app, fills the given translations, reports what is still missing and
compiles the catalogue.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib


def main() -> int:
    app_dir, tsv = Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None
    (app_dir / "locale").mkdir(exist_ok=True)
    danchu = [sys.executable, "-P", "-m", "danchu"]  # -P: the app folder must not shadow stdlib
    subprocess.run(
        [*danchu, "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=app_dir,
        check=True,
        capture_output=True,
    )
    po_path = app_dir / "locale/vi/LC_MESSAGES/django.po"
    po = polib.pofile(str(po_path))
    table: dict[str, str] = {}
    if tsv:
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                key, value = line.split("\t", 1)
                table[key] = value
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata.update(
        {
            "Language": "vi",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    po.save()
    missing = [e.msgid for e in po if not e.translated()]
    for msgid in missing:
        print(f"MISSING\t{msgid}")
    subprocess.run(
        [*danchu, "compilemessages", "-l", "vi"], cwd=app_dir, check=True, capture_output=True
    )
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
