"""The year's allocations per fund source: recorded, then raised or lowered, never
below what grants already hold."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.formatting import format_vnd

from ..models import Allocation
from .locking import lock_allocation, require_staff


@transaction.atomic
def allocation_create(
    *,
    actor,
    year: int,
    fund_source: str,
    amount_vnd: int,
    legal_basis: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Allocation:
    require_staff(actor)
    if Allocation.objects.filter(year=year, fund_source=fund_source).exists():
        raise ValidationError(
            _("An allocation for %(year)s and this fund source exists; change its amount.")
            % {"year": year}
        )
    allocation = Allocation(
        year=year,
        fund_source=fund_source,
        amount_vnd=amount_vnd,
        legal_basis=legal_basis.strip(),
        decided_on=decided_on,
        note=note,
        created_by=actor,
    )
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def allocation_change(
    *,
    actor,
    allocation: Allocation,
    amount_vnd: int,
    legal_basis: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Allocation:
    """A supplementary or reduced allocation: never below what grants already hold."""
    require_staff(actor)
    allocation = lock_allocation(allocation.pk)
    if amount_vnd < allocation.committed_vnd:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Grants already hold %(committed)s of this allocation; it cannot be "
                    "lowered to %(amount)s (short by %(short)s)."
                )
                % {
                    "committed": format_vnd(allocation.committed_vnd),
                    "amount": format_vnd(amount_vnd),
                    "short": format_vnd(allocation.committed_vnd - amount_vnd),
                }
            }
        )
    allocation.amount_vnd = amount_vnd
    allocation.legal_basis = legal_basis.strip()
    allocation.decided_on = decided_on
    allocation.note = note
    allocation.full_clean()
    allocation.save()
    return allocation
