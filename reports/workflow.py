"""A report job's status table. The requester (or center staff) cancels and runs again;
the portal's worker moves a job from queued to running to done or failed."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, actor_roles
from core.workflow import SYSTEM, Tone, Transition, Workflow
from reports.models import JobStatus

J = JobStatus
REQUESTER = "requester"
OWNERS = frozenset({REQUESTER, Role.CENTER_STAFF})
PORTAL = frozenset({SYSTEM})


def _actors(user, job) -> frozenset[str]:
    roles = actor_roles(user)
    return roles | {REQUESTER} if job.requested_by_id == user.pk else roles


_CANCEL = Transition(J.CANCELLED, _("Cancel"), OWNERS, style="danger")
JOBS = Workflow(
    name="report job",
    table={
        J.QUEUED: (Transition(J.RUNNING, _("Started"), PORTAL), _CANCEL),
        J.RUNNING: (
            Transition(J.DONE, _("Done"), PORTAL),
            Transition(J.FAILED, _("Failed"), PORTAL),
            _CANCEL,
        ),
        J.DONE: (),
        J.FAILED: (Transition(J.QUEUED, _("Run again"), OWNERS),),
        J.CANCELLED: (Transition(J.QUEUED, _("Run again"), OWNERS),),
    },
    actors=_actors,
    object_name="job",
    model="reports.ReportJob",
    tones={
        J.QUEUED: Tone.INFO,
        J.RUNNING: Tone.INFO,
        J.DONE: Tone.SUCCESS,
        J.FAILED: Tone.DANGER,
        J.CANCELLED: Tone.DANGER,
    },
)
