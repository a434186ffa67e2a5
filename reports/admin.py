"""The columns and the periods of the periodic reports: registers the center edits
without code. Each save goes through reports/services.py, which validates a measure's
parameters against its aggregation (never SQL, never code). Measures are switched off,
not deleted: another measure may refer to one."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_base import EditableHistoryAdmin
from reports.models import Measure, ReportingPeriod
from reports.services import measure_save, reporting_period_save


@admin.register(Measure)
class MeasureAdmin(EditableHistoryAdmin):
    list_display = ("position", "code", "name", "kind", "active")
    list_display_links = ("code", "name")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")
    ordering = ("position", "code")
    readonly_fields = ("parameters_guide",)
    fields = ("code", "name", "position", "kind", "params", "active", "parameters_guide")

    @admin.display(description=_("Aggregations and their parameters"))
    def parameters_guide(self, obj=None):
        from reports.periodic.measures import guide

        return format_html_join("", "<p><strong>{}</strong>: {}</p>", guide())

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        measure_save(actor=request.user, measure=obj)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(EditableHistoryAdmin):
    list_display = (
        "position",
        "code",
        "name",
        "kind",
        "start_day",
        "start_month",
        "end_day",
        "end_month",
    )
    list_display_links = ("code", "name")
    ordering = ("position", "code")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        reporting_period_save(actor=request.user, period=obj)
