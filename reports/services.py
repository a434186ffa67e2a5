"""Report jobs: asked for by staff and officials, built by a Celery worker. Submission
never hangs: if the queue cannot be reached the job fails at once, saying so."""

import logging
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff, is_official
from products.selectors import round_list_visible_to

from .models import (
    FINISHED,
    JobStatus,
    Measure,
    ReportFormat,
    ReportingPeriod,
    ReportJob,
    ReportKind,
)
from .workflow import JOBS

log = logging.getLogger(__name__)
HEARTBEAT_KEY = "reports:worker-heartbeat"


def worker_heartbeat_record(*, worker: str) -> dict:
    """Store which worker ran the last ping, and when; kept a day in the cache."""
    beat = {"worker": worker, "pid": os.getpid(), "at": timezone.now().isoformat()}
    cache.set(HEARTBEAT_KEY, beat, timeout=24 * 60 * 60)
    return beat


def worker_heartbeat_last() -> dict | None:
    return cache.get(HEARTBEAT_KEY)


# --- who may ask for what ---------------------------------------------------------------

STAFF_ONLY = frozenset({ReportKind.COLLABORATOR_ACTIVITY})
FORMATS = {
    ReportKind.PERIOD_SUMMARY: (ReportFormat.XLSX, ReportFormat.PDF),
    ReportKind.PLAN_IMPLEMENTATION: (ReportFormat.XLSX,),
    ReportKind.COLLABORATOR_ACTIVITY: (ReportFormat.XLSX,),
    ReportKind.VOTING_RESULTS: (ReportFormat.XLSX,),
    ReportKind.PERIODIC: (ReportFormat.XLSX, ReportFormat.PDF, ReportFormat.JSON),
}


def can_request(user, kind: str) -> bool:
    if is_center_staff(user):
        return True
    return is_official(user) and kind not in STAFF_ONLY


def can_use_reports(user) -> bool:
    return is_center_staff(user) or is_official(user)


def _check_params(user, kind: str, params: dict) -> dict:
    from .builders import year_range_ok

    if kind == ReportKind.PERIOD_SUMMARY:
        first, last = int(params["from_year"]), int(params["to_year"])
        if not year_range_ok(first, last):
            raise ValidationError(
                {"to_year": _("Choose years from 2000 on, the first not after the last.")}
            )
        return {"from_year": first, "to_year": last}
    if kind in (ReportKind.PLAN_IMPLEMENTATION, ReportKind.COLLABORATOR_ACTIVITY):
        year = int(params["year"])
        if not year_range_ok(year, year):
            raise ValidationError({"year": _("Choose a year from 2000 to next year.")})
        return {"year": year}
    if kind == ReportKind.VOTING_RESULTS:
        round_id = int(params["round_id"])
        rounds = round_list_visible_to(user).filter(status__in=("closed", "published"))
        if not rounds.filter(pk=round_id).exists():
            raise ValidationError({"round_id": _("Choose a voting round.")})
        return {"round_id": round_id}
    if kind == ReportKind.PERIODIC:
        return _periodic_params(params)
    raise ValidationError(_("Unknown report."))


def _periodic_params(params: dict) -> dict:
    """A named period of a reporting year, or any two dates: stored as the dates and
    plan years it covers, so that a later edit of the cut-offs does not change it."""
    import datetime as dt

    from .periodic.builder import ADHOC, adhoc_title, check_dates, period_dates

    code = str(params["period"])
    if code == ADHOC:
        start = dt.date.fromisoformat(str(params["from_date"]))
        end = dt.date.fromisoformat(str(params["to_date"]))
        check_dates(start, end)
        first, last, title = start.year, end.year, adhoc_title(start, end)
    else:
        year = int(params["year"])
        from .builders import year_range_ok

        if not year_range_ok(year, year):
            raise ValidationError({"year": _("Choose a year from 2000 to next year.")})
        start, end, title = period_dates(code, year)
        first = last = year
    return {
        "period": code,
        "title": title,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "first_year": first,
        "last_year": last,
    }


# --- the registers of the periodic reports ---------------------------------------------


@transaction.atomic
def measure_save(*, actor, measure: Measure) -> Measure:
    """A measure added or changed by staff: its parameters checked against its kind."""
    if not is_center_staff(actor):
        raise PermissionDenied
    if measure.pk:
        stored = Measure.objects.select_for_update().get(pk=measure.pk)
        if stored.code != measure.code:
            raise ValidationError({"code": _("A measure's code cannot change.")})
    measure.full_clean()
    measure._history_user = actor  # the version's author, whatever door it came through
    measure.save()
    return measure


@transaction.atomic
def reporting_period_save(*, actor, period: ReportingPeriod) -> ReportingPeriod:
    if not is_center_staff(actor):
        raise PermissionDenied
    period.full_clean()
    period.save()
    return period


# --- the job's life ---------------------------------------------------------------------


def _enqueue(job: ReportJob) -> None:
    """Hand the job to the queue once the transaction commits; if the broker is down,
    fail the job with a message instead of leaving it queued forever."""
    from .tasks import run_report_job

    def send():
        try:
            run_report_job.apply_async(
                args=[job.pk], queue=settings.KHUYENCONG_REPORT_QUEUE, retry=False
            )
        except Exception as exc:  # kombu raises OperationalError and friends
            log.warning("report job %s not queued: %s", job.pk, exc)
            ReportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
                status=JobStatus.FAILED,
                error=_("The report queue cannot be reached; try again in a few minutes."),
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


