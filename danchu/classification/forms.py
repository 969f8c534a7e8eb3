from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.classification import rules
from danchu.classification.models import EVALUATION_CHOICES
from danchu.units.models import AdminUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PointsField(forms.Field):
    """Points typed with a decimal comma or point, exact, at most two decimals."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "maxlength": 12})
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return rules.points_text(value)
        return value

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError(_("Too long for points."))
        try:
            points = rules.parse_points(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if points < 0:
            raise forms.ValidationError(_("Points cannot be negative."))
        return points


class SchemeForm(forms.Form):
    province: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Province")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=255)
    basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False)
    illustrative = forms.BooleanField(
        label=_("Illustrative (not the province's text)"), required=False
    )
    tot = PointsField(label=_("Good from (points)"), required=False)
    kha = PointsField(label=_("Fair from (points)"), required=False)
    trung_binh = PointsField(label=_("Average from (points)"), required=False)
    yeu = PointsField(label=_("Weak from (points)"), required=False)
    tsvm = PointsField(label=_("Clean and strong from (points)"), required=False)
    level_xuat_sac = forms.CharField(label=_("Best rating level"), max_length=200, required=False)
    level_tot = forms.CharField(label=_("Second rating level"), max_length=200, required=False)
    level_hoan_thanh_han_che = forms.CharField(
        label=_("Third rating level"), max_length=200, required=False
    )
    level_khong_hoan_thanh = forms.CharField(
        label=_("Lowest rating level"), max_length=200, required=False
    )

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        for lv, name in rules.LEVEL_LABELS.items():
            self.fields[f"level_{lv.value}"].initial = name


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    name = forms.CharField(label=_("Name"), max_length=500, required=False)
    max_points = PointsField(label=_("Maximum points"), required=False)
    position = forms.CharField(label=_("Responsible position"), max_length=200, required=False)
    sub_items = forms.CharField(
        label=_("Sub-items (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = data.get("code") or data.get("name")
        if filled and (
            not data.get("code") or not data.get("name") or data.get("max_points") is None
        ):
            raise forms.ValidationError(_("A criterion needs a code, a name and its maximum."))
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=3, max_num=60)


class SchemeImportForm(forms.Form):
    province: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Province")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=255)
    file = forms.FileField(label=_("XLSX file"))

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


COMPARISON_CHOICES = [("", "—"), *((c.value, c.value) for c in rules.Comparison)]


class RoundForm(forms.Form):
    scheme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Scheme version")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    self_assessment_due = forms.DateField(label=_("Self-assessment due"), widget=DATE)
    review_due = forms.DateField(label=_("Review due"), widget=DATE)
    decision_due = forms.DateField(label=_("Decision due"), widget=DATE)

    def __init__(self, *args: Any, schemes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
        for subject in rules.TARGET_SUBJECTS:
            self.fields[f"cmp_{subject}"] = forms.ChoiceField(
                choices=COMPARISON_CHOICES, required=False, label=_("Comparison")
            )
            self.fields[f"num_{subject}"] = forms.IntegerField(
                min_value=0, required=False, label=_("Number")
            )

    def target_rows(self) -> list[tuple[str, Any, Any]]:
        labels = {
            rules.TSVM: rules.TSVM_LABEL,
            **{g.value: label for g, label in rules.GRADE_LABELS.items()},
        }
        return [(labels[s], self[f"cmp_{s}"], self[f"num_{s}"]) for s in rules.TARGET_SUBJECTS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        targets = []
        for subject in rules.TARGET_SUBJECTS:
            cmp_, num = data.get(f"cmp_{subject}"), data.get(f"num_{subject}")
            if (cmp_ and num is None) or (num is not None and not cmp_):
                raise forms.ValidationError(_("Each target needs a comparison and a number."))
            if cmp_ and num is not None:
                targets.append(rules.Target(subject, rules.Comparison(cmp_), num))
        data["targets"] = targets
        return data


class AssessmentForm(forms.Form):
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, scores: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scores = list(scores)
        for s in self.scores:
            p = f"c{s.criterion_id}_"
            self.fields[p + "points"] = PointsField(
                label=_("Points"), required=False, initial=s.points
            )
            self.fields[p + "explanation"] = forms.CharField(
                label=_("Explanation"),
                required=False,
                initial=s.explanation,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[p + "link"] = forms.CharField(
                label=_("Link to a record on the platform"),
                required=False,
                max_length=500,
                initial=s.link,
            )
            self.fields[p + "evidence"] = forms.FileField(label=_("Evidence file"), required=False)

    def rows(self) -> list[tuple[Any, ...]]:
        return [
            (
                s,
                self[f"c{s.criterion_id}_points"],
                self[f"c{s.criterion_id}_explanation"],
                self[f"c{s.criterion_id}_link"],
                self[f"c{s.criterion_id}_evidence"],
            )
            for s in self.scores
        ]


class ReviewForm(forms.Form):
    last_year = forms.ChoiceField(
        label=_("Last year's evaluation"), choices=EVALUATION_CHOICES, required=False
    )
    year_before = forms.ChoiceField(
        label=_("The year before's evaluation"), choices=EVALUATION_CHOICES, required=False
    )

    def __init__(self, *args: Any, scores: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scores = list(scores)
        for s in self.scores:
            p = f"r{s.criterion_id}_"
            self.fields[p + "points"] = PointsField(
                label=_("Reviewed points"), required=False, initial=s.final_points
            )
            self.fields[p + "reason"] = forms.CharField(
                label=_("Reason for the change"), required=False, initial=s.review_reason
            )

    def rows(self) -> list[tuple[Any, ...]]:
        return [
            (s, self[f"r{s.criterion_id}_points"], self[f"r{s.criterion_id}_reason"])
            for s in self.scores
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=2000)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason for an earlier day"), required=False)
    evidence = forms.FileField(label=_("Evidence file"), required=False)


class ApologyForm(forms.Form):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Civil servant")
    )
    citizen = forms.CharField(label=_("Citizen harmed"), max_length=200)
    fault = forms.ChoiceField(label=_("Fault"), choices=())
    facts = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    occurred_on = forms.DateField(label=_("Occurred on"), widget=DATE)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        from danchu.classification.models import FaultKind

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["fault"].choices = FaultKind.choices  # type: ignore[attr-defined]


class DayForm(forms.Form):
    on = forms.DateField(label=_("Day of the requirement"), widget=DATE)


class LettersForm(forms.Form):
    apology_letter = forms.FileField(label=_("Apology letter"), required=False)
    self_criticism = forms.FileField(label=_("Self-criticism"), required=False)


class VisitForm(forms.Form):
    on = forms.DateField(label=_("Day of the visit"), widget=DATE)
    leader = forms.CharField(label=_("UBND leader who went"), max_length=200)
    invited = forms.MultipleChoiceField(
        label=_("Invited"),
        choices=list(rules.INVITED.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    households = forms.CharField(label=_("Households invited"), max_length=500, required=False)
    minutes = forms.FileField(label=_("Minutes of the visit"), required=False)


class IndicatorFactsForm(forms.Form):
    solid_office = forms.NullBooleanField(label=_("Solid office building"), required=False)
    office_area = forms.NullBooleanField(label=_("Office meets area standards"), required=False)
    networked = forms.NullBooleanField(label=_("Networked computers"), required=False)
    mailbox_hotline = forms.NullBooleanField(
        label=_("Feedback mailbox and hotline"), required=False
    )
    procedures = forms.IntegerField(label=_("Procedures received"), min_value=0, required=False)
    procedures_on_time = forms.IntegerField(
        label=_("Procedures posted and settled on time"), min_value=0, required=False
    )
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    FACTS = (
        "solid_office",
        "office_area",
        "networked",
        "mailbox_hotline",
        "procedures",
        "procedures_on_time",
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        from danchu.classification.models import Education, PoliticalTheory

        super().__init__(*args, **kwargs)
        self.staff = list(staff)
        for person, q in self.staff:
            self.fields[f"edu_{person.pk}"] = forms.ChoiceField(
                choices=Education.choices,
                required=False,
                initial=q.education if q else "",
                label=_("Professional qualification"),
            )
            self.fields[f"pol_{person.pk}"] = forms.ChoiceField(
                choices=PoliticalTheory.choices,
                required=False,
                initial=q.political_theory if q else "",
                label=_("Political theory"),
            )

    def staff_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(p, self[f"edu_{p.pk}"], self[f"pol_{p.pk}"]) for p, _q in self.staff]
