"""The support request lifecycle: submitted -> under_review -> accepted | declined."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, user_roles
from establishments.models import RequestStatus, SupportRequest

S = RequestStatus


@dataclass(frozen=True)
class Transition:
    target: str
    label: str | Promise
    roles: frozenset[str]
    note_required: bool = False
    style: str = "primary"


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


def _roles(user) -> set[str]:
    roles = set(user_roles(user))
    if getattr(user, "is_superuser", False):
        roles.add(Role.CENTER_STAFF)
    return roles


def available_transitions(user, request: SupportRequest) -> list[Transition]:
    roles = _roles(user)
    return [t for t in TRANSITIONS[request.status] if t.roles & roles]


def find_transition(user, request: SupportRequest, target: str) -> Transition | None:
    return next((t for t in available_transitions(user, request) if t.target == target), None)
