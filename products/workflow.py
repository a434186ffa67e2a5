"""The voting round as a table: open (entries) -> scoring -> closed -> published.

Center staff open scoring and publish; the chair of the round's council (or staff)
closes it. Publishing is fired by the publish service only, which issues certificates.
"""

from django.utils.translation import gettext_lazy as _

from core.workflow import Tone, Transition, Workflow
from products import selectors
from products.models import RoundStatus

S = RoundStatus
STAFF = "staff"
CHAIR = "chair"


TRANSITIONS: dict[str, tuple[Transition, ...]] = {
    S.OPEN: (
        Transition(
            S.SCORING,
            _("Open scoring"),
            frozenset({STAFF}),
            confirm=_(
                "The entries, the council and the score sheet are fixed from then on; council "
                "members can start scoring."
            ),
        ),
    ),
    S.SCORING: (
        Transition(
            S.CLOSED,
            _("Close the round"),
            frozenset({STAFF, CHAIR}),
            confirm=_(
                "Council members can no longer score; the results are computed from the "
                "sheets sent. This cannot be undone."
            ),
        ),
    ),
    S.CLOSED: (
        Transition(S.PUBLISHED, _("Publish the results"), frozenset({STAFF}), via="publish"),
    ),
    S.PUBLISHED: (),
}


def find_transition(actors: set[str], status: str, target: str, *, via: str = ""):
    for transition in TRANSITIONS[status]:
        if transition.target == target and transition.via == via and transition.actors & actors:
            return transition
    return None


def available_transitions(actors: set[str], status: str) -> list[Transition]:
    return [t for t in TRANSITIONS[status] if not t.via and t.actors & actors]


def _round_actors(user, voting_round) -> set[str]:
    return selectors.round_actors(user, selectors.membership(user, voting_round))


WORKFLOW = Workflow(
    name="voting round",
    table=TRANSITIONS,
    actors=_round_actors,
    object_name="voting_round",
    model="products.VotingRound",
    tones={
        S.OPEN: Tone.NEUTRAL,
        S.SCORING: Tone.WARNING,
        S.CLOSED: Tone.INFO,
        S.PUBLISHED: Tone.SUCCESS,
    },
)
