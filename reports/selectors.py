from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import is_center_staff

from .models import Measure, ReportJob
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


def measure_list_visible_to(user) -> QuerySet[Measure]:
    """The columns of the periodic reports: center staff edit them."""
    if not is_center_staff(user):
        return Measure.objects.none()
    return Measure.objects.order_by("position", "code")


def measure_get_visible(user, pk: int) -> Measure:
    return get_object_or_404(measure_list_visible_to(user), pk=pk)


def measure_history(measure: Measure, *, limit: int = 20) -> list:
    """The measure's versions, newest first, with who saved each."""
    return list(measure.history.select_related("history_user").order_by("-history_date")[:limit])
