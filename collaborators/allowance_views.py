"""Staff keep the basic wage and the allowance rules current in the portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from collaborators import permissions, services
from collaborators.forms import AllowanceRuleForm, BasicWageForm
from collaborators.models import AllowanceRule, BasicWage
from core.forms import apply_validation_error


def _require_manager(user) -> None:
    if not permissions.can_manage_allowances(user):
        raise Http404


@login_required
@require_GET
def allowance_settings(request: HttpRequest) -> HttpResponse:
    """The basic wage by date and the allowance rules (both short tables)."""
    _require_manager(request.user)
    return render(
        request,
        "collaborators/allowance_settings.html",
        {
            "wages": BasicWage.objects.order_by("-effective_from"),
            "rules": AllowanceRule.objects.order_by("-valid_from", "kind", "pk"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def wage_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_manager(request.user)
    wage = get_object_or_404(BasicWage, pk=pk) if pk else None
    form = BasicWageForm(request.POST or None, instance=wage)
    if request.method == "POST" and form.is_valid():
        try:
            services.basic_wage_save(actor=request.user, wage=form.save(commit=False))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Basic wage saved."))
            return redirect("collaborators:allowance_settings")
    return render(
        request,
        "collaborators/allowance_form.html",
        {"form": form, "title": str(wage) if wage else _("Add a basic wage")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def allowance_rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_manager(request.user)
    rule = get_object_or_404(AllowanceRule, pk=pk) if pk else None
    form = AllowanceRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.allowance_rule_save(actor=request.user, rule=form.save(commit=False))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Allowance rule saved."))
            return redirect("collaborators:allowance_settings")
    return render(
        request,
        "collaborators/allowance_form.html",
        {"form": form, "title": str(rule) if rule else _("Add an allowance rule")},
    )
