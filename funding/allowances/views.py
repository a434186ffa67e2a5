"""The monthly allowance sheet's pages: officials read, center staff act; a collaborator
reads their own allowance history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_center_staff, is_collaborator
from core.forms import apply_validation_error
from core.panels import render_sections

from .. import workflow
from ..selectors import can_view_money
from . import selectors, services
from .forms import LineForm, ReturnForm, SheetForm, SheetPayForm
from .models import SheetStatus
from .xlsx import sheet_xlsx

PAGE_SIZE = 24


def _require_staff(user) -> None:
    if not is_center_staff(user):
        raise Http404


def _staff_sheet(request: HttpRequest, pk: int):
    sheet = selectors.sheet_get_visible(request.user, pk)
    _require_staff(request.user)
    return sheet


@login_required
@require_GET
def sheet_list(request: HttpRequest) -> HttpResponse:
    if not can_view_money(request.user):
        raise Http404
    page = Paginator(selectors.sheet_list_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "funding/allowance_sheet_list.html",
        {"page": page, "can_edit": is_center_staff(request.user), "active": "allowances"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request.user)
    form = SheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.allowance_sheet_prepare(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The sheet is prepared: %(count)s collaborators, %(total)s đồng.")
                % {"count": sheet.lines.count(), "total": f"{sheet.total_vnd:,}".replace(",", ".")},
            )
            return redirect(sheet)
    return render(request, "funding/allowance_sheet_form.html", {"form": form})


@login_required
@require_GET
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get_visible(request.user, pk)
    staff = is_center_staff(request.user)
    return render(
        request,
        "funding/allowance_sheet_detail.html",
        {
            "sheet": sheet,
            "lines": selectors.sheet_lines(sheet),
            "events": sheet.events.select_related("actor"),
            "can_edit": staff and sheet.status == SheetStatus.PREPARED,
            "transitions": workflow.ALLOWANCE_SHEET.available(request.user, sheet),
            "is_preparer": sheet.prepared_by_id == request.user.pk,
            "sections": render_sections("funding:allowance_sheet_detail", request, sheet),
        },
    )


@login_required
@require_POST
def sheet_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _staff_sheet(request, pk)
    try:
        sheet = services.allowance_sheet_recompute(actor=request.user, sheet=sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The sheet has been recomputed."))
    return redirect(sheet)


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    """Set one collaborator's amount for the month by hand, with the reason."""
    _require_staff(request.user)
    line = selectors.line_get_visible(request.user, pk, line_id)
    form = LineForm(request.POST or None, initial={"amount_vnd": line.amount_vnd})
    if request.method == "POST" and form.is_valid():
        try:
            services.allowance_line_set(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The amount is set and the sheet recomputed."))
            return redirect(line.sheet)
    return render(request, "funding/allowance_line_form.html", {"form": form, "line": line})


@login_required
@require_http_methods(["GET", "POST"])
def sheet_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation first: what approving does, and how much."""
    sheet = _staff_sheet(request, pk)
    if request.method == "POST":
        try:
            services.allowance_sheet_approve(actor=request.user, sheet=sheet)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The sheet is approved; its total is reserved."))
        return redirect(sheet)
    return render(
        request,
        "funding/allowance_sheet_confirm.html",
        {"sheet": sheet, "step": "approve", "is_preparer": sheet.prepared_by_id == request.user.pk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_pay(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _staff_sheet(request, pk)
    form = SheetPayForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.allowance_sheet_pay(actor=request.user, sheet=sheet, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The sheet is recorded as paid."))
            return redirect(sheet)
    return render(
        request,
        "funding/allowance_sheet_confirm.html",
        {"sheet": sheet, "step": "pay", "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_return(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _staff_sheet(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allowance_sheet_return(actor=request.user, sheet=sheet, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The sheet is returned for correction."))
            return redirect(sheet)
    return render(
        request,
        "funding/allowance_sheet_confirm.html",
        {"sheet": sheet, "step": "return", "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a prepared sheet, with the reason, after saying what that does."""
    sheet = _staff_sheet(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allowance_sheet_cancel(actor=request.user, sheet=sheet, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The sheet is cancelled; the month's sheet can be prepared again."),
            )
            return redirect(sheet)
    return render(
        request,
        "funding/allowance_sheet_confirm.html",
        {"sheet": sheet, "step": "cancel", "form": form},
    )


@login_required
@require_GET
def sheet_download(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get_visible(request.user, pk)
    response = HttpResponse(
        sheet_xlsx(sheet, selectors.sheet_lines(sheet)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bang-phu-cap-{sheet.month:%Y-%m}.xlsx"'
    )
    return response


@login_required
@require_GET
def my_allowances(request: HttpRequest) -> HttpResponse:
    """A collaborator's allowance history, month by month (made for a phone)."""
    if not is_collaborator(request.user):
        raise Http404
    page = Paginator(selectors.my_allowance_lines(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "funding/my_allowances.html", {"page": page})
