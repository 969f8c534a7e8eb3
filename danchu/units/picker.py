"""The unit picker: a searchable field instead of a dropdown of thousands of units.

The page shows a text box; typing asks ``units:search`` (htmx) for the matching units the user
may act on (by official code or by folded name, ID2), and a click puts the unit's id into a hidden
input. Without a pick (or without JavaScript) the typed text is resolved on the server: an exact
code, else an exact folded name, else a single match. Either way the unit must be in the field's
queryset, which the form sets from the user's scope: the picker only helps to find, the server
decides.

Use: ``unit = UnitPickerField(cap=Cap.MANAGE_UNIT, max_level=Level.COMMUNE)`` and set
``form.fields["unit"].queryset`` to the scoped units, as with a ``ModelChoiceField``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.units import selectors
from danchu.units.models import AdminUnit, Level

PICKER_CAPS = {Cap.VIEW_UNIT, Cap.MANAGE_UNIT}
"""Capabilities the search endpoint may be asked to scope by."""


def picker_scope(user: Any, cap: Cap, max_level: int) -> QuerySet[AdminUnit]:
    """Units in force today on which ``user`` has ``cap``, down to ``max_level``."""
    return (
        access.visible_units(user, cap)
        .in_force(clock.today())
        .filter(level__lte=max_level)
        .select_related("parent")
    )


class TypedText(str):
    """What the user typed in the picker without picking a unit from the list."""


class UnitPicker(forms.Widget):
    template_name = "units/widgets/unit_picker.html"

    def __init__(
        self, *, cap: Cap = Cap.VIEW_UNIT, max_level: int = Level.VILLAGE, attrs: Any = None
    ) -> None:
        super().__init__(attrs)
        self.cap, self.max_level = cap, max_level
        self.queryset: QuerySet[AdminUnit] = AdminUnit.objects.none()

    def text_name(self, name: str) -> str:
        return f"{name}_q"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        picked = (data.get(name) or "").strip()
        if picked:
            return picked
        typed = (data.get(self.text_name(name)) or "").strip()
        return TypedText(typed) if typed else None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and self.text_name(name) not in data

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        picked, label = "", ""
        if isinstance(value, TypedText):
            label = str(value)
        elif value not in (None, ""):
            unit = self.queryset.select_related("parent").filter(pk=str(value)).first()
            if unit is not None:
                picked, label = str(unit.pk), selectors.picker_label(unit)
        query = {
            "cap": str(self.cap),
            "max_level": int(self.max_level),
            "field": self.text_name(name),
        }
        widget.update(
            {
                "picked": picked,
                "label": label,
                "text_name": self.text_name(name),
                "search_url": f"{reverse('units:search')}?{urlencode(query)}",
            }
        )
        return context


class UnitPickerField(forms.ModelChoiceField):
    default_error_messages = {
        "not_found": _("No unit you may choose matches %(text)s. Type a code or a name."),
        "ambiguous": _("Several units match %(text)s: pick one from the list."),
    }

    def __init__(
        self, *, cap: Cap = Cap.VIEW_UNIT, max_level: int = Level.VILLAGE, **kwargs: Any
    ) -> None:
        kwargs.setdefault("queryset", AdminUnit.objects.none())
        super().__init__(widget=UnitPicker(cap=cap, max_level=max_level), **kwargs)

    # The widget labels the chosen unit from the same (scoped) queryset the field validates with.
    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        self.widget.queryset = self._queryset  # type: ignore[attr-defined]

    queryset = property(
        forms.ModelChoiceField._get_queryset,  # type: ignore[attr-defined]
        _set_queryset,
    )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, TypedText):
            found = selectors.resolve(self.queryset, value)
            if len(found) == 1:
                return found[0]
            code = "ambiguous" if found else "not_found"
            raise forms.ValidationError(
                self.error_messages[code], code=code, params={"text": f"«{value}»"}
            )
        return super().to_python(value)
