"""Support requests: submitted for an establishment of the actor's area (or, from its
own portal, by a representative of the establishment), moved through the workflow,
commented; followers are told (and mailed after the commit)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from establishments import permissions
from establishments.eligibility import location_eligibility
from establishments.models import (
    Establishment,
    SupportRequest,
    SupportRequestEvent,
    SupportRequestPhoto,
)
from establishments.notifications import support_request_event_notify
from establishments.selectors import (
    establishment_list_visible_to,
    represented_establishments,
    support_request_list_represented_by,
    support_request_list_visible_to,
)
from establishments.workflow import WORKFLOW, find_transition

MAX_DESIRED_YEARS_AHEAD = 5


# --- support requests ------------------------------------------------------------


def _notify(event: SupportRequestEvent) -> None:
    support_request_event_notify(event)


@transaction.atomic
def support_request_submit(
    *,
    actor,
    establishment: Establishment,
    content_type: str,
    description: str,
    estimated_cost_vnd: int,
    desired_year: int,
    photos: Iterable = (),
) -> SupportRequest:
    in_reach = (
        establishment_list_visible_to(actor).filter(pk=establishment.pk).exists()
        or represented_establishments(actor).filter(pk=establishment.pk).exists()
    )
    if not in_reach:
        raise PermissionDenied
    if not permissions.can_submit_request(actor, establishment):
        raise PermissionDenied
    verdict = location_eligibility(
        commune=establishment.commune, craft_village=establishment.craft_village
    )
    if not verdict.eligible:
        raise ValidationError(
            _("This establishment is not eligible by location: %(reason)s")
            % {"reason": verdict.reason}
        )
    this_year = timezone.localdate().year
    if not this_year <= desired_year <= this_year + MAX_DESIRED_YEARS_AHEAD:
        raise ValidationError(
            {
                "desired_year": _("Choose a year from %(first)s to %(last)s.")
                % {"first": this_year, "last": this_year + MAX_DESIRED_YEARS_AHEAD}
            }
        )
    request = SupportRequest(
        establishment=establishment,
        submitted_by=actor,
        content_type=content_type,
        description=description,
        estimated_cost_vnd=estimated_cost_vnd,
        desired_year=desired_year,
    )
    request.full_clean()
    request.save()
    for photo in photos:
        SupportRequestPhoto.objects.create(request=request, image=photo)
    event = SupportRequestEvent.objects.create(
        request=request, from_status="", to_status=request.status, actor=actor
    )
    _notify(event)
    return request


@transaction.atomic
def support_request_transition(
    *, actor, request: SupportRequest, target: str, note: str = ""
) -> SupportRequest:
    """Apply one transition of the workflow table, under a row lock."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    transition = find_transition(actor, request, target)
    if transition is None:
        raise PermissionDenied
    note = (note or "").strip()
    if transition.note_required and not note:
        raise ValidationError({"note": _("Say why, for the collaborator who submitted it.")})
    previous = request.status
    request._change_reason = note[:100]
    WORKFLOW.move(request, transition, actor=actor, note=note, update_fields=["updated_at"])
    event = SupportRequestEvent.objects.create(
        request=request, from_status=previous, to_status=request.status, actor=actor, note=note
    )
    _notify(event)
    return request


@transaction.atomic
def support_request_comment(*, actor, request: SupportRequest, note: str) -> SupportRequestEvent:
    in_reach = (
        support_request_list_visible_to(actor).filter(pk=request.pk).exists()
        or support_request_list_represented_by(actor).filter(pk=request.pk).exists()
    )
    if not in_reach:
        raise PermissionDenied
    if not permissions.can_comment_request(actor, request):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a comment first.")})
    event = SupportRequestEvent.objects.create(
        request=request,
        from_status=request.status,
        to_status=request.status,
        actor=actor,
        note=note,
    )
    _notify(event)
    return event


def desired_year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year, this_year + MAX_DESIRED_YEARS_AHEAD + 1)]
