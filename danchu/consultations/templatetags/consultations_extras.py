"""Small template helpers of the consultation pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``counts|get_item:number`` — a dict's value in a template (None if absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
