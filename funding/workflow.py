"""The money's status tables: the annual plan, the grant, the payment, the monthly
allowance sheet.

The services in funding check the amounts, the four eyes and the locks, then fire the
transition here (core.workflow), which is the only code that changes these statuses.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role, actor_roles
from core.workflow import SYSTEM, Tone, Transition, Workflow
from funding.models import DisbursementStatus, GrantStatus, SheetStatus
from projects.models import PlanStatus

P, G, D, S = PlanStatus, GrantStatus, DisbursementStatus, SheetStatus
STAFF = frozenset({Role.CENTER_STAFF})
OFFICIAL = frozenset({Role.OFFICIAL})
PORTAL = frozenset({SYSTEM})


def _roles(user, obj) -> frozenset[str]:
    return actor_roles(user)


PLAN = Workflow(
    name="annual plan",
    table={
        P.DRAFT: (Transition(P.SUBMITTED, _("Submit to the department"), STAFF),),
        P.SUBMITTED: (
            Transition(P.APPROVED, _("Approve"), OFFICIAL, style="success"),
            Transition(
                P.DRAFT, _("Return to the center"), OFFICIAL, note_required=True, style="warning"
            ),
        ),
        P.APPROVED: (),  # an adjustment is a new version of the plan
    },
    actors=_roles,
    object_name="plan",
    model="projects.AnnualPlan",
    tones={P.DRAFT: Tone.NEUTRAL, P.SUBMITTED: Tone.INFO, P.APPROVED: Tone.SUCCESS},
)

GRANT = Workflow(
    name="grant",
    table={
        G.OPEN: (
            Transition(G.SETTLED, _("Record settlement"), STAFF),
            Transition(G.CANCELLED, _("Cancelled with its project"), PORTAL, via="project"),
        ),
        G.SETTLED: (),
        G.CANCELLED: (),
    },
    actors=_roles,
    object_name="grant",
    model="funding.Grant",
    tones={G.OPEN: Tone.INFO, G.SETTLED: Tone.SUCCESS, G.CANCELLED: Tone.DANGER},
)

_CANCEL = Transition(D.CANCELLED, _("Cancel the payment"), STAFF | PORTAL, style="danger")
DISBURSEMENT = Workflow(
    name="payment",
    table={
        D.SCHEDULED: (Transition(D.APPROVED, _("Approve"), STAFF), _CANCEL),
        D.APPROVED: (Transition(D.PAID, _("Record payment"), STAFF), _CANCEL),
        D.PAID: (),
        D.CANCELLED: (),
    },
    actors=_roles,
    object_name="disbursement",
    model="funding.Disbursement",
    tones={
        D.SCHEDULED: Tone.WARNING,  # a second member of staff approves it
        D.APPROVED: Tone.WARNING,  # still to be paid
        D.PAID: Tone.SUCCESS,
        D.CANCELLED: Tone.DANGER,
    },
)

# Prepared by one staff member, approved by another (the service checks the four eyes),
# paid as a whole with the voucher; an approved sheet goes back to be corrected with a note.
ALLOWANCE_SHEET = Workflow(
    name="allowance sheet",
    table={
        S.PREPARED: (
            Transition(
                S.APPROVED,
                _("Approve"),
                STAFF,
                style="success",
                confirm=_("The sheet's total is reserved on the network project's grant."),
            ),
            # Prepared by mistake (a wrong grant, a month paid another way): it stays,
            # cancelled with the reason, and the month can be prepared again.
            Transition(
                S.CANCELLED,
                pgettext_lazy("allowance sheet", "Cancel the sheet"),
                STAFF,
                note_required=True,
                style="danger",
                confirm=_("The sheet stays in the list, cancelled, with the reason."),
            ),
        ),
        S.APPROVED: (
            Transition(
                S.PAID,
                _("Record payment"),
                STAFF,
                confirm=_("The total is paid from the network project's grant."),
            ),
            Transition(
                S.PREPARED, _("Return for correction"), STAFF, note_required=True, style="warning"
            ),
        ),
        S.PAID: (),
        S.CANCELLED: (),
    },
    actors=_roles,
    object_name="sheet",
    model="funding.AllowanceSheet",
    tones={
        S.PREPARED: Tone.WARNING,  # a second member of staff approves it
        S.APPROVED: Tone.WARNING,  # still to be paid
        S.PAID: Tone.SUCCESS,
        S.CANCELLED: Tone.DANGER,
    },
)
