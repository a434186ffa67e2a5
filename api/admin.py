from django.contrib import admin

from core.admin_base import GuardedAdmin

from .models import ApiCallLog, ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(GuardedAdmin):
    """Clients are issued and revoked on the portal's page, through the services."""

    list_display = ("name", "scope", "personal_data", "token_prefix", "last_used_at", "revoked_at")
    list_filter = ("scope", "personal_data")
    search_fields = ("name",)
    exclude = ("token_hash",)


@admin.register(ApiCallLog)
class ApiCallLogAdmin(GuardedAdmin):
    """Append-only."""

    list_display = ("at", "client", "method", "path", "status", "result_count", "duration_ms")
    list_filter = ("status", "client")
    list_select_related = ("client",)
    date_hierarchy = "at"
