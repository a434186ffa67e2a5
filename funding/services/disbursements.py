"""Payments on a grant: scheduled, approved by another staff member, paid, or cancelled
while pending; within the grant, and advances within the rule's share."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_vnd
from projects.models import ProjectStatus

from .. import workflow
from ..models import Disbursement, DisbursementKind, Grant, GrantStatus
from ..notifications import payment_paid_notify
from ..rules import format_percent, percent_of
from .locking import (
    PENDING,
    D,
    lock_disbursement,
    lock_grant,
    pending_vnd,
    positive_amount,
    require_staff,
)

# Which project states allow which payments: an advance once the contract is signed,
# interim payments while the work goes on, the final payment after acceptance.
PAYABLE_IN = {
    DisbursementKind.ADVANCE: (ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS),
    DisbursementKind.INTERIM: (ProjectStatus.IN_PROGRESS, ProjectStatus.ACCEPTED),
    DisbursementKind.FINAL: (ProjectStatus.ACCEPTED, ProjectStatus.SETTLED),
    # The network's allowances are paid month by month while the year's project runs.
    DisbursementKind.ALLOWANCE: (
        ProjectStatus.APPROVED,
        ProjectStatus.CONTRACTED,
        ProjectStatus.IN_PROGRESS,
    ),
}


def schedulable_kinds(project) -> list[str]:
    """The kinds of payment staff may schedule for the project in its state now (an
    allowance is never one: it moves only with its monthly sheet)."""
    return [
        kind
        for kind, states in PAYABLE_IN.items()
        if kind != DisbursementKind.ALLOWANCE and project.status in states
    ]


def refuse_allowance(disbursement: Disbursement) -> None:
    """An allowance payment moves with its sheet, never on its own."""
    if disbursement.kind == DisbursementKind.ALLOWANCE:
        raise ValidationError(
            _(
                "This payment belongs to a monthly allowance sheet; approve, pay or return "
                "the sheet."
            )
        )


@transaction.atomic
def disbursement_schedule(
    *,
    actor,
    grant: Grant,
    kind: str,
    amount_vnd: int,
    due_on: dt.date | None = None,
    note: str = "",
) -> Disbursement:
    require_staff(actor)
    if kind == DisbursementKind.ALLOWANCE:
        raise ValidationError({"kind": _("Allowances are paid with the monthly allowance sheet.")})
    amount_vnd = positive_amount(amount_vnd)
    _allocation, grant = lock_grant(grant)
    project = grant.project
    if grant.status == GrantStatus.CANCELLED:
        raise ValidationError(_("The grant is cancelled; nothing more can be paid on it."))
    if project.status not in PAYABLE_IN[kind]:
        raise ValidationError(
            {
                "kind": _("%(kind)s cannot be paid while the project is %(status)s.")
                % {
                    "kind": DisbursementKind(kind).label,
                    "status": project.get_status_display(),
                }
            }
        )
    room = grant.ceiling_vnd - grant.net_paid_vnd - pending_vnd(grant)
    if amount_vnd > room:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "Paid and scheduled money may not exceed the grant (%(ceiling)s): "
                    "%(room)s is left, %(amount)s asked, %(excess)s too much."
                )
                % {
                    "ceiling": format_vnd(grant.ceiling_vnd),
                    "room": format_vnd(max(room, 0)),
                    "amount": format_vnd(amount_vnd),
                    "excess": format_vnd(amount_vnd - max(room, 0)),
                }
            }
        )
    if kind == DisbursementKind.ADVANCE and grant.advance_max_percent is not None:
        limit = percent_of(grant.amount_vnd, grant.advance_max_percent)
        if grant.advance_vnd + amount_vnd > limit:
            basis = grant.rule.legal_basis if grant.rule else ""
            raise ValidationError(
                {
                    "amount_vnd": _(
                        "Advances may not exceed %(percent)s%% of the grant under %(basis)s "
                        "(%(limit)s); %(done)s already advanced, %(amount)s asked, "
                        "%(excess)s too much."
                    )
                    % {
                        "percent": format_percent(grant.advance_max_percent),
                        "basis": basis,
                        "limit": format_vnd(limit),
                        "done": format_vnd(grant.advance_vnd),
                        "amount": format_vnd(amount_vnd),
                        "excess": format_vnd(grant.advance_vnd + amount_vnd - limit),
                    }
                }
            )
    disbursement = Disbursement.objects.create(
        grant=grant,
        kind=kind,
        amount_vnd=amount_vnd,
        due_on=due_on,
        note=note,
        scheduled_by=actor,
    )
    if kind == DisbursementKind.ADVANCE:
        grant.advance_vnd += amount_vnd
        grant.save(update_fields=["advance_vnd"])
    return disbursement


@transaction.atomic
def disbursement_approve(*, actor, disbursement: Disbursement) -> Disbursement:
    """Four eyes: the one who scheduled a payment does not approve it."""
    require_staff(actor)
    _allocation, _grant, disbursement = lock_disbursement(disbursement)
    refuse_allowance(disbursement)
    if disbursement.status != D.SCHEDULED:
        raise ValidationError(_("Only a scheduled payment can be approved."))
    if disbursement.scheduled_by_id == actor.pk:
        raise ValidationError(
            _("You scheduled this payment; another staff member must approve it.")
        )
    disbursement.approved_by = actor
    workflow.DISBURSEMENT.fire(disbursement, D.APPROVED, actor=actor, update_fields=["approved_by"])
    return disbursement


@transaction.atomic
def disbursement_pay(
    *, actor, disbursement: Disbursement, paid_on: dt.date, reference: str
) -> Disbursement:
    require_staff(actor)
    allocation, grant, disbursement = lock_disbursement(disbursement)
    refuse_allowance(disbursement)
    return pay_locked(allocation, grant, disbursement, actor, paid_on, reference)


def pay_locked(allocation, grant: Grant, disbursement: Disbursement, actor, paid_on, reference):
    """Pay an approved payment whose allocation, grant and row the caller has locked,
    and carry it into the running totals. Checks no actor: for the services that have
    checked theirs (a payment, an allowance sheet)."""
    if disbursement.status != D.APPROVED:
        raise ValidationError(_("Only an approved payment can be marked paid."))
    if not (reference or "").strip():
        raise ValidationError({"reference": _("Give the treasury voucher number.")})
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("Give the payment date; it cannot be in the future.")})
    if grant.net_paid_vnd + disbursement.amount_vnd > grant.ceiling_vnd:
        raise ValidationError(
            _("Paying %(amount)s would put paid money above the grant by %(excess)s.")
            % {
                "amount": format_vnd(disbursement.amount_vnd),
                "excess": format_vnd(
                    grant.net_paid_vnd + disbursement.amount_vnd - grant.ceiling_vnd
                ),
            }
        )
    disbursement.paid_on = paid_on
    disbursement.reference = reference.strip()
    disbursement.paid_by = actor
    workflow.DISBURSEMENT.fire(
        disbursement, D.PAID, actor=actor, update_fields=["paid_on", "reference", "paid_by"]
    )
    grant.paid_vnd += disbursement.amount_vnd
    grant.save(update_fields=["paid_vnd"])
    allocation.paid_vnd += disbursement.amount_vnd
    allocation.save(update_fields=["paid_vnd"])
    payment_paid_notify(disbursement, actor=actor)
    return disbursement


def cancel_pending_disbursement(grant: Grant, disbursement: Disbursement, actor, note: str) -> None:
    """Cancel a pending payment of a locked grant. Checks no actor: for the services
    that have checked theirs (a cancelled project, a withdrawn payment)."""
    disbursement.note = "\n".join(filter(None, [disbursement.note, note]))
    disbursement._change_reason = note[:100]
    workflow.DISBURSEMENT.fire(
        disbursement, D.CANCELLED, actor=actor, by_portal=True, update_fields=["note"]
    )
    if disbursement.kind == DisbursementKind.ADVANCE:
        grant.advance_vnd -= disbursement.amount_vnd
        grant.save(update_fields=["advance_vnd"])


@transaction.atomic
def disbursement_cancel(*, actor, disbursement: Disbursement, note: str) -> Disbursement:
    """Withdraw a payment not yet made. A paid one is reversed by a refund instead."""
    require_staff(actor)
    _allocation, grant, disbursement = lock_disbursement(disbursement)
    refuse_allowance(disbursement)
    if disbursement.status not in PENDING:
        raise ValidationError(
            _("Only a scheduled or approved payment can be cancelled; record a refund instead.")
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Give a reason; it is kept in the history.")})
    cancel_pending_disbursement(grant, disbursement, actor, note.strip())
    return disbursement
