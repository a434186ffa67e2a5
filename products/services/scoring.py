"""Council members' score sheets and conflicts of interest."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .. import selectors
from ..models import CouncilMember, Criterion, Entry, RoundStatus, Score, ScoreSheet, VotingRound
from .common import require_status


def _scoring_member(actor, entry: Entry) -> tuple[VotingRound, CouncilMember]:
    voting_round = VotingRound.objects.select_for_update().get(pk=entry.round_id)
    member = selectors.membership(actor, voting_round)
    if member is None or not member.scores:
        raise PermissionDenied
    require_status(
        voting_round,
        RoundStatus.SCORING,
        message=_("Scoring is not open for this round."),
    )
    return voting_round, member


@transaction.atomic
def sheet_save(*, actor, entry: Entry, points: Mapping[int, Decimal]) -> ScoreSheet:
    """Record (or correct, while scoring is open) a member's points for an entry: every
    criterion of the sheet, each from 0 to its maximum."""
    voting_round, member = _scoring_member(actor, entry)
    criteria = list(Criterion.objects.filter(group__round=voting_round))
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            errors[f"c{criterion.pk}"] = _("Give points for this criterion.")
        elif value < 0 or value > criterion.max_points:
            errors[f"c{criterion.pk}"] = _("Between 0 and %(max)s points.") % {
                "max": criterion.max_points
            }
        elif value != value.quantize(Decimal("0.1")):
            errors[f"c{criterion.pk}"] = _("At most one decimal place, e.g. 7,5.")
    unknown = set(points) - {c.pk for c in criteria}
    if unknown:
        raise ValidationError(_("The score sheet has changed; reload the page."))
    if errors:
        raise ValidationError(errors)
    sheet = ScoreSheet.objects.select_for_update().filter(entry=entry, member=member).first()
    if sheet is not None and sheet.conflict:
        raise ValidationError(
            _("You declared a conflict of interest for this entry; withdraw it first.")
        )
    total = sum((points[c.pk] for c in criteria), Decimal(0))
    if sheet is None:
        sheet = ScoreSheet(entry=entry, member=member)
    sheet.total = total
    sheet.save()
    sheet.scores.all().delete()
    bulk_create_with_history(
        [
            Score(sheet=sheet, criterion=criterion, points=points[criterion.pk])
            for criterion in criteria
        ],
        Score,
        default_user=actor,
    )
    return sheet


@transaction.atomic
def conflict_declare(*, actor, entry: Entry, note: str) -> ScoreSheet:
    """The member steps aside from this entry: any points they gave are removed and the
    entry's average is taken without them."""
    _voting_round, member = _scoring_member(actor, entry)
    if not note.strip():
        raise ValidationError({"note": _("Say briefly what the conflict of interest is.")})
    sheet = ScoreSheet.objects.select_for_update().filter(entry=entry, member=member).first()
    if sheet is None:
        sheet = ScoreSheet(entry=entry, member=member)
    else:
        sheet.scores.all().delete()
    sheet.conflict = True
    sheet.conflict_note = note.strip()
    sheet.total = None
    sheet.save()
    return sheet


@transaction.atomic
def conflict_withdraw(*, actor, entry: Entry) -> None:
    _voting_round, member = _scoring_member(actor, entry)
    ScoreSheet.objects.filter(entry=entry, member=member, conflict=True).delete()
