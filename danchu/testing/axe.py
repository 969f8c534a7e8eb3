"""WCAG 2.1 AA checks in browser tests with axe-core (vendored under ``static/axe``, MPL-2.0).

``violations(page)`` injects axe into a Playwright page and returns what it finds for the
WCAG 2.0/2.1 A and AA rules; tests assert the list is empty. Nothing is fetched from outside.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "static/axe/axe.min.js"
WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """The axe-core violations of the page as loaded now (id, impact, help, nodes' targets)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        tags or WCAG21AA,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
