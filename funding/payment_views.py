"""The money steps that cannot be taken back: approving, paying and cancelling a
payment, and the final settlement. Each asks first (core.confirm) and says what will
happen, to whom and for how much."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import confirm
from core.formatting import format_date, format_vnd
from projects import services as project_services
from projects.forms import BudgetFormSet
from projects.models import DocumentKind
from projects.monitoring import document_upload

from . import selectors, services
from .forms import CancelForm, PayForm, SettleForm
from .models import Disbursement
from .views import money_post, refusal, require_staff


def _disbursement(request: HttpRequest, pk: int, disbursement_id: int) -> Disbursement:
    require_staff(request.user)
    project = selectors.project_money_get(request.user, pk)
    return get_object_or_404(
        Disbursement.objects.select_related("grant__project", "scheduled_by", "approved_by").filter(
            grant__project=project
        ),
        pk=disbursement_id,
    )


def _payment_rows(disbursement: Disbursement) -> list:
    grant, project = disbursement.grant, disbursement.grant.project
    rows = [
        (_("Project"), f"{project.code} — {project.title}"),
        (_("Beneficiary"), project.implementing_unit),
        (_("Payment"), disbursement.get_kind_display()),
        (_("Amount"), format_vnd(disbursement.amount_vnd)),
        (_("Grant"), format_vnd(grant.amount_vnd)),
        (_("Paid so far"), format_vnd(grant.net_paid_vnd)),
        (_("Scheduled by"), disbursement.scheduled_by.display_name),
    ]
    if disbursement.approved_by_id:
        rows.append((_("Approved by"), disbursement.approved_by.display_name))
    return rows


def _back(pk: int) -> str:
    return reverse("funding:project_money", kwargs={"pk": pk})


@login_required
@require_POST
def disbursement_approve(request: HttpRequest, pk: int, disbursement_id: int) -> HttpResponse:
    disbursement = _disbursement(request, pk, disbursement_id)
    page = confirm.ask(
        request,
        confirm.Confirmation(
            title=_("Approve a payment of %(amount)s")
            % {"amount": format_vnd(disbursement.amount_vnd)},
            consequence=_(
                "You approve this payment as the second staff member (four eyes). It can then "
                "be paid to %(unit)s and recorded with the treasury voucher."
            )
            % {"unit": disbursement.grant.project.implementing_unit},
            rows=_payment_rows(disbursement),
            button=_("Approve the payment"),
            cancel_url=_back(pk),
        ),
    )
    if page is not None:
        return page
    try:
        services.disbursement_approve(actor=request.user, disbursement=disbursement)
        messages.success(
            request,
            _("Payment of %(amount)s approved; it can now be paid.")
            % {"amount": format_vnd(disbursement.amount_vnd)},
        )
    except ValidationError as error:
        refusal(request, error)
    return redirect(_back(pk))


@login_required
@require_POST
def disbursement_pay(request: HttpRequest, pk: int, disbursement_id: int) -> HttpResponse:
    disbursement = _disbursement(request, pk, disbursement_id)
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the payment date and the treasury voucher number."))
        return redirect(_back(pk))
    data = form.cleaned_data
    page = confirm.ask(
        request,
        confirm.Confirmation(
            title=_("Record a payment of %(amount)s as paid")
            % {"amount": format_vnd(disbursement.amount_vnd)},
            consequence=_(
                "The money is recorded as paid to %(unit)s on %(date)s with voucher "
                "%(reference)s. A paid payment cannot be cancelled; only a refund reverses it."
            )
            % {
                "unit": disbursement.grant.project.implementing_unit,
                "date": format_date(data["paid_on"]),
                "reference": data["reference"],
            },
            rows=_payment_rows(disbursement),
            button=_("Record as paid"),
            style="success",
            cancel_url=_back(pk),
        ),
    )
    if page is not None:
        return page
    try:
        services.disbursement_pay(actor=request.user, disbursement=disbursement, **data)
        messages.success(
            request,
            _("Payment of %(amount)s recorded as paid (voucher %(reference)s).")
            % {"amount": format_vnd(disbursement.amount_vnd), "reference": data["reference"]},
        )
    except ValidationError as error:
        refusal(request, error)
    return redirect(_back(pk))


@login_required
@require_POST
def disbursement_cancel(request: HttpRequest, pk: int, disbursement_id: int) -> HttpResponse:
    disbursement = _disbursement(request, pk, disbursement_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason; it is kept in the history."))
        return redirect(_back(pk))
    page = confirm.ask(
        request,
        confirm.Confirmation(
            title=_("Cancel a payment of %(amount)s")
            % {"amount": format_vnd(disbursement.amount_vnd)},
            consequence=_(
                "The payment is cancelled and its amount is free again on the grant. "
                "This cannot be undone; a new payment would have to be scheduled."
            ),
            rows=[*_payment_rows(disbursement), (_("Reason"), form.cleaned_data["note"])],
            button=_("Cancel the payment"),
            style="danger",
            cancel_url=_back(pk),
        ),
    )
    if page is not None:
        return page
    try:
        services.disbursement_cancel(
            actor=request.user, disbursement=disbursement, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Payment cancelled."))
    except ValidationError as error:
        refusal(request, error)
    return redirect(_back(pk))


def _settle_confirmation(grant, data) -> confirm.Confirmation:
    project = grant.project
    due = max(grant.net_paid_vnd - data["settled_vnd"], 0)
    rows = [
        (_("Project"), f"{project.code} — {project.title}"),
        (_("Beneficiary"), project.implementing_unit),
        (_("Grant"), format_vnd(grant.amount_vnd)),
        (_("Paid so far"), format_vnd(grant.net_paid_vnd)),
        (_("Settled state support"), format_vnd(data["settled_vnd"])),
        (_("Counterpart actually spent"), format_vnd(data["counterpart_actual_vnd"])),
        (
            _("Settlement decision"),
            f"{data['settlement_number']} ({format_date(data['settled_on'])})",
        ),
    ]
    if due:
        rows.append((_("Due back as a refund"), format_vnd(due)))
    if data.get("papers"):
        rows.append((_("Settlement papers"), data["papers"].name))
    return confirm.Confirmation(
        title=_("Settle %(code)s") % {"code": project.code},
        consequence=_(
            "The grant is closed at %(amount)s and the project becomes settled. "
            "This is final: no payment can be scheduled on it afterwards."
        )
        % {"amount": format_vnd(data["settled_vnd"])},
        rows=rows,
        warning=_("Choose the settlement papers again on this page if you attached them.")
        if data.get("papers")
        else "",
        button=_("Record settlement"),
        cancel_url=_back(project.pk),
        file_field="papers" if data.get("papers") else "",
        file_label=_("Settlement papers"),
    )


@login_required
@require_POST
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    def act(grant, data):
        papers = data.pop("papers", None)
        document = None
        try:
            with transaction.atomic():
                if papers:
                    document = document_upload(
                        actor=request.user,
                        project=grant.project,
                        kind=DocumentKind.SETTLEMENT,
                        title=_("Settlement papers %(number)s")
                        % {"number": data["settlement_number"]},
                        file=papers,
                    )
                services.grant_settle(actor=request.user, grant=grant, **data)
        except ValidationError:
            if document is not None:  # the row is rolled back; do not keep its file
                document.file.delete(save=False)
            raise
        messages.success(
            request,
            _("Settlement recorded at %(amount)s; the project is settled.")
            % {"amount": format_vnd(data["settled_vnd"])},
        )

    return money_post(request, pk, SettleForm, "settle_form", act, ask=_settle_confirmation)


@login_required
@require_http_methods(["GET", "POST"])
def budget_align(request: HttpRequest, pk: int) -> HttpResponse:
    """After a grant smaller than the budget: the lines proposed scaled to the grant (each
    line's cost kept, the counterpart taking the rest), edited and saved."""
    require_staff(request.user)
    project = selectors.project_money_get(request.user, pk)
    grant = selectors.grant_of(project)
    if grant is None or project.status not in project_services.BUDGET_REVISABLE:
        raise Http404
    current = [
        project_services.Line(line.item, line.state_support_vnd, line.counterpart_vnd)
        for line in project.budget_lines.all()
    ]
    proposed = project_services.lines_scaled_to(current, grant.amount_vnd)
    formset = BudgetFormSet(
        request.POST or None,
        initial=[line.__dict__ for line in proposed],
        prefix="lines",
    )
    if request.method == "POST" and formset.is_valid():
        try:
            project_services.project_budget_revise(
                actor=request.user,
                project=project,
                budget_lines=formset.lines(),
                state_support_vnd=grant.amount_vnd,
            )
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(
                request,
                _("The budget lines now add up to the granted %(amount)s.")
                % {"amount": format_vnd(grant.amount_vnd)},
            )
            return redirect(project)
    return render(
        request,
        "funding/budget_align.html",
        {
            "project": project,
            "grant": grant,
            "budget": formset,
            "current": current,
            "current_total": sum(line.state_support_vnd for line in current),
        },
    )
