"""GR8 forms: they parse; the services validate (the one write path)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.complaints import rules
from danchu.complaints.models import Complexity, Kind, TransferGround
from danchu.consultations.forms import (
    backdate_evidence_field,
    backdate_reason_field,
    date_field,
)

AREA = {"rows": 4}


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Reference code"),
        max_length=20,
        help_text=_("The code given to you when your case was registered, e.g. K7M2Q-X9PAB."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class SlotForm(forms.Form):
    leader = forms.CharField(label=_("Leader"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200)
    on = date_field(_("Date"))
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=300)


class CitizenFields(forms.Form):
    citizen_name = forms.CharField(label=_("Citizen's name"), max_length=200)
    citizen_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    citizen_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    citizen_id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)


class ReceptionForm(CitizenFields):
    received_by = forms.CharField(label=_("Received by"), max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs=AREA))
    outcome = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs=AREA))


class CaseForm(CitizenFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs=AREA))
    remote = forms.BooleanField(
        label=_("Remote or difficult area"),
        required=False,
        help_text=_("The Law on Complaints gives longer limits there (GR8)."),
    )
    received_on = date_field(_("Received on"), required=False)
    received_reason = backdate_reason_field()
    received_evidence = backdate_evidence_field()


class AssignForm(forms.Form):
    handler = forms.ChoiceField(label=_("Handler"), choices=())

    def __init__(self, *args: Any, handlers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = handlers  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    complexity = forms.ChoiceField(label=_("Complexity"), choices=Complexity.choices)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Public answer"),
        widget=forms.Textarea(attrs=AREA),
        help_text=_("Shown to the citizen on the follow page; no personal data."),
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=AREA))


class TransferForm(forms.Form):
    """GR8: only the grounds the law gives for this kind of case are offered."""

    ground = forms.ChoiceField(label=_("Legal ground"), choices=TransferGround.choices)
    to = forms.CharField(label=_("Transferred to"), max_length=300)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {g.value for g in rules.GROUNDS_BY_KIND[rules.Kind(kind)]}
        self.fields["ground"].choices = [  # type: ignore[attr-defined]
            (v, label) for v, label in TransferGround.choices if v in allowed
        ]


__all__ = [
    "AcceptForm",
    "AnswerForm",
    "AssignForm",
    "CaseForm",
    "ExtendForm",
    "FollowForm",
    "ReceptionForm",
    "SlotForm",
    "TransferForm",
]
