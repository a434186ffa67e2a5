from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts import two_factor


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


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
        context["enrolment"] = two_factor.start_enrolment(user)
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    """The user's sign-in safety: two-factor status, new backup codes, turning it off."""
    user = request.user
    state = two_factor.session_state(request)
    off_form = PasswordConfirmForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "backup_codes":
            codes = two_factor.new_backup_codes(request, user)
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "next": request.path}
            )
        if action == "turn_off":
            off_form = PasswordConfirmForm(request.POST)
            if off_form.is_valid():
                try:
                    two_factor.turn_off(request, user, off_form.cleaned_data["password"])
                except ValidationError as error:
                    off_form.add_error("password", error)
                else:
                    messages.success(request, _("Two-factor sign-in is off."))
                    return redirect("accounts:security")
        else:
            return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "accounts/security.html",
        {
            "enrolled": two_factor.is_enrolled(user),
            "required": two_factor.required_by_role(user),
            "verified": state == two_factor.VERIFIED,
            "backup_codes_left": two_factor.backup_codes_left(user),
            "off_form": off_form,
        },
    )
