"""Report jobs: a report asked for in the portal, built by a Celery worker, downloaded
when done. The builders live in reports/builders/; the task in reports/tasks.py."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportKind(models.TextChoices):
    PERIOD_SUMMARY = "period_summary", _("Period summary")
    PLAN_IMPLEMENTATION = "plan_implementation", _("Annual plan implementation")
    COLLABORATOR_ACTIVITY = "collaborator_activity", _("Collaborator activity per month")
    VOTING_RESULTS = "voting_results", _("Voting round results")
    PERIODIC = "periodic", _("Periodic report (quarter, half-year, year or dates)")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    PDF = "pdf", _("PDF")
    JSON = "json", _("JSON (data exchange)")


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
    FOLLOWUP_DUE = "followup_due", _("Results after support to record")


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


# --- periodic reports: their periods and their columns, as data ----------------------------


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


MONTH = [MinValueValidator(1), MaxValueValidator(12)]
DAY = [MinValueValidator(1), MaxValueValidator(31)]
code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Lower-case letters, digits and underscores, starting with a letter."),
)


class ReportingPeriod(models.Model):
    """A reporting period of the year and its cut-off days, e.g. the first half-year
    from 15/12 of the year before to 14/06. A start after the end (in the calendar)
    means the period begins in the previous year."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind)
    name = models.CharField(_("name"), max_length=100)
    start_month = models.PositiveSmallIntegerField(_("first month"), validators=MONTH)
    start_day = models.PositiveSmallIntegerField(_("first day"), validators=DAY)
    end_month = models.PositiveSmallIntegerField(_("last month"), validators=MONTH)
    end_day = models.PositiveSmallIntegerField(_("last day"), validators=DAY)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ("position", "code")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for month, day, field in (
            (self.start_month, self.start_day, "start_day"),
            (self.end_month, self.end_day, "end_day"),
        ):
            if month is None or day is None:
                continue
            try:
                dt.date(2001, month, day)  # no 29 February: every year must have the day
            except ValueError:
                raise ValidationError({field: _("That month has no such day.")}) from None

    def dates(self, year: int) -> tuple[dt.date, dt.date]:
        """The first and last day of this period of the reporting year `year`."""
        end = dt.date(year, self.end_month, self.end_day)
        starts_before = (self.start_month, self.start_day) > (self.end_month, self.end_day)
        start = dt.date(year - 1 if starts_before else year, self.start_month, self.start_day)
        return start, end


class MeasureKind(models.TextChoices):
    """The fixed set of aggregations a measure may be (reports/periodic/measures.py)."""

    PROJECT_COUNT = "project_count", _("Number of projects")
    BUDGET_SUM = "budget_sum", _("Sum of the projects' budget lines")
    PLAN_SUM = "plan_sum", _("Amount in the approved annual plans")
    ALLOCATION_SUM = "allocation_sum", _("Funds allocated")
    GRANT_SUM = "grant_sum", _("Sum over grants")
    DISBURSEMENT_SUM = "disbursement_sum", _("Payments made")
    REFUND_SUM = "refund_sum", _("Refunds received")
    ESTABLISHMENT_COUNT = "establishment_count", _("Establishments supported")
    TRAINED_SUM = "trained_sum", _("People trained (acceptance minutes)")
    FOLLOWUP_SUM = "followup_sum", _("Results after support")
    COMBINATION = "combination", _("Sum or difference of other measures")
    RATIO = "ratio", _("Ratio of two measures (%)")


class Measure(models.Model):
    """One column of the periodic reports: a named aggregation, chosen from a fixed set,
    with its parameters (validated; never SQL or code)."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("aggregation"), max_length=30, choices=MeasureKind)
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_("The aggregation's parameters (see the list of measure types)."),
    )
    active = models.BooleanField(_("shown in the reports"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report measure")
        verbose_name_plural = _("report measures")
        ordering = ("position", "code")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from reports.periodic.measures import clean_params

        if self.kind not in MeasureKind.values:
            return  # the field's own validation says so
        self.params = clean_params(self.kind, self.params, measure=self)
