"""``{% satisfaction_year commune year %}``: one read-only line of the commune's satisfaction
(LD10) for other apps' pages (the GR self-assessment's indicators), from
:func:`danchu.satisfaction.selectors.yearly_rate`."""

from __future__ import annotations

from typing import Any

from django import template

from danchu.satisfaction import selectors

register = template.Library()


@register.inclusion_tag("satisfaction/_year_line.html")
def satisfaction_year(commune: Any, year: int) -> dict[str, Any]:
    return {"commune": commune, "year": year, "figures": selectors.yearly_rate(commune, year)}
