from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.legalcal import calendar


class AddDaysForm(forms.Form):
    start = forms.DateField(label=_("From date"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(
        label=_("Number of days"),
        min_value=-3650,
        max_value=3650,
        help_text=_("Negative to count back (“at least N days before”)."),
    )
    working = forms.BooleanField(label=_("Working days"), required=False)

    def clean(self) -> dict[str, Any]:
        """Issue 19: a count running outside the calendar's range is a form error, not a 500."""
        data = super().clean() or {}
        start, n = data.get("start"), data.get("days")
        if start is not None and n is not None:
            try:
                data["due"] = calendar.add_days(start, n, working=data.get("working", False))
            except calendar.DateOutOfRange as error:
                self.add_error("start", str(error))
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
