"""Settlement (quyết toán): the counterpart actually spent, and the final settlement of
an accepted project's grant, which moves the project to settled."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_vnd
from projects.models import DocumentKind, ProjectStatus
from projects.services import project_transition_via

from .. import workflow
from ..models import Grant, GrantStatus
from .locking import lock_grant, pending_vnd, require_staff, sync_committed


@transaction.atomic
def counterpart_record(*, actor, grant: Grant, amount_vnd: int) -> Grant:
    """The beneficiary's own money actually spent so far (vốn đối ứng thực hiện)."""
    require_staff(actor)
    if amount_vnd is None or amount_vnd < 0:
        raise ValidationError({"counterpart_actual_vnd": _("Amounts cannot be negative.")})
    _allocation, grant = lock_grant(grant)
    if grant.status == GrantStatus.CANCELLED:
        raise ValidationError(_("The grant is cancelled."))
    grant.counterpart_actual_vnd = amount_vnd
    grant.save(update_fields=["counterpart_actual_vnd"])
    return grant


@transaction.atomic
def grant_settle(
    *,
    actor,
    grant: Grant,
    settled_vnd: int,
    counterpart_actual_vnd: int,
    settled_on: dt.date,
    settlement_number: str,
    note: str = "",
) -> Grant:
    """Final settlement (quyết toán) of an accepted project: the state's share as
    settled, the counterpart actually spent; money paid beyond the settled amount is
    due back. The project moves to settled."""
    require_staff(actor)

    allocation, grant = lock_grant(grant)
    project = grant.project
    if grant.status != GrantStatus.OPEN or project.status != ProjectStatus.ACCEPTED:
        raise ValidationError(_("Only the grant of an accepted project can be settled."))
    if not settlement_number.strip():
        raise ValidationError({"settlement_number": _("Give the settlement decision's number.")})
    if settled_on > timezone.localdate():
        raise ValidationError({"settled_on": _("The date is in the future.")})
    if not project.documents.filter(kind=DocumentKind.SETTLEMENT).exists():
        raise ValidationError(_("Attach the settlement papers to the project first."))
    pending = pending_vnd(grant)
    if pending:
        raise ValidationError(
            _("%(amount)s is scheduled but not paid; pay or cancel it before settling.")
            % {"amount": format_vnd(pending)}
        )
    if settled_vnd is None or settled_vnd < 0:
        raise ValidationError({"settled_vnd": _("Amounts cannot be negative.")})
    if settled_vnd > grant.amount_vnd:
        raise ValidationError(
            {
                "settled_vnd": _("The settled amount exceeds the grant of %(grant)s by %(excess)s.")
                % {
                    "grant": format_vnd(grant.amount_vnd),
                    "excess": format_vnd(settled_vnd - grant.amount_vnd),
                }
            }
        )
    if counterpart_actual_vnd is None or counterpart_actual_vnd < 0:
        raise ValidationError({"counterpart_actual_vnd": _("Amounts cannot be negative.")})
    grant.settled_vnd = settled_vnd
    grant.settled_on = settled_on
    grant.settlement_number = settlement_number.strip()
    grant.counterpart_actual_vnd = counterpart_actual_vnd
    grant.closed_by = actor
    grant.closing_note = note
    grant._change_reason = grant.settlement_number[:100]
    workflow.GRANT.fire(grant, GrantStatus.SETTLED, actor=actor, update_fields=None)
    sync_committed(allocation, grant)  # what a closed grant holds depends on its status
    grant.save(update_fields=["committed_vnd"])
    allocation.save(update_fields=["committed_vnd"])
    project_transition_via(
        actor=actor,
        project=project,
        target=ProjectStatus.SETTLED,
        via="settlement",
        note=grant.settlement_number,
    )
    return grant
