"""The monthly allowance sheet and its lines. Imported by funding.models, so Django
counts them among funding's models."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from collaborators.models import CollaboratorKind
from core.models import StatusEvent
from establishments.models import ReportStatus


class SheetStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class AllowanceSheet(models.Model):
    """One month's allowances of every collaborator of the roster in force, paid as a
    whole from the grant of that year's network project."""

    # One live sheet a month (constraint below); a cancelled one stays, with its reason.
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    grant = models.ForeignKey(
        "funding.Grant",
        verbose_name=_("network project's grant"),
        on_delete=models.PROTECT,
        related_name="allowance_sheets",
    )
    roster = models.ForeignKey(
        "collaborators.CollaboratorRoster",
        verbose_name=_("roster"),
        on_delete=models.PROTECT,
        related_name="allowance_sheets",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus, default=SheetStatus.PREPARED
    )
    total_vnd = models.BigIntegerField(_("total (VND)"), default=0)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    prepared_at = models.DateTimeField(_("prepared at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    voucher = models.CharField(_("voucher"), max_length=100, blank=True)
    disbursement = models.OneToOneField(
        "funding.Disbursement",
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allowance_sheet",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance sheet")
        verbose_name_plural = _("allowance sheets")
        ordering = ("-month",)
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="sheet_month_first_day"),
            models.UniqueConstraint(
                fields=("month",),
                condition=~Q(status="cancelled"),
                name="sheet_month_once",
                violation_error_message=_("The sheet for this month exists already."),
            ),
            models.CheckConstraint(condition=Q(total_vnd__gte=0), name="sheet_total_ge_0"),
            # Four eyes, in the database too: whoever prepared a sheet does not approve it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="sheet_four_eyes",
                violation_error_message=_("The one who prepared the sheet cannot approve it."),
            ),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | (Q(paid_on__isnull=False) & ~Q(voucher="") & Q(disbursement__isnull=False)),
                name="sheet_paid_has_voucher",
            ),
        ]
        indexes = [models.Index(fields=("status", "month"), name="sheet_status_month")]

    def __str__(self) -> str:
        return _("Allowance sheet %(month)s") % {"month": f"{self.month:%m/%Y}"}

    def get_absolute_url(self) -> str:
        return reverse("funding:allowance_sheet_detail", args=[self.pk])


class AllowanceLine(models.Model):
    """A collaborator's line: their communes, their month's report, what the rules give
    and what is paid — as they were when the sheet was last computed."""

    sheet = models.ForeignKey(
        AllowanceSheet, verbose_name=_("sheet"), on_delete=models.PROTECT, related_name="lines"
    )
    membership = models.ForeignKey(
        "collaborators.RosterMembership",
        verbose_name=_("roster membership"),
        on_delete=models.PROTECT,
        related_name="allowance_lines",
    )
    collaborator = models.ForeignKey(
        "collaborators.Collaborator",
        verbose_name=_("collaborator"),
        on_delete=models.PROTECT,
        related_name="allowance_lines",
    )
    kind = models.CharField(_("kind of collaborator"), max_length=10, choices=CollaboratorKind)
    communes = models.TextField(_("communes"), blank=True)
    commune_count = models.PositiveIntegerField(_("communes covered"), default=0)
    report_status = models.CharField(_("monthly report"), max_length=10, choices=ReportStatus)
    report_sent_at = models.DateTimeField(_("report sent at"), null=True, blank=True)
    visit_count = models.PositiveIntegerField(_("visits"), default=0)
    request_count = models.PositiveIntegerField(_("support requests"), default=0)
    rule = models.ForeignKey(
        "collaborators.AllowanceRule",
        verbose_name=_("allowance rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    wage_vnd = models.BigIntegerField(_("basic wage (VND)"), null=True, blank=True)
    overridden = models.BooleanField(_("set by hand"), default=False)
    due_vnd = models.BigIntegerField(_("allowance (VND)"), default=0)
    amount_vnd = models.BigIntegerField(_("to pay (VND)"), default=0)
    explanation = models.TextField(_("how it was computed"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance line")
        verbose_name_plural = _("allowance lines")
        ordering = ("sheet", "collaborator__full_name", "pk")
        constraints = [
            models.UniqueConstraint(fields=("sheet", "membership"), name="line_once_per_sheet"),
            models.CheckConstraint(
                condition=Q(amount_vnd__gte=0) & Q(due_vnd__gte=0), name="line_amounts_ge_0"
            ),
        ]
        indexes = [models.Index(fields=("collaborator", "sheet"), name="line_collaborator")]

    def __str__(self) -> str:
        return f"{self.collaborator} — {self.sheet}"


class AllowanceSheetEvent(StatusEvent):
    sheet = models.ForeignKey(AllowanceSheet, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=SheetStatus, blank=True)
    to_status = models.CharField(max_length=10, choices=SheetStatus)

    class Meta(StatusEvent.Meta):
        verbose_name = _("allowance sheet event")
        verbose_name_plural = _("allowance sheet events")
