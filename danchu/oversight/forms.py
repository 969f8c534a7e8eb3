"""Forms of residents' oversight: each parses and reports each problem with its field or line;
the rules are checked by the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.oversight.models import (
    INSPECTION_KIND_CHOICES,
    OFFICER_CHOICES,
    ORIGIN_CHOICES,
    PERIOD_CHOICES,
    PROJECT_KIND_CHOICES,
    TARGET_KIND_CHOICES,
)
from danchu.oversight.services import FindingInput

LINES_HELP = _("One per line.")
DAY_HELP = _("Leave empty for today. An earlier day needs a reason and evidence.")


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class BackdateMixin(forms.Form):
    on = forms.DateField(label=_("Day"), required=False, help_text=DAY_HELP)
    reason = forms.CharField(
        label=_("Reason for an earlier day"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)


class BoardForm(forms.Form):
    commune: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Commune"))
    term_starts_on = forms.DateField(label=_("Term starts on"))
    term_ends_on = forms.DateField(label=_("Term ends on"))
    deputies_allowed = forms.IntegerField(
        label=_("Deputies (set by the Front committee)"), min_value=0, max_value=2, initial=2
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Person (from the people records)")
    )
    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Village"))
    officer = forms.ChoiceField(label=_("Office"), choices=OFFICER_CHOICES, initial="member")
    decision: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Community decision electing the member"), required=False
    )
    minutes_ref = forms.CharField(
        label=_("Minutes of the village meeting (number, date)"), max_length=200, required=False
    )
    minutes = forms.FileField(label=_("Minutes (file)"), required=False)
    elected_on = forms.DateField(label=_("Elected on"), required=False, help_text=DAY_HELP)
    reason = forms.CharField(
        label=_("Reason for an earlier day"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, people: Any, villages: Any, decisions: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("Why the seat fell vacant"), max_length=2000)


class BoardInspectionForm(forms.Form):
    subject = forms.CharField(label=_("What is inspected"), max_length=300)
    target = forms.CharField(label=_("Inspected body or person"), max_length=300)
    inspection_on = forms.DateField(label=_("Inspection day"))


class SendForm(BackdateMixin):
    pass


class FindingsForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suspension = forms.BooleanField(
        label=_("The first recommendation asks to suspend the project"), required=False
    )


class AnswerForm(BackdateMixin):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class ProjectForm(forms.Form):
    commune: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Commune"))
    name = forms.CharField(label=_("Project"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=PROJECT_KIND_CHOICES)
    investor = forms.CharField(label=_("Investor"), max_length=300)
    funding = forms.CharField(label=_("Funding"), max_length=300)
    amount = forms.IntegerField(label=_("Total investment (VND)"), min_value=0, required=False)
    villages = forms.CharField(
        label=_("Villages affected (names)"),
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consultants = forms.CharField(
        label=_("Consultants"),
        required=False,
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contractors = forms.CharField(
        label=_("Contractors"),
        required=False,
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_on = forms.DateField(label=_("Starts on"))
    ends_on = forms.DateField(label=_("Planned end"))

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class SupervisionMemberForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    origin = forms.ChoiceField(label=_("Represents"), choices=ORIGIN_CHOICES)
    officer = forms.ChoiceField(label=_("Office"), choices=OFFICER_CHOICES, initial="member")
    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Village"), required=False
    )
    no_relatives = forms.BooleanField(
        label=_("Declares no relatives among the investor, consultants or contractors"),
        required=False,
    )
    not_commune_official = forms.BooleanField(
        label=_("Declares not being a commune official"), required=False
    )

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


SupervisionMemberFormSet = forms.formset_factory(SupervisionMemberForm, extra=7, max_num=15)


class SupervisionForm(forms.Form):
    content = forms.CharField(label=_("What is supervised"), max_length=300)
    supervision_on = forms.DateField(label=_("Supervision day"))


class EndForm(BackdateMixin):
    pass


class InspectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    inspecting_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Inspecting unit")
    )
    target_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Unit inspected")
    )
    target_kind = forms.ChoiceField(label=_("Kind of body"), choices=TARGET_KIND_CHOICES)
    target_name = forms.CharField(label=_("Body inspected"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=INSPECTION_KIND_CHOICES)
    planned_on = forms.DateField(label=_("Planned for"))
    team = forms.CharField(
        label=_("Team"), help_text=LINES_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspecting_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["target_unit"].queryset = units  # type: ignore[attr-defined]


class ConclusionForm(forms.Form):
    findings = forms.CharField(
        label=_("Findings, one per line: rule | met or not met | finding"),
        help_text=_("For example: LD1 | not met | The fee list was not posted at the village."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations, one per line: recommendation | deadline (dd/mm/yyyy)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    MET = {"met": True, "đạt": True, "not met": False, "chưa đạt": False, "không đạt": False}

    def clean_findings(self) -> list[FindingInput]:
        out = []
        errors = []
        for i, line in enumerate(lines(self.cleaned_data["findings"]), start=1):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3:
                errors.append(f"Dòng {i}: cần 3 phần «mã quy định | đạt/chưa đạt | nội dung».")
                continue
            met = self.MET.get(parts[1].casefold())
            if met is None:
                errors.append(f"Dòng {i}: ghi «đạt» hoặc «chưa đạt» (được ghi «{parts[1]}»).")
                continue
            out.append(FindingInput(parts[0], met, parts[2]))
        if errors:
            raise forms.ValidationError(errors)
        return out

    def clean_recommendations(self) -> list[tuple[str, dt.date]]:
        out = []
        errors = []
        for i, line in enumerate(lines(self.cleaned_data.get("recommendations", "")), start=1):
            text, _sep, day = line.rpartition("|")
            try:
                due = dt.datetime.strptime(day.strip(), "%d/%m/%Y").date()
            except ValueError:
                errors.append(f"Dòng {i}: hạn thực hiện ghi theo dạng ngày/tháng/năm (dd/mm/yyyy).")
                continue
            if not text.strip():
                errors.append(f"Dòng {i}: thiếu nội dung kiến nghị.")
                continue
            out.append((text.strip(), due))
        if errors:
            raise forms.ValidationError(errors)
        return out


class BoardPaperForm(forms.Form):
    is_plan = forms.TypedChoiceField(
        label=_("Document"),
        choices=[("1", _("Plan")), ("0", _("Report to the Front committee"))],
        coerce=lambda v: v == "1",
    )
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    part = forms.IntegerField(label=_("Quarter or half"), min_value=1, max_value=4, initial=1)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
