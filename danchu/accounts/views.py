from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts import services
from danchu.accounts.forms import LoginForm
from danchu.accounts.middleware import SESSION_KEY
from danchu.accounts.models import ApiToken, User
from danchu.core.text import TextRefused, clean_text


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


# --- Passwords (issue 19, ASVS V2.1 and V2.5) ----------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (also the forced change at the first login)."""

    template_name = "accounts/password_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_change(user=form.user, how="changed", request=self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by email (sent through Django's mail settings). The answer is the
    same whether the address is known or not (no account enumeration)."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_change(user=form.user, how="reset", request=self.request)
        messages.success(self.request, _("Your new password is set. Log in with it."))
        return response


# --- API tokens (issue 19, ASVS V3.5) -------------------------------------------------------------


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: make one (its key shown once), see when each expires and was
    last used, revoke any."""
    user = request.user
    assert isinstance(user, User)
    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = ApiToken.objects.filter(pk=request.POST.get("revoke", "0"), user=user).first()
            if token is None:
                raise Http404
            services.revoke_api_token(actor=user, token=token, request=request)
            messages.success(request, _("The token was revoked; it no longer works."))
            return redirect("accounts:tokens")
        if user.must_change_password:
            return redirect("accounts:password_change")
        name = request.POST.get("name", "")
        try:
            name = clean_text(name, max_length=100)
        except TextRefused as refused:
            return HttpResponseBadRequest(str(refused))
        _token, new_key = services.create_api_token(user=user, name=name, request=request)
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=user),
            "new_key": new_key,
            "days": services.token_lifetime_days(),
        },
    )


# --- Two-factor authentication (issue 19, ASVS V2.7) ---------------------------------------------


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (first time) or verify this session with its code."""
    import django_otp
    import segno
    from django.utils.http import url_has_allowed_host_and_scheme
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.accounts import twofactor
    from danchu.audit import services as audit

    user = request.user
    assert isinstance(user, User)
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = ""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="danchu", confirmed=False)
    error = None
    if request.method == "POST":
        code = "".join(ch for ch in request.POST.get("code", "") if ch.isdigit())[:8]
        if code and device.verify_token(code):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.log(actor=user, action="accounts.2fa.enrolled", target=user, request=request)
            django_otp.login(request, device)
            return redirect(nxt or "home")
        error = _("The code is wrong or expired. Type the 6 digits the app shows now.")
    context: dict[str, Any] = {"enrolling": enrolling, "error": error, "next": nxt}
    if enrolling:
        qr = segno.make(device.config_url, error="m")
        context["qr"] = qr.svg_data_uri(scale=4)
        context["secret"] = twofactor.secret_base32(device)
    return render(request, "accounts/two_factor.html", context, status=400 if error else 200)
