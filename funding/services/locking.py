"""What every money service shares: the actor check, the row locks, taken always in the
same order (the allocation, then the grant, then the disbursement), and the running
total of what a grant holds of its allocation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff

from ..models import Allocation, Disbursement, DisbursementStatus, Grant, GrantStatus

D = DisbursementStatus
PENDING = (D.SCHEDULED, D.APPROVED)


def require_staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


def positive_amount(amount, field: str = "amount_vnd") -> int:
    if amount is None or isinstance(amount, bool) or int(amount) != amount or amount <= 0:
        raise ValidationError({field: _("Enter a whole number of đồng greater than zero.")})
    return int(amount)


def lock_allocation(pk: int) -> Allocation:
    return Allocation.objects.select_for_update().get(pk=pk)


def lock_grant(grant: Grant) -> tuple[Allocation, Grant]:
    """Lock the grant's allocation, then the grant (the one order every service uses)."""
    allocation = lock_allocation(grant.allocation_id)
    return allocation, Grant.objects.select_for_update().select_related("project").get(pk=grant.pk)


def sync_committed(allocation: Allocation, grant: Grant) -> None:
    """Recompute what the grant holds of its allocation and carry the difference."""
    if grant.status == GrantStatus.OPEN:
        committed = grant.amount_vnd
    else:
        committed = max(grant.ceiling_vnd, grant.net_paid_vnd)
    allocation.committed_vnd += committed - grant.committed_vnd
    grant.committed_vnd = committed


def pending_vnd(grant: Grant) -> int:
    return grant.disbursements.filter(status__in=PENDING).aggregate(s=Sum("amount_vnd"))["s"] or 0


def lock_disbursement(disbursement: Disbursement) -> tuple[Allocation, Grant, Disbursement]:
    allocation, grant = lock_grant(disbursement.grant)
    return allocation, grant, Disbursement.objects.select_for_update().get(pk=disbursement.pk)
