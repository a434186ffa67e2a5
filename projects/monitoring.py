"""Monitoring of projects under way: monthly progress, acceptance, documents."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff
from projects.models import (
    Acceptance,
    AcceptanceResult,
    Inspection,
    ProgressReport,
    Project,
    ProjectDocument,
    ProjectStatus,
)

REPORT_DUE_DAY = 25
UNDER_WAY = (ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS)
DOCUMENT_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".zip"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


def represents_beneficiary(actor, project: Project) -> bool:
    """Whether the actor acts for an establishment this project supports (its portal)."""
    from establishments.selectors import represented_establishments

    return project.beneficiaries.filter(
        pk__in=represented_establishments(actor).values("pk")
    ).exists()


@transaction.atomic
def document_upload(*, actor, project: Project, kind: str, title: str, file) -> ProjectDocument:
    _staff(actor)
    if Path(file.name).suffix.lower() not in DOCUMENT_EXTENSIONS:
        raise ValidationError({"file": _("Upload a PDF, Word, Excel, image or ZIP file.")})
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    document = ProjectDocument(
        project=project, kind=kind, title=title, file=file, uploaded_by=actor
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def progress_report_submit(
    *, actor, project: Project, period: dt.date, percent_done: int, narrative: str, photo=None
) -> ProgressReport:
    """Staff, or the supported establishment from its own portal, report a month."""
    if not is_center_staff(actor) and not represents_beneficiary(actor, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in UNDER_WAY:
        raise ValidationError(_("Progress is reported only for contracted projects under way."))
    period = period.replace(day=1)
    if period > timezone.localdate():
        raise ValidationError({"period": _("That month has not begun.")})
    report = ProgressReport(
        project=project,
        period=period,
        percent_done=percent_done,
        narrative=narrative,
        submitted_by=actor,
    )
    if photo:
        report.photo = photo
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def acceptance_record(
    *,
    actor,
    project: Project,
    accepted_on: dt.date,
    minutes_number: str,
    result: str,
    notes: str = "",
    people_trained: int = 0,
) -> Acceptance:
    _staff(actor)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != ProjectStatus.IN_PROGRESS:
        raise ValidationError(_("Acceptance is recorded for a project in progress."))
    acceptance = Acceptance(
        project=project,
        accepted_on=accepted_on,
        minutes_number=minutes_number,
        result=result,
        notes=notes,
        people_trained=people_trained or 0,
        recorded_by=actor,
    )
    acceptance.full_clean()
    acceptance.save()
    return acceptance


@transaction.atomic
def inspection_record(
    *, actor, project: Project, inspected_on: dt.date, inspector: str, findings: str
) -> Inspection:
    _staff(actor)
    if project.status not in UNDER_WAY:
        raise ValidationError(_("Inspections are recorded for projects under way."))
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("An inspection cannot be in the future.")})
    inspection = Inspection(
        project=project,
        inspected_on=inspected_on,
        inspector=inspector,
        findings=findings,
        recorded_by=actor,
    )
    inspection.full_clean()
    inspection.save()
    return inspection


PASSED_RESULTS = (AcceptanceResult.PASSED, AcceptanceResult.CONDITIONAL)


def _undecided() -> QuerySet[Acceptance]:
    """Passed acceptances the department has not refused."""
    return Acceptance.objects.filter(result__in=PASSED_RESULTS, refused_at__isnull=True)


def pending_acceptances() -> QuerySet[Acceptance]:
    """Passed acceptances of projects in progress that the department has not refused:
    what awaits the official's decision."""
    return _undecided().filter(project__status=ProjectStatus.IN_PROGRESS)


def projects_awaiting_acceptance(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Of these projects, those with an acceptance awaiting the official's decision (the
    projects' side of pending_acceptances). The status is tested on the projects
    themselves, so that PostgreSQL walks only those under way (project_in_progress_code)."""
    return projects.filter(
        status=ProjectStatus.IN_PROGRESS, pk__in=_undecided().values("project_id")
    )


def pending_acceptance(project: Project) -> Acceptance | None:
    return _undecided().filter(project=project).order_by("-accepted_on", "-pk").first()


def has_passed_acceptance(project: Project) -> bool:
    return pending_acceptance(project) is not None


def refused_acceptances() -> QuerySet[Project]:
    """Projects in progress whose latest acceptance the department refused: the center
    records a new one."""
    latest = Acceptance.objects.filter(project=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Project.objects.filter(status=ProjectStatus.IN_PROGRESS)
        .annotate(latest_refused=Subquery(latest.values("refused_at")[:1]))
        .filter(latest_refused__isnull=False)
        .order_by("code")
    )


def overdue_progress(today: dt.date | None = None) -> QuerySet[Project]:
    """Projects under way whose report for the month is missing after the 25th (or,
    before the 25th, whose report for last month is missing)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    due = month if today.day > REPORT_DUE_DAY else (month - dt.timedelta(days=1)).replace(day=1)
    reported = ProgressReport.objects.filter(project=OuterRef("pk"), period=due)
    return (
        Project.objects.filter(status__in=UNDER_WAY, created_at__date__lt=due)
        .annotate(reported=Exists(reported))
        .filter(reported=False)
        .order_by("code")
    )
