"""Report jobs: a report asked for in the portal, built by a Celery worker, downloaded
when done. The builders live in reports/builders/; the task in reports/tasks.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PERIOD_SUMMARY = "period_summary", _("Period summary")
    PLAN_IMPLEMENTATION = "plan_implementation", _("Annual plan implementation")
    COLLABORATOR_ACTIVITY = "collaborator_activity", _("Collaborator activity per month")
    VOTING_RESULTS = "voting_results", _("Voting round results")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    PDF = "pdf", _("PDF")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED})


class ReportJob(models.Model):
    kind = models.CharField(_("report"), max_length=30, choices=ReportKind)
    format = models.CharField(
        _("format"), max_length=5, choices=ReportFormat, default=ReportFormat.XLSX
    )
    params = models.JSONField(_("parameters"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("requested_by", "-created_at"), name="reportjob_user"),
            models.Index(fields=("status",), name="reportjob_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reportjob_progress"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="reportjob_done_has_file"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="reportjob_failed_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reports:job_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class ReminderKind(models.TextChoices):
    OVERDUE_PROGRESS = "overdue_progress", _("Overdue progress reports")
    OVERDUE_SETTLEMENT = "overdue_settlement", _("Overdue settlements")
    COLLABORATOR_MONTH = "collaborator_month", _("Collaborator's monthly report")


class ReminderSent(models.Model):
    """One reminder mailed to one person for one period: a task that runs twice (a retry,
    a restarted worker) mails nobody twice."""

    kind = models.CharField(_("reminder"), max_length=30, choices=ReminderKind)
    period = models.CharField(_("period"), max_length=10)  # "2026-11-22" or "2026-11"
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "period", "recipient"), name="reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period}"
