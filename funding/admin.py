"""Money in the admin is read-only: every change goes through funding/services/, which
holds the locks and the rules. Support rules are data staff may edit here too, through
the same service as the portal."""

from django.contrib import admin

from core.admin_base import EditableHistoryAdmin, GuardedHistoryAdmin
from funding import services
from funding.models import (
    Allocation,
    AllowanceLine,
    AllowanceSheet,
    Disbursement,
    Grant,
    Refund,
    SupportRule,
)


@admin.register(Allocation)
class AllocationAdmin(GuardedHistoryAdmin):
    list_display = ("year", "fund_source", "amount_vnd", "committed_vnd", "legal_basis")
    list_filter = ("fund_source",)


@admin.register(SupportRule)
class SupportRuleAdmin(EditableHistoryAdmin):
    list_display = (
        "legal_basis",
        "item",
        "content_type",
        "fund_source",
        "valid_from",
        "valid_to",
        "max_percent",
        "max_amount_vnd",
        "advance_max_percent",
    )
    list_filter = ("fund_source", "content_type", "legal_basis")
    search_fields = ("legal_basis", "item")

    def save_model(self, request, obj, form, change):
        services.support_rule_save(actor=request.user, rule=obj)

    def has_delete_permission(self, request, obj=None):
        # A rule that capped a grant is part of that grant's record.
        return False


@admin.register(Grant)
class GrantAdmin(GuardedHistoryAdmin):
    list_display = ("project", "allocation", "amount_vnd", "paid_vnd", "refunded_vnd", "status")
    list_filter = ("status", "allocation__year", "allocation__fund_source")
    list_select_related = ("project", "allocation")
    search_fields = ("project__code", "project__title")


@admin.register(Disbursement)
class DisbursementAdmin(GuardedHistoryAdmin):
    list_display = ("grant", "kind", "amount_vnd", "status", "paid_on", "reference")
    list_filter = ("status", "kind")
    list_select_related = ("grant__project",)
    search_fields = ("grant__project__code", "reference")


@admin.register(Refund)
class RefundAdmin(GuardedHistoryAdmin):
    list_display = ("grant", "amount_vnd", "refunded_on", "reference")
    list_select_related = ("grant__project",)
    search_fields = ("grant__project__code", "reference")


class AllowanceLineInline(admin.TabularInline):
    model = AllowanceLine
    fields = ("collaborator", "report_status", "due_vnd", "amount_vnd", "explanation")
    readonly_fields = fields
    extra = 0


@admin.register(AllowanceSheet)
class AllowanceSheetAdmin(GuardedHistoryAdmin):
    """Prepared, approved and paid in the portal (funding/allowances/services.py)."""

    list_display = ("month", "grant", "total_vnd", "status", "paid_on", "voucher")
    list_filter = ("status",)
    list_select_related = ("grant__project",)
    inlines = (AllowanceLineInline,)
