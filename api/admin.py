from django.contrib import admin

from .models import ApiCallLog, ApiClient


class ReadOnlyAdmin(admin.ModelAdmin):
    """Clients are issued and revoked on the portal's page (through the services);
    the call log is append-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(ReadOnlyAdmin):
    list_display = ("name", "scope", "personal_data", "token_prefix", "last_used_at", "revoked_at")
    list_filter = ("scope", "personal_data")
    search_fields = ("name",)
    exclude = ("token_hash",)


@admin.register(ApiCallLog)
class ApiCallLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "client", "method", "path", "status", "result_count", "duration_ms")
    list_filter = ("status", "client")
    list_select_related = ("client",)
    date_hierarchy = "at"
