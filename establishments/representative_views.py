"""Center staff's screens for representative links: the queue of links awaiting
confirmation, and the decision (confirm, refuse, end) posted from the queue or from the
establishment's page."""

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
from establishments.forms import RepresentativeDecisionForm
from establishments.models import RepresentativeStatus
from establishments.selectors import representative_get_visible, representative_queue

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
    return render(request, "establishments/representative_queue.html", {"page": page})


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