@transaction.atomic
def job_submit(*, actor, kind: str, params: dict, format: str = ReportFormat.XLSX) -> ReportJob:
    if kind not in ReportKind.values or not can_request(actor, kind):
        raise PermissionDenied
    if format not in FORMATS[kind]:
        raise ValidationError({"format": _("This report is not made in that format.")})
    try:
        params = _check_params(actor, kind, params)
    except (KeyError, TypeError, ValueError):
        raise ValidationError(_("The report's parameters are incomplete.")) from None
    job = ReportJob.objects.create(kind=kind, format=format, params=params, requested_by=actor)
    _enqueue(job)
    return job


def _own(actor, job: ReportJob) -> ReportJob:
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.requested_by_id != actor.pk and not is_center_staff(actor):
        raise PermissionDenied
    if not can_request(actor, job.kind):  # e.g. moved from staff to official since
        raise PermissionDenied
    return job


@transaction.atomic
def job_cancel(*, actor, job: ReportJob) -> ReportJob:
    job = _own(actor, job)
    if job.status in FINISHED:
        raise ValidationError(_("This report has already finished."))
    job.finished_at = timezone.now()
    JOBS.fire(job, JobStatus.CANCELLED, actor=actor, update_fields=["finished_at"])
    return job


@transaction.atomic
def job_retry(*, actor, job: ReportJob) -> ReportJob:
    job = _own(actor, job)
    if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise ValidationError(_("Only a failed or cancelled report can be run again."))
    job.progress = 0
    job.error = ""
    job.started_at = job.finished_at = None
    JOBS.fire(
        job,
        JobStatus.QUEUED,
        actor=actor,
        update_fields=["progress", "error", "started_at", "finished_at"],
    )
    _enqueue(job)
    return job


# --- run by the worker ------------------------------------------------------------------


class Cancelled(Exception):
    pass


def download_name(job: ReportJob) -> str:
    """The file name a user downloads (storage may add a suffix to the stored one)."""
    params = job.params
    stems = {
        ReportKind.PERIOD_SUMMARY: "tong-hop-{from_year}-{to_year}",
        ReportKind.PLAN_IMPLEMENTATION: "thuc-hien-ke-hoach-{year}",
        ReportKind.COLLABORATOR_ACTIVITY: "cong-tac-vien-{year}",
        ReportKind.VOTING_RESULTS: "ket-qua-binh-chon-{round_id}",
        ReportKind.PERIODIC: "bao-cao-khuyen-cong-{from}-{to}",
    }
    try:
        stem = stems[job.kind].format(**params)
    except (KeyError, IndexError):
        stem = f"bao-cao-{job.pk}"
    return f"{stem}.{job.format}"


def build(job: ReportJob, progress) -> tuple[str, bytes]:
    """The file of a job: (file name, content), by the builder registered for its kind."""
    from .registry import builder_for

    return builder_for(job.kind)(job, progress)


def job_run(job_id: int) -> str:
    """Build a job's file. Idempotent: a finished or cancelled job is left alone; a job
    found running (its worker died) starts over. Returns the final status."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in FINISHED:
            return job.status if job else "missing"
        job.progress = 5
        job.attempts += 1
        job.started_at = timezone.now()
        if job.status == JobStatus.RUNNING:  # a worker taking an unacknowledged job back
            job.save(update_fields=["progress", "attempts", "started_at"])
        else:
            JOBS.fire(
                job,
                JobStatus.RUNNING,
                by_portal=True,
                update_fields=["progress", "attempts", "started_at"],
            )

    def progress(percent: int) -> None:
        updated = ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            progress=max(0, min(percent, 99))
        )
        if not updated:
            raise Cancelled
        if settings.KHUYENCONG_REPORT_STEP_DELAY:
            time.sleep(settings.KHUYENCONG_REPORT_STEP_DELAY)

    try:
        name, content = build(job, progress)
        progress(99)
    except Cancelled:
        return JobStatus.CANCELLED
    except Exception as exc:
        log.exception("report job %s failed", job_id)
        # Our own refusals say what is wrong; anything else is logged, not shown.
        if isinstance(exc, ValueError | ValidationError):
            message = " ".join(getattr(exc, "messages", None) or [str(exc)])
        else:
            message = _(
                "an unexpected error (%(kind)s); the administrator can read it in the log"
            ) % {"kind": exc.__class__.__name__}
        ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            error=_("The report could not be built: %(error)s") % {"error": message[:2000]},
            finished_at=timezone.now(),
        )
        return JobStatus.FAILED
    try:
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.status != JobStatus.RUNNING:
                return job.status
            job.file.save(name, ContentFile(content), save=False)
            job.progress = 100
            job.finished_at = timezone.now()
            JOBS.fire(
                job,
                JobStatus.DONE,
                by_portal=True,
                update_fields=["file", "progress", "finished_at"],
            )
    except Exception as exc:  # a full disk, a storage that refuses: say so
        log.exception("report job %s could not be stored", job_id)
        ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            error=_("The report was built but could not be stored: %(error)s")
            % {"error": (str(exc) or exc.__class__.__name__)[:2000]},
            finished_at=timezone.now(),
        )
        return JobStatus.FAILED
    return JobStatus.DONE
