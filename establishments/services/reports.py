"""A collaborator sends the monthly report of their activity."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborators.models import Collaborator
from core.formatting import format_date
from establishments import permissions
from establishments.models import MonthlyReport
from establishments.selectors import collaborator_month


@transaction.atomic
def monthly_report_submit(*, actor, year: int, month: int, note: str = "") -> MonthlyReport:
    """Send the month's report as it stands: once per month, from the month's first day."""
    if not permissions.can_log_visit(actor):
        raise PermissionDenied
    collaborator = Collaborator.objects.select_for_update().filter(user=actor).first()
    if collaborator is None:
        raise ValidationError(_("Your login is not linked to a collaborator record yet."))
    start = dt.date(year, month, 1)
    now = timezone.now()
    if start > timezone.localdate(now):
        raise ValidationError(_("A month's report can be sent once the month has begun."))
    sent = MonthlyReport.objects.filter(collaborator=collaborator, month=start).first()
    if sent is not None:
        raise ValidationError(
            _("The report for %(month)s was sent on %(date)s.")
            % {"month": f"{start:%m/%Y}", "date": format_date(sent.submitted_at)}
        )
    activity = collaborator_month(actor, year=year, month=month)
    report = MonthlyReport(
        collaborator=collaborator,
        month=start,
        submitted_at=now,
        visit_count=activity["visits"].count(),
        request_count=activity["requests"].count(),
        note=(note or "").strip(),
    )
    report.full_clean()
    report.save()
    return report
