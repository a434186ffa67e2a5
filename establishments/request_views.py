"""Screens of support requests: the review queue, a request submitted for an
establishment, its page, its moves, comments and photos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import confirm
from core.files import private_file_response
from core.formatting import format_vnd
from core.forms import apply_validation_error
from core.panels import render_sections
from establishments import permissions, services
from establishments.forms import CommentForm, SupportRequestForm, TransitionForm
from establishments.models import RequestStatus
from establishments.selectors import (
    establishment_get_visible,
    support_request_get_visible,
    support_request_list_visible_to,
    support_request_photo_get,
)
from establishments.workflow import available_transitions, find_transition

PAGE_SIZE = 25


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """The review queue for staff; the requests of my area for a collaborator."""
    if not permissions.can_view_requests(request.user):
        raise Http404
    requests = support_request_list_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "establishments/request_list.html",
        {"page": page, "status": status, "statuses": RequestStatus.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    establishment = establishment_get_visible(request.user, pk)
    if not permissions.can_submit_request(request.user, establishment):
        raise Http404
    form = SupportRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.support_request_submit(
                actor=request.user, establishment=establishment, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request has been sent to the center."))
            return redirect(created)
    return render(
        request,
        "establishments/request_form.html",
        {"form": form, "establishment": establishment},
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = support_request_get_visible(request.user, pk)
    return render(
        request,
        "establishments/request_detail.html",
        {
            "req": support_request,
            "events": support_request.events.select_related("actor"),
            "photos": support_request.photos.all(),
            "transitions": available_transitions(request.user, support_request),
            "comment_form": CommentForm(),
            "can_comment": permissions.can_comment_request(request.user, support_request),
            "sections": render_sections("establishments:request_detail", request, support_request),
        },
    )


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = support_request_get_visible(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid() or not permissions.can_review_requests(request.user):
        raise Http404
    transition = find_transition(request.user, support_request, form.cleaned_data["target"])
    if transition is not None and transition.confirm:
        if transition.note_required and not form.cleaned_data["note"].strip():
            messages.error(request, _("Give a reason; it is kept in the timeline."))
            return redirect(support_request)
        establishment = support_request.establishment
        page = confirm.ask(
            request,
            confirm.for_transition(
                transition,
                title=_("%(action)s the request of %(name)s")
                % {"action": transition.label, "name": establishment.name},
                cancel_url=support_request.get_absolute_url(),
                rows=[
                    (_("Establishment"), establishment.name),
                    (_("Content"), support_request.get_content_type_display()),
                    (_("Estimated cost"), format_vnd(support_request.estimated_cost_vnd)),
                    (_("Sent by"), support_request.submitted_by.display_name),
                    (_("Reason"), form.cleaned_data["note"]),
                ],
            ),
        )
        if page is not None:
            return page
    try:
        services.support_request_transition(
            actor=request.user,
            request=support_request,
            target=form.cleaned_data["target"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:  # a stale page: someone else moved the request meanwhile
        support_request.refresh_from_db()
        messages.error(
            request,
            _("This change is no longer possible: the request is now “%(status)s”.")
            % {"status": support_request.get_status_display()},
        )
    else:
        support_request.refresh_from_db(fields=["status"])
        messages.success(
            request,
            _("The request is now “%(status)s”.")
            % {"status": support_request.get_status_display()},
        )
    return redirect(support_request)


@login_required
@require_POST
def request_comment(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = support_request_get_visible(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.support_request_comment(
            actor=request.user, request=support_request, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(support_request)


@login_required
@require_GET
def request_photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    """Photos are private: served only to users who may see the request."""
    support_request = support_request_get_visible(request.user, pk)
    photo = support_request_photo_get(support_request, photo_id)
    return private_file_response(photo.image)
