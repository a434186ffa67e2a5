"""The project lifecycle as a table: state -> transitions -> who may fire each.

draft -> submitted -> appraised -> in_plan -> approved -> contracted -> in_progress ->
accepted -> settled, with the side exits returned (back to editing), rejected and
cancelled. Transitions marked `via` are fired by another service (the appraisal, the
annual plan), never by a bare button.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, user_roles
from projects.models import Project, ProjectStatus

S = ProjectStatus
STAFF = frozenset({Role.CENTER_STAFF})
OFFICIAL = frozenset({Role.OFFICIAL})


@dataclass(frozen=True)
class Transition:
    target: str
    label: str | Promise
    roles: frozenset[str]
    note_required: bool = False
    via: str = ""  # "appraisal", "plan" or "settlement": fired only by that service
    style: str = "primary"


TRANSITIONS: dict[str, tuple[Transition, ...]] = {
    S.DRAFT: (Transition(S.SUBMITTED, _("Submit for appraisal"), STAFF),),
    S.RETURNED: (Transition(S.SUBMITTED, _("Resubmit"), STAFF),),
    S.SUBMITTED: (
        Transition(S.APPRAISED, _("Record appraisal"), STAFF, via="appraisal"),
        Transition(S.RETURNED, _("Return for changes"), STAFF, note_required=True, style="warning"),
        Transition(S.REJECTED, _("Reject"), STAFF, note_required=True, style="danger"),
    ),
    S.APPRAISED: (
        Transition(S.IN_PLAN, _("Put in a plan"), STAFF, via="plan"),
        Transition(S.REJECTED, _("Reject"), STAFF, note_required=True, style="danger"),
    ),
    S.IN_PLAN: (
        Transition(S.APPROVED, _("Approve with the plan"), OFFICIAL, via="plan"),
        Transition(S.APPRAISED, _("Take out of the plan"), STAFF, via="plan"),
    ),
    S.APPROVED: (
        Transition(S.CONTRACTED, _("Contract signed"), STAFF),
        Transition(S.CANCELLED, _("Dropped by a plan adjustment"), OFFICIAL, via="plan"),
        Transition(S.CANCELLED, _("Cancel"), STAFF, note_required=True, style="danger"),
    ),
    S.CONTRACTED: (
        Transition(S.IN_PROGRESS, _("Start implementation"), STAFF),
        Transition(S.CANCELLED, _("Dropped by a plan adjustment"), OFFICIAL, via="plan"),
        Transition(S.CANCELLED, _("Cancel"), STAFF, note_required=True, style="danger"),
    ),
    S.IN_PROGRESS: (
        Transition(S.ACCEPTED, _("Approve acceptance"), OFFICIAL),
        Transition(S.CANCELLED, _("Cancel"), STAFF, note_required=True, style="danger"),
    ),
    S.ACCEPTED: (Transition(S.SETTLED, _("Record settlement"), STAFF, via="settlement"),),
    S.SETTLED: (),
    S.REJECTED: (),
    S.CANCELLED: (),
}

EDITABLE = frozenset({S.DRAFT, S.RETURNED})


def _roles(user) -> set[str]:
    roles = set(user_roles(user))
    if getattr(user, "is_superuser", False):
        roles.add(Role.CENTER_STAFF)
    return roles


def find_transition(user, project: Project, target: str, *, via: str = "") -> Transition | None:
    roles = _roles(user)
    for transition in TRANSITIONS[project.status]:
        if transition.target == target and transition.via == via and transition.roles & roles:
            return transition
    return None


def available_transitions(user, project: Project) -> list[Transition]:
    """The buttons this user may press on this project (not those of other services)."""
    roles = _roles(user)
    return [t for t in TRANSITIONS[project.status] if not t.via and t.roles & roles]


# Apps above projects react to a project entering a state (funding releases the grant of a
# cancelled project) without projects importing them: they register here in their
# AppConfig.ready(), and the move runs each callback inside its own transaction, after
# the status and its event are written, as callback(actor=..., project=..., note=...).
_ON_ENTER: dict[str, list[Callable[..., object]]] = {}


def on_enter(status: str, callback: Callable[..., object]) -> None:
    callbacks = _ON_ENTER.setdefault(status, [])
    if callback not in callbacks:  # ready() may run twice
        callbacks.append(callback)


def on_enter_callbacks(status: str) -> tuple[Callable[..., object], ...]:
    return tuple(_ON_ENTER.get(status, ()))
