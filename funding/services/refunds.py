"""Refunds: money paid back on a grant, which it no longer holds."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_vnd

from ..models import Grant, Refund
from .locking import lock_grant, positive_amount, require_staff, sync_committed


@transaction.atomic
def refund_record(
    *,
    actor,
    grant: Grant,
    amount_vnd: int,
    reason: str,
    refunded_on: dt.date,
    reference: str = "",
) -> Refund:
    require_staff(actor)
    amount_vnd = positive_amount(amount_vnd)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the refund.")})
    if refunded_on is None or refunded_on > timezone.localdate():
        raise ValidationError(
            {"refunded_on": _("Give the refund date; it cannot be in the future.")}
        )
    allocation, grant = lock_grant(grant)
    if amount_vnd > grant.net_paid_vnd:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Only %(net)s has been paid and not yet refunded; %(amount)s is "
                    "%(excess)s too much."
                )
                % {
                    "net": format_vnd(grant.net_paid_vnd),
                    "amount": format_vnd(amount_vnd),
                    "excess": format_vnd(amount_vnd - grant.net_paid_vnd),
                }
            }
        )
    refund = Refund.objects.create(
        grant=grant,
        amount_vnd=amount_vnd,
        reason=reason.strip(),
        refunded_on=refunded_on,
        reference=(reference or "").strip(),
        recorded_by=actor,
    )
    grant.refunded_vnd += amount_vnd
    allocation.refunded_vnd += amount_vnd
    sync_committed(allocation, grant)
    grant.save(update_fields=["refunded_vnd", "committed_vnd"])
    allocation.save(update_fields=["committed_vnd", "refunded_vnd"])
    return refund
