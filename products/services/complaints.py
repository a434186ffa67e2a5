"""Complaints about a published round and the council's answers."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Complaint, Entry, RoundStatus, VotingRound
from .common import actors, lock_round, require_staff, require_status


@transaction.atomic
def complaint_record(
    *,
    actor,
    voting_round: VotingRound,
    complainant: str,
    content: str,
    received_on: dt.date,
    contact: str = "",
    entry: Entry | None = None,
) -> Complaint:
    """Complaints are taken within 15 working days of the publication of the results."""
    require_staff(actor)
    voting_round = lock_round(voting_round)
    require_status(
        voting_round,
        RoundStatus.PUBLISHED,
        message=_("Complaints are recorded once the results are published."),
    )
    if entry is not None and entry.round_id != voting_round.pk:
        raise PermissionDenied
    deadline = voting_round.complaint_deadline
    if received_on < voting_round.published_on or received_on > deadline:
        raise ValidationError(
            {
                "received_on": _(
                    "Complaints are taken from %(start)s to %(end)s (15 working days after "
                    "publication)."
                )
                % {
                    "start": voting_round.published_on.strftime("%d/%m/%Y"),
                    "end": deadline.strftime("%d/%m/%Y"),
                }
            }
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    complaint = Complaint(
        round=voting_round,
        entry=entry,
        complainant=complainant,
        contact=contact,
        content=content,
        received_on=received_on,
        recorded_by=actor,
    )
    complaint.full_clean()
    complaint.save()
    return complaint


@transaction.atomic
def complaint_answer(*, actor, complaint: Complaint, answer: str) -> Complaint:
    """The council's answer, recorded by its chair or by center staff."""
    complaint = Complaint.objects.select_for_update().select_related("round").get(pk=complaint.pk)
    if not actors(actor, complaint.round):
        raise PermissionDenied
    if complaint.answered_on is not None:
        raise ValidationError(_("This complaint has been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the council's answer.")})
    complaint.answer = answer.strip()
    complaint.answered_on = timezone.localdate()
    complaint.answered_by = actor
    complaint.save(update_fields=["answer", "answered_on", "answered_by"])
    return complaint
