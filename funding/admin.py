"""Money in the admin is read-only: every change goes through funding/services.py, which
holds the locks and the rules. Support rules are data staff may edit here too."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin
from funding.models import Allocation, Disbursement, Grant, Refund, SupportRule


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ("year", "fund_source", "amount_vnd", "committed_vnd", "legal_basis")
    list_filter = ("fund_source",)


@admin.register(SupportRule)
class SupportRuleAdmin(SimpleHistoryAdmin):
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

    def has_delete_permission(self, request, obj=None):
        # A rule that capped a grant is part of that grant's record.
        return False


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("project", "allocation", "amount_vnd", "paid_vnd", "refunded_vnd", "status")
    list_filter = ("status", "allocation__year", "allocation__fund_source")
    list_select_related = ("project", "allocation")
    search_fields = ("project__code", "project__title")


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ("grant", "kind", "amount_vnd", "status", "paid_on", "reference")
    list_filter = ("status", "kind")
    list_select_related = ("grant__project",)
    search_fields = ("grant__project__code", "reference")


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("grant", "amount_vnd", "refunded_on", "reference")
    list_select_related = ("grant__project",)
    search_fields = ("grant__project__code", "reference")
