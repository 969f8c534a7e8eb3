from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "active_unit": getattr(request, "active_unit", None),
        "home_units": getattr(request, "home_units", []),
    }
