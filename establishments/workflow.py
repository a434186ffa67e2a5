"""The support request lifecycle: submitted -> under_review -> accepted | declined."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, actor_roles
from core.workflow import Tone, Transition, Workflow
from establishments.models import RequestStatus, SupportRequest

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
