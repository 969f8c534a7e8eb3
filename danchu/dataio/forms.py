from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.dataio import permissions
from danchu.units.models import AdminUnit, Level

MAX_UPLOAD = 5 * 1024 * 1024


class ImportForm(forms.Form):
    unit: forms.ModelChoiceField[AdminUnit] = forms.ModelChoiceField(
        label=_("Unit"), queryset=AdminUnit.objects.none()
    )
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("Use the template; CSV files must be saved as UTF-8."),
    )

    def __init__(self, *args: Any, user: Any, communes_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = permissions.import_units(user)
        if communes_only:
            units = units.filter(level=Level.COMMUNE)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Only .xlsx and .csv files are accepted."))
        return upload
