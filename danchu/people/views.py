from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from danchu.accounts import access
from danchu.accounts.access import Cap
from danchu.people import selectors
from danchu.people.models import Person


def visible_people(request: HttpRequest):  # type: ignore[no-untyped-def]
    return access.scope(request.user, Person.objects.select_related("home_unit"), "home_unit")


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not access.visible_units(request.user).exists():
        raise PermissionDenied
    query = request.GET.get("q", "")
    people = selectors.vietnamese_order(selectors.search(visible_people(request), query))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    template = "people/_rows.html" if getattr(request, "htmx", False) else "people/list.html"
    return render(request, template, {"page": page, "q": query})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("home_unit"), pk=pk)
    if not access.has_capability(request.user, Cap.VIEW_UNIT, person.home_unit):
        raise PermissionDenied
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "assignments": selectors.history(person),
            "can_manage": access.has_capability(request.user, Cap.MANAGE_UNIT, person.home_unit),
        },
    )
