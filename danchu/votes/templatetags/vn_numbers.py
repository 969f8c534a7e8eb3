"""Numbers on pages the Vietnamese way (issue 11), through :mod:`danchu.formats.numbers`."""

from __future__ import annotations

from typing import Any

from django import template

from danchu.formats import numbers

register = template.Library()


@register.filter
def vn_number(value: Any) -> str:
    """``1234`` → "1.234"; ``"16.67"`` → "16,67"."""
    try:
        return numbers.number(value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


@register.filter
def vn_percent(value: Any) -> str:
    """``"16.67"`` → "16,67%"."""
    try:
        return numbers.percent(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


@register.filter
def vn_rates(value: Any) -> str:
    """A stored sentence's rates read the Vietnamese way: "(58.33%)" → "(58,33%)"."""
    return numbers.rates_in_text(str(value))
