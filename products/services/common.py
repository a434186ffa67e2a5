"""What the writers of products share: the actor and status checks, the round's row
lock, and `move`, the one function that changes a round's status: it checks the
transition table and writes an event. Nothing else assigns VotingRound.status."""

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import is_center_staff
from core.workflow import Transition

from .. import selectors
from ..models import RoundEvent, VotingRound
from ..workflow import WORKFLOW, find_transition


def require_staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


def lock_round(voting_round: VotingRound) -> VotingRound:
    return VotingRound.objects.select_for_update().get(pk=voting_round.pk)


def require_status(voting_round: VotingRound, *statuses: str, message: str) -> None:
    if voting_round.status not in statuses:
        raise ValidationError(message)


def actors(actor, voting_round: VotingRound) -> set[str]:
    return selectors.round_actors(actor, selectors.membership(actor, voting_round))


def check_move(actor, voting_round: VotingRound, target: str, via: str = "") -> Transition:
    transition = find_transition(actors(actor, voting_round), voting_round.status, target, via=via)
    if transition is None:
        raise PermissionDenied
    return transition


def move(
    *, actor, voting_round: VotingRound, target: str, via: str = "", note: str = "", fields=()
) -> None:
    transition = check_move(actor, voting_round, target, via)
    RoundEvent.objects.create(
        round=voting_round,
        from_status=voting_round.status,
        to_status=target,
        actor=actor,
        note=note,
    )
    WORKFLOW.move(voting_round, transition, actor=actor, note=note, update_fields=fields)
