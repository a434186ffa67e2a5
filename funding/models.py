"""Public money: allocations, support rules (caps as data), grants, disbursements,
refunds and settlement.

Running totals are kept on the rows they belong to (an allocation's committed money, a
grant's paid / refunded / advanced money) so that the database itself can refuse a
state that breaks an invariant: every total has a CHECK constraint beside it, and the
services in funding/services/ update them under row locks. The rows behind each total
are never deleted; a mistake is reversed (a cancelled disbursement, a refund).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from establishments.content_types import PromotionContent
from projects.models import FundSource

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Allocation(models.Model):
    """The money one fund source gives the province's programme for one year."""

    year = models.PositiveSmallIntegerField(_("year"))
    fund_source = models.CharField(_("fund source"), max_length=10, choices=FundSource)
    amount_vnd = models.BigIntegerField(_("allocated (VND)"), validators=[MinValueValidator(0)])
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        help_text=_("The decision that allocates the money, e.g. 3456/QĐ-UBND of 12/12/2026."),
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    committed_vnd = models.BigIntegerField(_("committed (VND)"), default=0, editable=False)
    # The sums of its grants' running totals, kept with them by the services, so that
    # the ledger reads one row per allocation however many grants there are.
    paid_vnd = models.BigIntegerField(_("paid (VND)"), default=0, editable=False)
    refunded_vnd = models.BigIntegerField(_("refunded (VND)"), default=0, editable=False)
    grant_count = models.PositiveIntegerField(_("grants"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ("-year", "fund_source")
        constraints = [
            models.UniqueConstraint(fields=("year", "fund_source"), name="allocation_year_fund"),
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="allocation_amount_ge_0"),
            models.CheckConstraint(
                condition=Q(committed_vnd__gte=0) & Q(committed_vnd__lte=F("amount_vnd")),
                name="allocation_committed_within_amount",
                violation_error_message=_("Grants would exceed the allocation."),
            ),
            models.CheckConstraint(
                condition=Q(refunded_vnd__gte=0) & Q(refunded_vnd__lte=F("paid_vnd")),
                name="allocation_refunded_within_paid",
            ),
        ]

    def __str__(self) -> str:
        return _("Allocation %(year)s, %(fund)s") % {
            "year": self.year,
            "fund": self.get_fund_source_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("funding:allocation_detail", args=[self.pk])

    @property
    def available_vnd(self) -> int:
        return self.amount_vnd - self.committed_vnd


class SupportRule(models.Model):
    """A cap on state support, as the law in force says it. An empty content type is
    the general rule of a legal basis (e.g. the advance limit for every content); an
    empty province code is a rule for the whole country."""

    content_type = models.CharField(
        _("content"),
        max_length=30,
        choices=PromotionContent,
        blank=True,
        help_text=_("Leave empty for a rule that applies to every content."),
    )
    fund_source = models.CharField(_("fund source"), max_length=10, choices=FundSource)
    province_code = models.CharField(
        _("province code"),
        max_length=5,
        blank=True,
        help_text=_("Leave empty for a national rule; a 2025 province code for a local one."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=100)
    item = models.CharField(_("supported item"), max_length=255)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    max_percent = models.DecimalField(
        _("max percent of project cost"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    max_amount_vnd = models.BigIntegerField(
        _("max amount (VND)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    advance_max_percent = models.DecimalField(
        _("max advance percent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support rule")
        verbose_name_plural = _("support rules")
        ordering = ("fund_source", "content_type", "-valid_from")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="supportrule_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=(Q(max_percent__isnull=True) | Q(max_percent__range=(0, 100)))
                & (Q(advance_max_percent__isnull=True) | Q(advance_max_percent__range=(0, 100)))
                & (Q(max_amount_vnd__isnull=True) | Q(max_amount_vnd__gte=0)),
                name="supportrule_bounds",
            ),
        ]
        indexes = [
            models.Index(fields=("fund_source", "content_type", "valid_from"), name="rule_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.legal_basis} — {self.item}"


class GrantStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SETTLED = "settled", _("Settled")
    CANCELLED = "cancelled", _("Cancelled")


class Grant(models.Model):
    """State support committed to one project by the approval of its plan.

    `committed_vnd` is what the grant holds of its allocation: the whole grant while
    open; once settled or cancelled, what the state finally pays (the settled amount,
    or nothing) — or more, while money paid beyond that has not come back yet.
    """

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="grant",
        verbose_name=_("project"),
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="grants", verbose_name=_("allocation")
    )
    plan = models.ForeignKey(
        "projects.AnnualPlan",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("approved in plan"),
    )
    approved_on = models.DateField(_("approval date"))
    amount_vnd = models.BigIntegerField(_("granted (VND)"))
    # The rule applied and the numbers it gave, as they were on the approval date:
    # a later edit of the rule does not rewrite an approved grant.
    rule = models.ForeignKey(
        SupportRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("support rule"),
    )
    rule_reason = models.TextField(_("why this rule"), blank=True)
    project_cost_vnd = models.BigIntegerField(_("project cost (VND)"))
    counterpart_planned_vnd = models.BigIntegerField(_("counterpart planned (VND)"), default=0)
    cap_vnd = models.BigIntegerField(_("cap (VND)"), null=True, blank=True)
    advance_max_percent = models.DecimalField(
        _("max advance percent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus, default=GrantStatus.OPEN
    )
    committed_vnd = models.BigIntegerField(_("committed (VND)"))
    paid_vnd = models.BigIntegerField(_("paid (VND)"), default=0)
    refunded_vnd = models.BigIntegerField(_("refunded (VND)"), default=0)
    advance_vnd = models.BigIntegerField(
        _("advances (VND)"), default=0, help_text=_("Advances scheduled, approved or paid.")
    )
    counterpart_actual_vnd = models.BigIntegerField(
        _("counterpart actually spent (VND)"), null=True, blank=True
    )
    settled_vnd = models.BigIntegerField(_("settled (VND)"), null=True, blank=True)
    settled_on = models.DateField(_("settlement date"), null=True, blank=True)
    settlement_number = models.CharField(_("settlement decision"), max_length=100, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ("-approved_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__gte=0)
                & Q(paid_vnd__gte=0)
                & Q(refunded_vnd__gte=0)
                & Q(advance_vnd__gte=0)
                & Q(committed_vnd__gte=0),
                name="grant_amounts_ge_0",
            ),
            models.CheckConstraint(
                condition=Q(refunded_vnd__lte=F("paid_vnd")),
                name="grant_refunded_within_paid",
            ),
            models.CheckConstraint(
                condition=Q(paid_vnd__lte=F("amount_vnd") + F("refunded_vnd")),
                name="grant_net_paid_within_granted",
                violation_error_message=_("Paid minus refunded would exceed the grant."),
            ),
            models.CheckConstraint(
                condition=Q(committed_vnd__lte=F("amount_vnd")),
                name="grant_committed_within_granted",
            ),
            models.CheckConstraint(
                condition=Q(cap_vnd__isnull=True) | Q(amount_vnd__lte=F("cap_vnd")),
                name="grant_within_cap",
                violation_error_message=_("The grant exceeds the cap of its support rule."),
            ),
            models.CheckConstraint(
                condition=Q(advance_max_percent__isnull=True)
                | LessThanOrEqual(
                    F("advance_vnd") * 100, F("advance_max_percent") * F("amount_vnd")
                ),
                name="grant_advances_within_limit",
                violation_error_message=_("Advances would exceed the advance limit."),
            ),
            models.CheckConstraint(
                condition=Q(settled_vnd__isnull=True)
                | (Q(settled_vnd__gte=0) & Q(settled_vnd__lte=F("amount_vnd"))),
                name="grant_settled_within_granted",
            ),
        ]
        indexes = [models.Index(fields=("status",), name="grant_status")]

    def __str__(self) -> str:
        return _("Grant to %(project)s") % {"project": self.project}

    @property
    def net_paid_vnd(self) -> int:
        return self.paid_vnd - self.refunded_vnd

    @property
    def ceiling_vnd(self) -> int:
        """The most the state may end up paying on this grant."""
        if self.status == GrantStatus.CANCELLED:
            return 0
        if self.status == GrantStatus.SETTLED:
            return self.settled_vnd or 0
        return self.amount_vnd

    @property
    def refund_due_vnd(self) -> int:
        """Money paid beyond what the state owes: to be returned."""
        return max(0, self.net_paid_vnd - self.ceiling_vnd)

    @property
    def counterpart_difference_vnd(self) -> int | None:
        if self.counterpart_actual_vnd is None:
            return None
        return self.counterpart_actual_vnd - self.counterpart_planned_vnd


class DisbursementKind(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    INTERIM = "interim", _("Interim payment")
    FINAL = "final", _("Final payment")
    ALLOWANCE = "allowance", _("Collaborator allowances")


class DisbursementStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class Disbursement(models.Model):
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("grant")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DisbursementKind)
    amount_vnd = models.BigIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DisbursementStatus,
        default=DisbursementStatus.SCHEDULED,
    )
    due_on = models.DateField(_("planned date"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    reference = models.CharField(
        _("voucher"), max_length=100, blank=True, help_text=_("Treasury voucher number.")
    )
    note = models.TextField(_("note"), blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="disbursement_amount_gt_0"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False),
                name="disbursement_paid_has_date",
            ),
        ]
        indexes = [models.Index(fields=("status",), name="disbursement_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_vnd:,} ({self.get_status_display()})"


class Refund(models.Model):
    """Money returned to the budget. Never deleted; a refund is itself the reversal."""

    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("grant")
    )
    amount_vnd = models.BigIntegerField(_("amount (VND)"))
    reason = models.TextField(_("reason"))
    refunded_on = models.DateField(_("refunded on"))
    reference = models.CharField(_("receipt"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ("refunded_on", "id")
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="refund_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.amount_vnd:,} — {self.reason[:40]}"


# The monthly allowance sheet lives in its own module (funding/allowances/).
from funding.allowances.models import (  # noqa: E402, F401
    AllowanceLine,
    AllowanceSheet,
    AllowanceSheetEvent,
    SheetStatus,
)
