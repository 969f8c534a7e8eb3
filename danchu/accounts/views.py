from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from danchu.accounts.forms import LoginForm
from danchu.accounts.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        return HttpResponseBadRequest("unit")
    if unit_id in {u.pk for u in getattr(request, "home_units", [])}:
        request.session[SESSION_KEY] = unit_id
    back = request.META.get("HTTP_REFERER") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""  # never bounce to another site
    return redirect(back or "home")
