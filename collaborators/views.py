from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collaborators import permissions, services
from collaborators.forms import FieldVisitForm, MonthForm
from collaborators.selectors import (
    collaborator_area,
    collaborator_for,
    collaborator_month,
    roster_in_force,
    roster_list_visible_to,
    roster_memberships,
    roster_uncovered_communes,
    visit_list_visible_to,
)
from core.files import private_file_response
from core.forms import apply_validation_error
from establishments.selectors import establishment_list_visible_to
from localities.selectors import configured_province

PAGE_SIZE = 25


@login_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = visit_list_visible_to(request.user)
    if not (
        permissions.can_log_visit(request.user) or permissions.can_manage_rosters(request.user)
    ):
        raise Http404
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collaborators/visit_list.html",
        {"page": page, "can_log": permissions.can_log_visit(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
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
    return render(request, "collaborators/visit_form.html", {"form": form})


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
        "collaborators/my_month.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "collaborator": collaborator_for(request.user),
            # The area of that month, not today's: a report for December printed in
            # January still names December's communes.
            "area": collaborator_area(request.user, on=report["start"]).order_by("name"),
            **report,
        },
    )


@login_required
@require_GET
def roster_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_rosters(request.user):
        raise Http404
    return render(
        request,
        "collaborators/roster_list.html",
        {"rosters": roster_list_visible_to(request.user), "in_force": roster_in_force()},
    )


@login_required
@require_GET
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members, their communes, and the communes nobody covers."""
    roster = get_object_or_404(roster_list_visible_to(request.user), pk=pk)
    province = configured_province()
    uncovered = roster_uncovered_communes(roster, province)
    return render(
        request,
        "collaborators/roster_detail.html",
        {
            "roster": roster,
            "memberships": roster_memberships(roster),
            "uncovered": uncovered,
            "province": province,
            "can_approve": permissions.can_approve_roster(request.user, roster),
        },
    )


@login_required
@require_POST
def roster_approve(request: HttpRequest, pk: int) -> HttpResponse:
    roster = get_object_or_404(roster_list_visible_to(request.user), pk=pk)
    try:
        services.roster_approve(actor=request.user, roster=roster)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The roster is approved."))
    return redirect(roster)
