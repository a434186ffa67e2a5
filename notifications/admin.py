from django.contrib import admin

from core.admin_base import GuardedAdmin, GuardedHistoryAdmin
from notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(GuardedAdmin):
    """Written by the events they tell of; read and mailed through the services."""

    list_display = ("created_at", "recipient", "kind", "title", "read_at", "email_status")
    list_filter = ("kind", "email_status")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)
    search_fields = ("event_key", "title")


@admin.register(Preference)
class PreferenceAdmin(GuardedHistoryAdmin):
    """Each person chooses on their own settings page."""

    list_display = ("user", "kind", "channel")
    list_filter = ("kind", "channel")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
