from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.people.models import Term
from danchu.units.models import Agency
from danchu.votes.models import ROUND_SETTINGS, DocumentKind, VoteRound


class RoundForm(forms.ModelForm):
    class Meta:
        model = VoteRound
        fields = ["authority", *ROUND_SETTINGS]
        widgets = {
            "vote_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = access.visible_units(user, Cap.RUN_VOTES)
        agencies = Agency.objects.filter(unit__in=units).select_related("unit")
        if "authority" in self.fields:
            self.fields["authority"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["office"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["term"].queryset = Term.objects.all()  # type: ignore[attr-defined]


class RoundEditForm(RoundForm):
    """The round's settings while it is prepared (the vote day D may be set later); the
    organizing authority is fixed once the round is created."""

    class Meta(RoundForm.Meta):
        fields = list(ROUND_SETTINGS)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"))


class ClarificationForm(forms.Form):
    subject = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Your request"), widget=forms.Textarea(attrs={"rows": 3}))


class CountForm(forms.Form):
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=5000)
