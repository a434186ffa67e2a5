"""The establishments' workflows: support requests (submitted -> under_review ->
accepted | declined), representative links, and changes an establishment proposes."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, actor_roles
from core.workflow import SYSTEM, Tone, Transition, Workflow
from establishments.models import (
    ProposalStatus,
    RepresentativeStatus,
    RequestStatus,
    SupportRequest,
)

S = RequestStatus


TRANSITIONS: dict[str, tuple[Transition, ...]] = {
    S.SUBMITTED: (Transition(S.UNDER_REVIEW, _("Start review"), frozenset({Role.CENTER_STAFF})),),
    S.UNDER_REVIEW: (
        Transition(S.ACCEPTED, _("Accept"), frozenset({Role.CENTER_STAFF}), style="success"),
        Transition(
            S.DECLINED,
            _("Decline"),
            frozenset({Role.CENTER_STAFF}),
            note_required=True,
            style="danger",
            confirm=_(
                "The request is declined and closed with your reason; whoever sent it is "
                "told by mail. It cannot be reopened: a new request would be needed."
            ),
        ),
    ),
    S.ACCEPTED: (),
    S.DECLINED: (),
}


WORKFLOW = Workflow(
    name="support request",
    table=TRANSITIONS,
    actors=lambda user, request: actor_roles(user),
    object_name="request",
    model="establishments.SupportRequest",
    tones={
        S.SUBMITTED: Tone.INFO,
        S.UNDER_REVIEW: Tone.INFO,
        S.ACCEPTED: Tone.SUCCESS,
        S.DECLINED: Tone.DANGER,
    },
)


def available_transitions(user, request: SupportRequest) -> list[Transition]:
    return WORKFLOW.available(user, request)


def find_transition(user, request: SupportRequest, target: str) -> Transition | None:
    return WORKFLOW.find(user, request, target)


# --- representatives: pending -> confirmed -> ended; pending -> ended (refused) ----------

R = RepresentativeStatus
# Fired by the portal itself when the identity provider's facts matched the register.
VIA_EXACT_MATCH = "representative_request"

REPRESENTATIVE_TRANSITIONS: dict[str, tuple[Transition, ...]] = {
    R.PENDING: (
        Transition(
            R.CONFIRMED,
            _("Confirm the link"),
            frozenset({Role.CENTER_STAFF}),
            style="success",
            confirm=_("This person will act for the establishment in its portal."),
        ),
        Transition(R.CONFIRMED, "", frozenset({SYSTEM}), via=VIA_EXACT_MATCH),
        Transition(
            R.ENDED,
            _("Refuse the link"),
            frozenset({Role.CENTER_STAFF}),
            note_required=True,
            style="danger",
        ),
    ),
    R.CONFIRMED: (
        Transition(
            R.ENDED,
            _("End the link"),
            frozenset({Role.CENTER_STAFF}),
            note_required=True,
            style="danger",
            confirm=_("This person will no longer see the establishment in its portal."),
        ),
    ),
    R.ENDED: (),
}

REPRESENTATIVE_WORKFLOW = Workflow(
    name="representative",
    table=REPRESENTATIVE_TRANSITIONS,
    actors=lambda user, representative: actor_roles(user),
    object_name="representative",
    model="establishments.Representative",
    tones={R.PENDING: Tone.WARNING, R.CONFIRMED: Tone.SUCCESS, R.ENDED: Tone.NEUTRAL},
)


# --- changes proposed by an establishment: pending -> applied | refused ------------------

P = ProposalStatus

PROPOSAL_TRANSITIONS: dict[str, tuple[Transition, ...]] = {
    P.PENDING: (
        Transition(
            P.APPLIED,
            _("Apply the changes"),
            frozenset({Role.CENTER_STAFF}),
            style="success",
            confirm=_("The establishment's record will take the proposed values."),
        ),
        Transition(
            P.REFUSED,
            _("Refuse the changes"),
            frozenset({Role.CENTER_STAFF}),
            note_required=True,
            style="danger",
        ),
    ),
    P.APPLIED: (),
    P.REFUSED: (),
}

PROPOSAL_WORKFLOW = Workflow(
    name="change proposal",
    table=PROPOSAL_TRANSITIONS,
    actors=lambda user, proposal: actor_roles(user),
    object_name="proposal",
    model="establishments.ChangeProposal",
    tones={P.PENDING: Tone.WARNING, P.APPLIED: Tone.SUCCESS, P.REFUSED: Tone.DANGER},
)
