from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collaborators import permissions, services
from collaborators.selectors import (
    roster_in_force,
    roster_list_visible_to,
    roster_memberships,
    roster_uncovered_communes,
)
from localities.selectors import configured_province


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
