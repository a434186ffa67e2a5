"""Money screens: the allocation ledger, a project's money tab, the support rules and
the overdue settlements. Officials read; center staff act."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_center_staff
from core import confirm
from core.forms import apply_validation_error
from projects.models import DocumentKind, ProjectStatus
from projects.services import BUDGET_REVISABLE

from . import selectors, services
from .forms import (
    AllocationChangeForm,
    AllocationForm,
    CounterpartForm,
    DisbursementForm,
    PayForm,
    RefundForm,
    SettleForm,
    SupportRuleForm,
)
from .models import GrantStatus


def require_staff(user) -> None:
    if not is_center_staff(user):
        raise Http404


def refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- allocations ----------------------------------------------------------------------


@login_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    rows = selectors.allocation_ledger(request.user)
    return render(
        request,
        "funding/ledger.html",
        {
            "rows": rows,
            "can_edit": is_center_staff(request.user),
            "overdue_count": selectors.overdue_settlement_count(request.user),
            "overdue_cap": selectors.OVERDUE_COUNT_CAP,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_create(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    form = AllocationForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Allocation recorded."))
            return redirect(allocation)
    return render(request, "funding/allocation_form.html", {"form": form})


@login_required
@require_GET
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = selectors.allocation_get_visible(request.user, pk)
    return render(
        request,
        "funding/allocation_detail.html",
        {
            "allocation": allocation,
            "grants": selectors.grants_of(allocation),
            "totals": selectors.grant_totals(allocation),
            "can_edit": is_center_staff(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request.user)
    allocation = selectors.allocation_get_visible(request.user, pk)
    form = AllocationChangeForm(request.POST or None, instance=allocation)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_change(
                actor=request.user,
                allocation=allocation,
                **{k: form.cleaned_data[k] for k in AllocationChangeForm.Meta.fields},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Allocation changed."))
            return redirect(allocation)
    return render(request, "funding/allocation_form.html", {"form": form, "allocation": allocation})


# --- support rules --------------------------------------------------------------------


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funding/rule_list.html",
        {"rules": selectors.rule_list(request.user), "can_edit": is_center_staff(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Staff keep the rules current (a new circular, the province's resolution). A rule
    already applied to grants stays as applied: those grants keep their snapshot."""
    require_staff(request.user)
    rule = selectors.rule_get_visible(request.user, pk) if pk else None
    form = SupportRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_rule_save(actor=request.user, rule=form.save(commit=False))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Support rule saved."))
            return redirect("funding:rule_list")
    return render(request, "funding/rule_form.html", {"form": form, "rule": rule})


# --- a project's money ----------------------------------------------------------------


