from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import is_center_staff

from .models import ReportJob
from .services import can_use_reports


def jobs_visible_to(user) -> QuerySet[ReportJob]:
    """A user's own report jobs; staff also see their colleagues'."""
    if not can_use_reports(user):
        return ReportJob.objects.none()
    qs = ReportJob.objects.select_related("requested_by")
    if is_center_staff(user):
        return qs
    return qs.filter(requested_by=user)


def job_get_visible(user, pk: int) -> ReportJob:
    return get_object_or_404(jobs_visible_to(user), pk=pk)
