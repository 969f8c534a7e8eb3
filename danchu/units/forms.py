from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.core.text import looks_like_legacy_encoding, nfc
from danchu.units import rules
from danchu.units.models import VILLAGE_KINDS, AdminUnit, MapVersion


def unicode_text(value: str) -> str:
    """NFC text, or a clear refusal of text typed in a legacy Vietnamese encoding (TCVN3/VNI
    pasted from old Word files), for every form field that takes a name."""
    value = nfc(value)
    encoding = looks_like_legacy_encoding(value)
    if encoding:
        raise forms.ValidationError(
            _(
                "This text looks typed in an old Vietnamese encoding (%(encoding)s). Retype it "
                "or convert it to Unicode."
            ),
            params={"encoding": encoding},
        )
    return value


class VillageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in VILLAGE_KINDS])
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Unique within the commune, e.g. 01 or TDP3."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. Thôn Kon Rbàng"))
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, commune: AdminUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.fields["valid_from"].initial = clock.today()

    def clean_code(self) -> str:
        code = nfc(self.cleaned_data["code"])
        if rules.village_code_problem(code):
            raise forms.ValidationError(
                _("Use only letters without accents, digits, dots and dashes (at most 20).")
            )
        full = rules.village_full_code(self.commune.code, code)
        if AdminUnit.objects.filter(
            parent=self.commune, map_version=MapVersion.LOCAL, code__in=[code, full]
        ).exists():
            raise forms.ValidationError(
                _("This commune already has a village with code %(code)s."),
                params={"code": code},
            )
        return code

    def clean_name(self) -> str:
        return unicode_text(self.cleaned_data["name"])

    def clean_valid_from(self) -> Any:
        value = self.cleaned_data["valid_from"]
        if value < self.commune.valid_from:
            raise forms.ValidationError(
                _("A village cannot start before its commune (%(date)s)."),
                params={"date": self.commune.valid_from.strftime("%d/%m/%Y")},
            )
        return value


class VillageEditForm(forms.Form):
    """Rename a village or change its kind; its code stays (other records may cite it)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in VILLAGE_KINDS])
    name = forms.CharField(label=_("Name"), max_length=200)

    def clean_name(self) -> str:
        return unicode_text(self.cleaned_data["name"])


class VillageCloseForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Last day in force"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The village is no longer listed after this day (merged, split or dissolved); its "
            "record and history stay."
        ),
    )

    def __init__(self, *args: Any, village: AdminUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.village = village

    def clean_valid_to(self) -> Any:
        value = self.cleaned_data["valid_to"]
        if rules.village_close_problem(self.village.valid_from, value):
            raise forms.ValidationError(
                _("A village cannot close before it started (%(date)s)."),
                params={"date": self.village.valid_from.strftime("%d/%m/%Y")},
            )
        return value
