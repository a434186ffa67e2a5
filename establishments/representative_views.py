"""Center staff's screens for what establishments ask in their own portal: the queue of
representative links awaiting confirmation and of proposed changes to records, and the
decisions (confirm, refuse, end a link; apply or refuse a change) posted from the queue
or from the establishment's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pagination import CappedPaginator
from establishments import permissions, services
from establishments.forms import ProposalDecisionForm, RepresentativeDecisionForm
from establishments.models import ProposalStatus, RepresentativeStatus
from establishments.proposals import PROPOSABLE_FIELDS
from establishments.selectors import (
    change_proposal_get_visible,
    change_proposal_queue,
    representative_get_visible,
    representative_queue,
)

PAGE_SIZE = 25


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Links asked for at sign-in that did not match the register exactly."""
    if not permissions.can_manage_register(request.user):
        raise Http404
    page = CappedPaginator(representative_queue(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    proposals = CappedPaginator(change_proposal_queue(request.user), PAGE_SIZE).get_page(
        request.GET.get("proposals")
    )
    return render(
        request,
        "establishments/representative_queue.html",
        {"page": page, "proposals": proposals, "labels": field_labels()},
    )


def field_labels() -> dict[str, str]:
    """The register's field names, for the lines of a proposed change."""
    from establishments.models import Establishment

    return {name: Establishment._meta.get_field(name).verbose_name for name in PROPOSABLE_FIELDS}


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    representative = representative_get_visible(request.user, pk)
    form = RepresentativeDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    target = form.cleaned_data["target"]
    try:
        if target == RepresentativeStatus.CONFIRMED:
            services.representative_confirm(representative, by=request.user)
            messages.success(
                request,
                _("%(person)s now acts for %(establishment)s.")
                % {
                    "person": representative.user.display_name,
                    "establishment": representative.establishment.name,
                },
            )
        else:
            services.representative_end(
                representative, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The link has been ended."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = representative.establishment.get_absolute_url()
    return redirect(back)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_register(request.user):
        raise Http404
    proposal = change_proposal_get_visible(request.user, pk)
    form = ProposalDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        if form.cleaned_data["target"] == ProposalStatus.APPLIED:
            services.change_proposal_apply(actor=request.user, proposal=proposal)
            messages.success(request, _("The record now has the proposed values."))
        else:
            services.change_proposal_refuse(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The proposal has been refused."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = proposal.establishment.get_absolute_url()
    return redirect(back)
