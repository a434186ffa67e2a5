"""A payment made on a project is told to the project's people (as its moves are: the
staff member who drafted it, and those apps above add for the project)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.formatting import format_vnd
from funding.models import Disbursement
from notifications.models import Kind
from notifications.services import notify


def payment_paid_notify(disbursement: Disbursement, *, actor) -> None:
    project = disbursement.grant.project
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Project %(code)s: a payment of %(amount)s was made") % {
            "code": project.code,
            "amount": format_vnd(disbursement.amount_vnd),
        }
        body = _("%(kind)s paid on %(date)s, treasury voucher %(reference)s.") % {
            "kind": disbursement.get_kind_display(),
            "date": disbursement.paid_on.strftime("%d/%m/%Y"),
            "reference": disbursement.reference,
        }
    notify(
        kind=Kind.PAYMENT_PAID,
        event_key=f"disbursement:{disbursement.pk}:paid",
        subject=project,
        recipients=[project.created_by] if project.created_by_id else [],
        exclude=[actor],
        title=title,
        body=f"{project.title}\n\n{body}",
        url=project.get_absolute_url(),
    )
