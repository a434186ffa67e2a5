from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts import two_factor
from accounts.oidc import providers
from accounts.oidc import views as oidc_views


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # The buttons of the OpenID Connect providers (none configured: none shown).
        return {**super().get_context_data(**kwargs), "providers": providers.configured()}


class LogoutView(auth_views.LogoutView):
    """Signs out here; a session signed in through a provider that offers it is then
    signed out at the provider too (RP-initiated logout), which sends the person back to
    the login page."""

    def post(self, request, *args, **kwargs):
        provider_logout = oidc_views.end_session_url(
            request, request.session.get(oidc_views.SIGNED_IN_KEY)
        )
        response = super().post(request, *args, **kwargs)
        if provider_logout:
            return redirect(provider_logout)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django keeps this session signed in and signs out every other session of the user
    (their session hash no longer matches the password)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password has been changed. Your other sessions have been signed out."),
        )
        return response


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _ask_password(then: str):
    """To the password page, which comes back to `then` (a page, never a POST)."""
    return redirect(reverse("accounts:confirm_password") + "?" + urlencode({"next": then}))


@login_required
@require_http_methods(["GET", "POST"])
def confirm_password(request):
    """Give the password again before changing the second factor (sudo mode)."""
    form = PasswordConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_password(request, form.cleaned_data["password"]):
            return redirect(_next_url(request))
        form.add_error("password", _("The password is not right."))
    return render(
        request,
        "accounts/confirm_password.html",
        {"form": form, "next": _next_url(request), "minutes": settings.KHUYENCONG_SUDO_MINUTES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_step(request):
    """The second step: set up an authenticator (first time) or type its code."""
    user = request.user
    state = two_factor.session_state(request)
    enrolled = two_factor.is_enrolled(user)
    # A verified user may move the authenticator to a new phone.
    replacing = state == two_factor.VERIFIED and request.GET.get("new") == "1"
    if enrolled and state != two_factor.PENDING and not replacing:
        return redirect(_next_url(request))
    enrolling = not enrolled or replacing
    if enrolling and not two_factor.in_sudo(request):
        # Setting up an authenticator takes the second factor over: the password first.
        return _ask_password(request.get_full_path())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if enrolling:
                codes = two_factor.confirm_enrolment(request, user, form.cleaned_data["code"])
                return render(
                    request,
                    "accounts/backup_codes.html",
                    {"codes": codes, "next": _next_url(request)},
                )
            two_factor.verify(request, user, form.cleaned_data["code"])
            return redirect(_next_url(request))
        except ValidationError as error:
            form.add_error("code", error)
    context = {
        "form": form,
        "enrolling": enrolling,
        "replacing": replacing,
        "optional": state == two_factor.OFF,
        "next": _next_url(request),
    }
    if enrolling:
        context["enrolment"] = two_factor.start_enrolment(request, user)
    return render(request, "accounts/two_factor.html", context)


SECURITY_ACTIONS = ("backup_codes", "turn_off")


@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """The user's sign-in safety: two-factor status, new backup codes, turning it off."""
    user = request.user
    state = two_factor.session_state(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in SECURITY_ACTIONS:
            return HttpResponseNotAllowed(["GET"])
        if not two_factor.in_sudo(request):
            # Back here after the password, with the same button to press.
            return _ask_password(reverse("accounts:security") + "?" + urlencode({"do": action}))
        if action == "backup_codes":
            codes = two_factor.new_backup_codes(request, user)
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "next": request.path}
            )
        two_factor.turn_off(request, user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:security")
    pending = request.GET.get("do")
    return render(
        request,
        "accounts/security.html",
        {
            "enrolled": two_factor.is_enrolled(user),
            "required": two_factor.required_by_role(user),
            "verified": state == two_factor.VERIFIED,
            "backup_codes_left": two_factor.backup_codes_left(user),
            # The action the user chose before giving the password again.
            "pending_action": pending if pending in SECURITY_ACTIONS else None,
        },
    )
