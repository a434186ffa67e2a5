from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborators import permissions
from collaborators.models import CollaboratorRoster


@transaction.atomic
def roster_approve(*, actor, roster: CollaboratorRoster) -> CollaboratorRoster:
    """Approve a roster: from 1 January of its year its communes are the areas."""
    roster = CollaboratorRoster.objects.select_for_update().get(pk=roster.pk)
    if not permissions.can_approve_roster(actor, roster):
        raise PermissionDenied
    if CollaboratorRoster.objects.filter(year=roster.year, approved_at__isnull=False).exists():
        raise ValidationError(
            _("A roster for %(year)s is already approved.") % {"year": roster.year}
        )
    if not roster.memberships.exists():
        raise ValidationError(_("Add at least one collaborator before approving."))
    roster.approved_at = timezone.now()
    roster.approved_by = actor
    roster.save(update_fields=["approved_at", "approved_by"])
    return roster
