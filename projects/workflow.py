"""The project lifecycle as a table: state -> transitions -> who may fire each.

draft -> submitted -> appraised -> in_plan -> approved -> contracted -> in_progress ->
accepted -> settled, with the side exits returned (back to editing), rejected and
cancelled. Transitions marked `via` are fired by another service (the appraisal, the
annual plan), never by a bare button.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role, actor_roles
from core.workflow import Tone, Transition, Workflow
from projects.models import Project, ProjectStatus

S = ProjectStatus
STAFF = frozenset({Role.CENTER_STAFF})
OFFICIAL = frozenset({Role.OFFICIAL})


_REJECT = Transition(
    S.REJECTED,
    _("Reject"),
    STAFF,
    note_required=True,
    style="danger",
    confirm=_("The project is rejected and leaves the programme; it cannot be reopened."),
)
_CANCEL = Transition(
    S.CANCELLED,
    pgettext_lazy("project", "Cancel"),
    STAFF,
    note_required=True,
    style="danger",
    confirm=_(
        "The project is cancelled and cannot be reopened: it leaves any plan not yet "
        "approved, its grant is released, payments not yet made are cancelled and money "
        "already paid becomes due back."
    ),
)

TRANSITIONS: dict[str, tuple[Transition, ...]] = {
    S.DRAFT: (Transition(S.SUBMITTED, _("Submit for appraisal"), STAFF),),
    S.RETURNED: (Transition(S.SUBMITTED, _("Resubmit"), STAFF),),
    S.SUBMITTED: (
        Transition(S.APPRAISED, _("Record appraisal"), STAFF, via="appraisal"),
        Transition(S.RETURNED, _("Return for changes"), STAFF, note_required=True, style="warning"),
        _REJECT,
    ),
    S.APPRAISED: (Transition(S.IN_PLAN, _("Put in a plan"), STAFF, via="plan"), _REJECT),
    S.IN_PLAN: (
        Transition(S.APPROVED, _("Approve with the plan"), OFFICIAL, via="plan"),
        Transition(S.APPRAISED, _("Take out of the plan"), STAFF, via="plan"),
    ),
    S.APPROVED: (
        Transition(S.CONTRACTED, _("Contract signed"), STAFF),
        Transition(S.CANCELLED, _("Dropped by a plan adjustment"), OFFICIAL, via="plan"),
        _CANCEL,
    ),
    S.CONTRACTED: (
        Transition(S.IN_PROGRESS, _("Start implementation"), STAFF),
        Transition(S.CANCELLED, _("Dropped by a plan adjustment"), OFFICIAL, via="plan"),
        _CANCEL,
    ),
    S.IN_PROGRESS: (
        Transition(
            S.ACCEPTED,
            _("Approve acceptance"),
            OFFICIAL,
            style="success",
            confirm=_(
                "The department approves the acceptance: the project is accepted, and the "
                "center can make the final payment and settle it."
            ),
        ),
        # Refusing keeps the project under way; the acceptance goes back to the center.
        Transition(
            S.IN_PROGRESS,
            _("Refuse acceptance"),
            OFFICIAL,
            note_required=True,
            style="warning",
            confirm=_(
                "The acceptance goes back to the center with your reason; the project stays "
                "in progress until the center records a new acceptance."
            ),
        ),
        _CANCEL,
    ),
    S.ACCEPTED: (Transition(S.SETTLED, _("Record settlement"), STAFF, via="settlement"),),
    S.SETTLED: (),
    S.REJECTED: (),
    S.CANCELLED: (),
}

EDITABLE = frozenset({S.DRAFT, S.RETURNED})

WORKFLOW = Workflow(
    name="project",
    table=TRANSITIONS,
    actors=lambda user, project: actor_roles(user),
    object_name="project",
    model="projects.Project",
    tones={
        S.DRAFT: Tone.NEUTRAL,
        S.SUBMITTED: Tone.INFO,
        S.RETURNED: Tone.WARNING,
        S.APPRAISED: Tone.INFO,
        S.IN_PLAN: Tone.INFO,
        S.APPROVED: Tone.WARNING,  # the center signs the contract next
        S.CONTRACTED: Tone.INFO,
        S.IN_PROGRESS: Tone.INFO,
        S.ACCEPTED: Tone.WARNING,  # settlement is still to be recorded
        S.SETTLED: Tone.SUCCESS,
        S.REJECTED: Tone.DANGER,
        S.CANCELLED: Tone.DANGER,
    },
)


def find_transition(user, project: Project, target: str, *, via: str = "") -> Transition | None:
    return WORKFLOW.find(user, project, target, via=via)


def available_transitions(user, project: Project) -> list[Transition]:
    """The buttons this user may press on this project (not those of other services)."""
    return WORKFLOW.available(user, project)


# Apps above projects react to a project entering a state (funding releases the grant of a
# cancelled project) without projects importing them: they register here in their
# AppConfig.ready(); the move runs each callback inside its transaction, after the status
# and its event are written, as callback(actor=..., project=..., note=...).
on_enter = WORKFLOW.on_enter
