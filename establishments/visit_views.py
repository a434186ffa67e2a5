"""Field visits and a collaborator's monthly report: what a collaborator does in the
establishments of their area. Served under /collaborators/ with the collaborators URL names."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collaborators import permissions as collaborator_permissions
from collaborators.selectors import collaborator_area, collaborator_for
from core.files import private_file_response
from core.forms import apply_validation_error
from core.middleware import uses_camera
from establishments import permissions, services
from establishments.selectors import (
    collaborator_month,
    establishment_list_visible_to,
    monthly_report_of,
    visit_list_visible_to,
)
from establishments.visit_forms import FieldVisitForm, MonthForm

PAGE_SIZE = 25


@login_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = visit_list_visible_to(request.user)
    if not (
        permissions.can_log_visit(request.user)
        or collaborator_permissions.can_manage_rosters(request.user)
    ):
        raise Http404
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "establishments/visit_list.html",
        {"page": page, "can_log": permissions.can_log_visit(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@uses_camera
def visit_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_log_visit(request.user):
        raise Http404
    establishments = establishment_list_visible_to(request.user)
    initial = {}
    wanted = request.GET.get("establishment", "")
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 18:  # "²" is a digit too
        initial["establishment"] = int(wanted)
    form = FieldVisitForm(
        request.POST or None,
        request.FILES or None,
        establishments=establishments,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.field_visit_log(
                actor=request.user,
                establishment=data["establishment"],
                visited_on=data["visited_on"],
                purpose=data["purpose"],
                needs=data["needs"],
                notes=data["notes"],
                photo=data.get("photo"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The visit has been logged."))
            return redirect("collaborators:visit_list")
    return render(request, "establishments/visit_form.html", {"form": form})


@login_required
@require_GET
def visit_photo(request: HttpRequest, pk: int) -> FileResponse:
    visit = get_object_or_404(visit_list_visible_to(request.user).exclude(photo=""), pk=pk)
    return private_file_response(visit.photo)


@login_required
@require_GET
def my_month(request: HttpRequest) -> HttpResponse:
    """The monthly activity report a collaborator sends the center."""
    if not permissions.can_log_visit(request.user):
        raise Http404
    form = MonthForm(request.GET or None)
    year, month = form.period()
    report = collaborator_month(request.user, year=year, month=month)
    return render(
        request,
        "establishments/my_month.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "collaborator": collaborator_for(request.user),
            # The area of that month, not today's: a report for December printed in
            # January still names December's communes.
            "area": collaborator_area(request.user, on=report["start"]).order_by("name"),
            "sent": monthly_report_of(request.user, year=year, month=month),
            "can_send": report["start"] <= timezone.localdate(),
            **report,
        },
    )


@login_required
@require_POST
def my_month_send(request: HttpRequest) -> HttpResponse:
    """Send the month's report to the center (once; what the page shows is what is sent)."""
    if not permissions.can_log_visit(request.user):
        raise Http404
    form = MonthForm(request.POST)
    year, month = form.period()
    try:
        services.monthly_report_submit(actor=request.user, year=year, month=month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your report for %(month)s has been sent.") % {"month": f"{month:02d}/{year}"},
        )
    return redirect(f"{reverse('collaborators:my_month')}?month={year}-{month:02d}")
