"""Changes an establishment proposes to its own record, from its portal. The record is
never written by the proposal itself: center staff apply it (through
`establishment_update`, with its checks and history) or refuse it, saying why."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff
from establishments.models import ChangeProposal, Establishment, ProposalStatus
from establishments.proposals import PROPOSABLE_FIELDS
from establishments.selectors import represented_establishments
from establishments.workflow import PROPOSAL_WORKFLOW

from .register import establishment_update

P = ProposalStatus


def _validated(establishment: Establishment, changes: Mapping) -> dict:
    """The proposed values that differ from the record, checked field by field as the
    register checks them; refused with the field's message."""
    unknown = set(changes) - set(PROPOSABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields that may not be proposed: {sorted(unknown)}")
    differing = {
        name: value for name, value in changes.items() if getattr(establishment, name) != value
    }
    if not differing:
        raise ValidationError(_("Nothing differs from the record."))
    trial = Establishment.objects.get(pk=establishment.pk)
    for name, value in differing.items():
        setattr(trial, name, value)
    trial.clean_fields(
        exclude=[f.name for f in Establishment._meta.fields if f.name not in differing]
    )
    return differing


@transaction.atomic
def change_proposal_submit(
    *, actor, establishment: Establishment, changes: Mapping, note: str = ""
) -> ChangeProposal:
    """A representative proposes new values for their establishment's record."""
    if not represented_establishments(actor).filter(pk=establishment.pk).exists():
        raise PermissionDenied
    establishment = Establishment.objects.select_for_update().get(pk=establishment.pk)
    differing = _validated(establishment, changes)
    proposal = ChangeProposal(
        establishment=establishment,
        proposed_by=actor,
        changes=differing,
        previous={name: getattr(establishment, name) for name in differing},
        note=(note or "").strip(),
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _locked(proposal: ChangeProposal) -> ChangeProposal:
    return ChangeProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def change_proposal_apply(*, actor, proposal: ChangeProposal) -> ChangeProposal:
    """Center staff apply the proposed values to the record (its history says so)."""
    if not is_center_staff(actor):
        raise PermissionDenied
    proposal = _locked(proposal)
    if PROPOSAL_WORKFLOW.find(actor, proposal, P.APPLIED) is None:
        raise ValidationError(_("This proposal has been decided already."))
    establishment_update(actor=actor, establishment=proposal.establishment, **proposal.changes)
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    PROPOSAL_WORKFLOW.fire(
        proposal, P.APPLIED, actor=actor, update_fields=["decided_by", "decided_at"]
    )
    return proposal


@transaction.atomic
def change_proposal_refuse(*, actor, proposal: ChangeProposal, reason: str) -> ChangeProposal:
    """Center staff refuse a proposal, saying why (the establishment reads the answer)."""
    if not is_center_staff(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the establishment.")})
    proposal = _locked(proposal)
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = reason[:500]
    PROPOSAL_WORKFLOW.fire(
        proposal,
        P.REFUSED,
        actor=actor,
        note=reason,
        update_fields=["decided_by", "decided_at", "decision_note"],
    )
    return proposal
