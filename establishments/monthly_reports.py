"""A collaborator's monthly report, read by the allowance sheet as on time, late or
missing. The model is imported into `establishments.models`."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportStatus(models.TextChoices):
    """Where a collaborator's monthly report stands, for the allowance sheet."""

    ON_TIME = "on_time", _("Sent on time")
    LATE = "late", _("Sent late")
    MISSING = "missing", _("Not sent")


class MonthlyReport(models.Model):
    """A collaborator's monthly activity report, sent to the center: the visits and
    requests of the month as they stood when it was sent. Due by the last day of the
    month (the reminder goes out on the 25th); one per collaborator and month."""

    collaborator = models.ForeignKey(
        "collaborators.Collaborator",
        verbose_name=_("collaborator"),
        on_delete=models.PROTECT,
        related_name="monthly_reports",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    submitted_at = models.DateTimeField(_("sent at"))
    visit_count = models.PositiveIntegerField(_("visits"), default=0)
    request_count = models.PositiveIntegerField(_("support requests"), default=0)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ("-month", "collaborator")
        constraints = [
            models.UniqueConstraint(fields=("collaborator", "month"), name="report_once_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.collaborator} — {self.month:%m/%Y}"

    @property
    def due_on(self):
        """The last day of the month."""
        first_next = self.month.replace(
            year=self.month.year + (self.month.month == 12), month=self.month.month % 12 + 1
        )
        return first_next - dt.timedelta(days=1)
