from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.core import clock
from danchu.people import permissions, selectors, services
from danchu.people.forms import (
    AssignmentForm,
    EndAssignmentForm,
    PersonForm,
    RetirementForm,
    TransferForm,
)
from danchu.people.models import Assignment, Person
from danchu.units.models import AdminUnit, Agency, Level


def visible_people(request: HttpRequest) -> QuerySet[Person]:
    return access.scope(request.user, Person.objects.select_related("home_unit"), "home_unit")


def managed_units(request: HttpRequest) -> QuerySet[AdminUnit]:
    """Units in force today on which the user may keep people's records (not villages)."""
    return (
        access.visible_units(request.user, Cap.MANAGE_UNIT)
        .in_force(clock.today())  # type: ignore[attr-defined]
        .filter(level__lte=Level.COMMUNE)
        .order_by("level", "name")
    )


def managed_agencies(request: HttpRequest) -> QuerySet[Agency]:
    return access.scope(request.user, Agency.objects.all(), "unit", Cap.MANAGE_UNIT).order_by(
        "unit__level", "unit__name", "name"
    )


def _person_for(request: HttpRequest, pk: int, *, manage: bool) -> Person:
    person = get_object_or_404(Person.objects.select_related("home_unit"), pk=pk)
    allowed = (
        permissions.can_manage_person(request.user, person)
        if manage
        else permissions.can_view_person(request.user, person)
    )
    if not allowed:
        raise PermissionDenied
    return person


def _form_page(
    request: HttpRequest, form: Form, *, title: str, person: Person | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "people/form.html",
        {"form": form, "title": title, "person": person},
        status=status,
    )


def _apply_service_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not access.visible_units(request.user).exists():
        raise PermissionDenied
    query = request.GET.get("q", "")
    people = selectors.vietnamese_order(selectors.search(visible_people(request), query))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    template = "people/_rows.html" if getattr(request, "htmx", False) else "people/list.html"
    return render(
        request,
        template,
        {"page": page, "q": query, "can_create": permissions.can_create_person(request.user)},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, manage=False)
    today = clock.today()
    rows: list[dict[str, Any]] = []
    for a in selectors.history(person).select_related("previous__agency", "previous__position"):
        active = a.start_date <= today and (a.end_date is None or a.end_date >= today)
        rows.append(
            {
                "a": a,
                "active": active,
                "months": selectors.months_in_post(a, today) if active else None,
                "appointed_this_year": selectors.appointed_in_year(a, today.year),
                "can_end": a.end_date is None and permissions.can_end_post(request.user, a),
            }
        )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "rows": rows,
            "assignments": [r["a"] for r in rows],
            "retired": selectors.retirement_announced(person, today),
            "can_manage": permissions.can_manage_person(request.user, person),
        },
    )


def _save_flow(
    request: HttpRequest,
    form: Form,
    write: Callable[[dict[str, Any]], Person],
    *,
    title: str,
    done: str,
    person: Person | None = None,
) -> HttpResponse:
    """The one shape of every write page: on a valid POST call ``write`` (a service) with the
    cleaned data, show ``done`` (``%(name)s`` = the person) and go to the person's page; else
    show the form, with the service's own refusals on their fields (status 400)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = write(form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, done % {"name": saved.full_name})
            return redirect("people:detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, title=title, person=person, status=status)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_person(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["home_unit"] = int(request.GET["unit"])
    form = PersonForm(request.POST or None, units=managed_units(request), initial=initial)
    return _save_flow(
        request,
        form,
        lambda data: services.create_person(actor=request.user, request=request, **data),
        title=_("Add a person"),
        done=_("Saved %(name)s."),
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, manage=True)
    units = managed_units(request) | AdminUnit.objects.filter(pk=person.home_unit_id)
    initial = {
        "full_name": person.full_name,
        "gender": person.gender,
        "date_of_birth": person.date_of_birth,
        "national_id": person.national_id or "",
        "home_unit": person.home_unit_id,
    }
    form = PersonForm(request.POST or None, units=units, person=person, initial=initial)
    return _save_flow(
        request,
        form,
        lambda data: services.update_person(
            actor=request.user, person=person, request=request, **data
        ),
        title=_("Edit %(name)s") % {"name": person.full_name},
        done=_("Saved %(name)s."),
        person=person,
    )


@login_required
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, manage=True)
    form = AssignmentForm(request.POST or None, agencies=managed_agencies(request))
    return _save_flow(
        request,
        form,
        lambda data: (
            services.add_assignment(
                actor=request.user, person=person, request=request, **data
            ).person
        ),
        title=_("Add a post"),
        done=_("Post recorded."),
        person=person,
    )


@login_required
def assignment_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """End a post that is still open (the last day in the post, never before it started)."""
    person = _person_for(request, pk, manage=False)
    assignment = get_object_or_404(
        Assignment.objects.select_related("agency__unit", "position"),
        pk=assignment_pk,
        person=person,
        end_date__isnull=True,
    )
    if not permissions.can_end_post(request.user, assignment):
        raise PermissionDenied
    form = EndAssignmentForm(request.POST or None, assignment=assignment)
    return _save_flow(
        request,
        form,
        lambda data: (
            services.end_assignment(
                actor=request.user, assignment=assignment, request=request, **data
            ).person
        ),
        title=_("End the post %(position)s, %(agency)s")
        % {"position": assignment.position.name, "agency": assignment.agency.name},
        done=_("Post ended."),
        person=person,
    )


@login_required
def transfer_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, manage=True)
    form = TransferForm(request.POST or None, person=person, agencies=managed_agencies(request))
    return _save_flow(
        request,
        form,
        lambda data: services.record_transfer(actor=request.user, request=request, **data).person,
        title=_("Record a transfer"),
        done=_("Transfer recorded."),
        person=person,
    )


@login_required
def retirement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, manage=True)
    form = RetirementForm(
        request.POST or None, initial={"announced_on": person.retirement_announced_on}
    )
    return _save_flow(
        request,
        form,
        lambda data: services.record_retirement(
            actor=request.user, person=person, request=request, **data
        ),
        title=_("Announced retirement"),
        done=_("Saved %(name)s."),
        person=person,
    )
