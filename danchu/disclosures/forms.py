"""Forms of the register: they parse; the services validate (the one write path)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.consultations.forms import backdate_reason_field, date_field, upload_field
from danchu.disclosures import rules, uploads
from danchu.disclosures.models import CATEGORY_CHOICES, Channel
from danchu.units.models import AdminUnit


class DisclosureForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    category = forms.TypedChoiceField(
        label=_("Category (Art. 11)"), choices=CATEGORY_CHOICES, coerce=int
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    decision_ref = forms.CharField(
        label=_("Decision or document it follows"), max_length=200, required=False
    )
    decided_on = date_field(
        _("Decision date"),
        help_text=_(
            "LD1: disclosed within 5 working days after this day, unless a sector law "
            "says otherwise."
        ),
    )
    text = forms.CharField(
        label=_("Information disclosed"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    file = upload_field(_("File of the information"), uploads.FILES)
    override_basis = forms.CharField(
        label=_("Sector law setting other limits (basis)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when another law sets other time limits: name the article."),
    )
    override_within_days = forms.IntegerField(
        label=_("Days to disclose under that law"), required=False, min_value=0, max_value=365
    )
    override_within_working = forms.BooleanField(
        label=_("Counted in working days"), required=False, initial=True
    )
    override_posting_days = forms.IntegerField(
        label=_("Days posted under that law"), required=False, min_value=1, max_value=3650
    )
    note = forms.CharField(
        label=_("Internal note (never public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, communes: Any, edit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communes
        if communes.count() == 1:
            field.initial = communes.first()
        if edit:
            del self.fields["commune"]
            del self.fields["file"]


class FactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    village = forms.ModelChoiceField(
        label=_("Village"),
        queryset=AdminUnit.objects.none(),
        required=False,
        help_text=_("For posting at a village point and sending to a village head."),
    )
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    start = date_field(_("From"), required=False, help_text=_("Empty: today."))
    end = date_field(
        _("To"),
        required=False,
        help_text=_("Only once it has been taken off; empty while still there."),
    )
    evidence = upload_field(_("Evidence (photo, minutes)"), uploads.FILES)
    evidence_note = forms.CharField(
        label=_("Evidence note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A photo or minutes file, or a note saying how it can be checked."),
    )
    backdate_reason = backdate_reason_field()

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = villages


class EndForm(forms.Form):
    on = date_field(_("To"), required=False, help_text=_("Empty: today."))
    reason = backdate_reason_field()
    evidence = upload_field(_("Evidence (photo, minutes)"), uploads.FILES)


class TakeDownForm(forms.Form):
    on = date_field(_("Taken down on"), required=False, help_text=_("Empty: today."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = upload_field(_("Evidence (photo, minutes)"), uploads.FILES)


class FileForm(forms.Form):
    file = upload_field(_("File of the information"), uploads.FILES)


class SessionForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    on = date_field(_("Session date"))
    name = forms.CharField(label=_("Session number or name"), max_length=120)
    regular = forms.BooleanField(label=_("Regular session"), required=False, initial=True)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communes
        if communes.count() == 1:
            field.initial = communes.first()


class QuarterForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2199)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, str(q)) for q in (1, 2, 3, 4)], coerce=int
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communes
        if communes.count() == 1:
            field.initial = communes.first()


STATE_CHOICES = [
    ("", _("All")),
    (rules.State.MET.value, _("Met")),
    (rules.State.IN_PROGRESS.value, _("Under way")),
    (rules.State.LATE.value, _("Late")),
    (rules.State.MISSED.value, _("Missed")),
]
