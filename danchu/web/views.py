from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danchu.web.home import items_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    items = items_for(request.user)
    return render(
        request,
        "web/home.html",
        {
            "deadlines": [i for i in items if i.kind == "deadline"],
            "tasks": [i for i in items if i.kind == "task"],
        },
    )


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
