"""A paper's status table: a draft is issued (it takes its number) and an issued paper
may be voided (it keeps its number, with the reason). Center staff only."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, actor_roles
from core.workflow import Tone, Transition, Workflow
from documents.models import DocumentStatus

S = DocumentStatus
STAFF = frozenset({Role.CENTER_STAFF})

DOCUMENTS = Workflow(
    name="document",
    table={
        S.DRAFT: (Transition(S.ISSUED, _("Issue"), STAFF),),
        S.ISSUED: (Transition(S.VOIDED, _("Void"), STAFF, note_required=True, style="danger"),),
        S.VOIDED: (),
    },
    actors=lambda user, document: actor_roles(user),
    object_name="document",
    model="documents.Document",
    tones={S.DRAFT: Tone.NEUTRAL, S.ISSUED: Tone.SUCCESS, S.VOIDED: Tone.DANGER},
)
