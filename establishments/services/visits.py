"""Field visits, logged by collaborators."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborators.models import Collaborator
from establishments import permissions
from establishments.models import Establishment, FieldVisit
from establishments.selectors import establishment_list_visible_to


@transaction.atomic
def field_visit_log(
    *,
    actor,
    establishment: Establishment,
    visited_on: dt.date,
    purpose: str,
    needs: str = "",
    notes: str = "",
    photo=None,
) -> FieldVisit:
    """A collaborator records a visit to an establishment of their area."""
    if not permissions.can_log_visit(actor):
        raise PermissionDenied
    collaborator = Collaborator.objects.filter(user=actor).first()
    if collaborator is None:
        raise ValidationError(_("Your login is not linked to a collaborator record yet."))
    if not establishment_list_visible_to(actor).filter(pk=establishment.pk).exists():
        raise PermissionDenied
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be in the future.")})
    visit = FieldVisit(
        collaborator=collaborator,
        establishment=establishment,
        visited_on=visited_on,
        purpose=purpose,
        needs=needs,
        notes=notes,
    )
    if photo:
        visit.photo = photo
    visit.full_clean()
    visit.save()
    return visit
