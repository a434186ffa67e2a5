"""Setting a round up (details, score sheet, council) and opening it to scoring."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.roles import is_council_member

from .. import selectors
from ..criteria import DEFAULT_SHEET
from ..models import (
    SCORING_ROLES,
    CouncilMember,
    CouncilRole,
    Criterion,
    CriterionGroup,
    RoundEvent,
    RoundStatus,
    VotingRound,
)
from .common import check_move, lock_round, move, require_staff, require_status


def _seed_criteria(voting_round: VotingRound) -> None:
    # Stored in the portal's language: the sheet is data, printed and signed as is.
    with translation.override(settings.LANGUAGE_CODE):
        for g_pos, (group_name, group_max, criteria) in enumerate(DEFAULT_SHEET, start=1):
            group = CriterionGroup.objects.create(
                round=voting_round, position=g_pos, name=_(group_name), max_points=group_max
            )
            bulk_create_with_history(
                [
                    Criterion(group=group, position=c_pos, name=_(name), max_points=points)
                    for c_pos, (name, points) in enumerate(criteria, start=1)
                ],
                Criterion,
            )


@transaction.atomic
def round_create(*, actor, **fields) -> VotingRound:
    require_staff(actor)
    voting_round = VotingRound(created_by=actor, **fields)
    voting_round.full_clean()
    voting_round.save()
    _seed_criteria(voting_round)
    RoundEvent.objects.create(round=voting_round, to_status=voting_round.status, actor=actor)
    return voting_round


@transaction.atomic
def round_update(*, actor, voting_round: VotingRound, **fields) -> VotingRound:
    require_staff(actor)
    voting_round = lock_round(voting_round)
    require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The round's details are fixed once scoring opens."),
    )
    for name, value in fields.items():
        setattr(voting_round, name, value)
    voting_round.full_clean()
    voting_round.save()
    return voting_round


def _criteria_editable(voting_round: VotingRound) -> VotingRound:
    voting_round = lock_round(voting_round)
    require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The score sheet cannot change once scoring has opened."),
    )
    return voting_round


@transaction.atomic
def criterion_group_save(
    *, actor, voting_round: VotingRound, name: str, max_points: int, group=None
) -> CriterionGroup:
    require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if group is None:
        position = (voting_round.criterion_groups.aggregate(m=Max("position"))["m"] or 0) + 1
        group = CriterionGroup(round=voting_round, position=position)
    elif group.round_id != voting_round.pk:
        raise PermissionDenied
    group.name = name
    group.max_points = max_points
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def criterion_save(
    *,
    actor,
    voting_round: VotingRound,
    group: CriterionGroup,
    name: str,
    max_points: int,
    guidance: str = "",
    criterion=None,
) -> Criterion:
    require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if group.round_id != voting_round.pk:
        raise PermissionDenied
    if criterion is None:
        position = (group.criteria.aggregate(m=Max("position"))["m"] or 0) + 1
        criterion = Criterion(group=group, position=position)
    elif criterion.group.round_id != voting_round.pk:
        raise PermissionDenied
    criterion.group = group
    criterion.name = name
    criterion.max_points = max_points
    criterion.guidance = guidance
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor, voting_round: VotingRound, criterion: Criterion) -> None:
    require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if criterion.group.round_id != voting_round.pk:
        raise PermissionDenied
    criterion.delete()


@transaction.atomic
def criterion_group_delete(*, actor, voting_round: VotingRound, group: CriterionGroup) -> None:
    require_staff(actor)
    voting_round = _criteria_editable(voting_round)
    if group.round_id != voting_round.pk:
        raise PermissionDenied
    group.delete()


@transaction.atomic
def council_member_add(
    *, actor, voting_round: VotingRound, user, role: str, organisation: str = ""
) -> CouncilMember:
    require_staff(actor)
    voting_round = lock_round(voting_round)
    require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The council cannot change once scoring has opened."),
    )
    if not is_council_member(user):
        raise ValidationError(
            {
                "user": _(
                    "%(user)s does not have the council member role; give it in the "
                    "administration first."
                )
                % {"user": user}
            }
        )
    member = CouncilMember(round=voting_round, user=user, role=role, organisation=organisation)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def council_member_remove(*, actor, member: CouncilMember) -> None:
    require_staff(actor)
    voting_round = lock_round(member.round)
    require_status(
        voting_round,
        RoundStatus.OPEN,
        message=_("The council cannot change once scoring has opened."),
    )
    member.delete()


@transaction.atomic
def open_scoring(*, actor, voting_round: VotingRound) -> VotingRound:
    voting_round = lock_round(voting_round)
    check_move(actor, voting_round, RoundStatus.SCORING)
    problems = selectors.sheet_problems(voting_round)
    if not voting_round.entries.exists():
        problems.append(_("The round has no entries."))
    council = voting_round.council.all()
    if not council.filter(role=CouncilRole.CHAIR).exists():
        problems.append(_("The council has no chair."))
    if not council.filter(role__in=SCORING_ROLES).exists():
        problems.append(_("The council has no member who scores."))
    if problems:
        raise ValidationError(problems)
    move(actor=actor, voting_round=voting_round, target=RoundStatus.SCORING)
    return voting_round