def _money_context(request: HttpRequest, project, **forms) -> dict:
    grant = selectors.grant_of(project)
    staff = is_center_staff(request.user)
    context = {
        "project": project,
        "grant": grant,
        "can_edit": staff,
        "plan_items": project.plan_items.select_related("plan").order_by("-plan__version"),
    }
    if grant is None:
        on = timezone.localdate()
        context["preview"] = services.assess(project, on)
        context["preview_on"] = on
        return context
    context["disbursements"] = grant.disbursements.select_related(
        "scheduled_by", "approved_by", "paid_by"
    )
    context["refunds"] = grant.refunds.select_related("recorded_by")
    # A form coming back with errors is always shown, even when the state it was posted
    # from has moved on (a stale page), so the refusal is visible.
    context.update({name: form for name, form in forms.items() if form is not None})
    room = grant.ceiling_vnd - grant.net_paid_vnd
    if staff and grant.status != GrantStatus.CANCELLED and room > 0:
        payable = services.schedulable_kinds(project)
        if payable or forms.get("disbursement_form"):
            context["disbursement_form"] = forms.get("disbursement_form") or DisbursementForm(
                kinds=payable
            )
        else:
            # Said rather than refused after the fact: no payment before the contract.
            context["payment_not_yet"] = _(
                "Payments can be scheduled once the contract is signed: the project is "
                "“%(status)s”. Press “Contract signed” on the project page first."
            ) % {"status": project.get_status_display()}
        context["pay_form"] = PayForm(initial={"paid_on": timezone.localdate()})
    if (
        staff
        and grant.status == GrantStatus.OPEN
        and project.status in BUDGET_REVISABLE
        and grant.amount_vnd < project.state_support_total
    ):
        context["budget_gap"] = project.state_support_total - grant.amount_vnd
    if staff and grant.net_paid_vnd > 0:
        context["refund_form"] = forms.get("refund_form") or RefundForm(
            initial={
                "refunded_on": timezone.localdate(),
                "amount_vnd": grant.refund_due or None,
            }
        )
    if staff and grant.status == GrantStatus.OPEN:
        context["counterpart_form"] = forms.get("counterpart_form") or CounterpartForm(
            initial={"counterpart_actual_vnd": grant.counterpart_actual_vnd}
        )
    if staff and grant.status == GrantStatus.OPEN and project.status == ProjectStatus.ACCEPTED:
        context["settle_form"] = forms.get("settle_form") or SettleForm(
            initial={
                "settled_vnd": grant.net_paid_vnd,
                "counterpart_actual_vnd": grant.counterpart_actual_vnd
                or grant.counterpart_planned_vnd,
                "settled_on": timezone.localdate(),
            }
        )
        context["has_papers"] = project.documents.filter(kind=DocumentKind.SETTLEMENT).exists()
    return context


@login_required
@require_GET
def project_money(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_money_get(request.user, pk)
    return render(request, "funding/project_money.html", _money_context(request, project))


def _grant_or_404(project):
    grant = selectors.grant_of(project)
    if grant is None:
        raise Http404
    return grant


def money_post(request: HttpRequest, pk: int, form_class, form_name: str, act, ask=None):
    """The shape of every money action: staff only, the project visible, a valid form,
    the check-your-answers page when `ask(grant, data)` describes one, the service's
    refusal shown on the form with nothing written."""
    require_staff(request.user)
    project = selectors.project_money_get(request.user, pk)
    grant = _grant_or_404(project)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        if ask is not None and (page := confirm.ask(request, ask(grant, form.cleaned_data))):
            return page
        try:
            act(grant, form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("funding:project_money", pk=project.pk)
    return render(
        request,
        "funding/project_money.html",
        _money_context(request, project, **{form_name: form}),
        status=400,
    )


@login_required
@require_POST
def disbursement_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    def act(grant, data):
        services.disbursement_schedule(actor=request.user, grant=grant, **data)
        messages.success(request, _("Payment scheduled; another staff member approves it."))

    return money_post(request, pk, DisbursementForm, "disbursement_form", act)


@login_required
@require_POST
def refund_record(request: HttpRequest, pk: int) -> HttpResponse:
    def act(grant, data):
        services.refund_record(actor=request.user, grant=grant, **data)
        messages.success(request, _("Refund recorded."))

    return money_post(request, pk, RefundForm, "refund_form", act)


@login_required
@require_POST
def counterpart_record(request: HttpRequest, pk: int) -> HttpResponse:
    def act(grant, data):
        services.counterpart_record(
            actor=request.user, grant=grant, amount_vnd=data["counterpart_actual_vnd"]
        )
        messages.success(request, _("Counterpart capital recorded."))

    return money_post(request, pk, CounterpartForm, "counterpart_form", act)


# --- overdue settlements --------------------------------------------------------------


@login_required
@require_GET
def overdue_settlements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funding/overdue_settlements.html",
        {
            "projects": selectors.overdue_settlements_visible_to(request.user),
            "refunds_due": selectors.refunds_due(request.user),
            "due_days": selectors.SETTLEMENT_DUE_DAYS,
        },
    )
