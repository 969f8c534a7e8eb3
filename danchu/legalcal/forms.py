from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AddDaysForm(forms.Form):
    start = forms.DateField(label=_("From date"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(
        label=_("Number of days"),
        min_value=-3650,
        max_value=3650,
        help_text=_("Negative to count back (“at least N days before”)."),
    )
    working = forms.BooleanField(label=_("Working days"), required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
