"""``{{ value|dmy }}``: an ISO date string (2026-11-22) as Vietnamese users type it (22/11/2026)."""

from __future__ import annotations

import re
from typing import Any

from django import template

register = template.Library()
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@register.filter
def dmy(value: Any) -> Any:
    if isinstance(value, str) and (match := _ISO.match(value)):
        return f"{match[3]}/{match[2]}/{match[1]}"
    return value
