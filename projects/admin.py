from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import Appraisal, BudgetLine, Project, ProjectEvent


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class EventInline(admin.TabularInline):
    model = ProjectEvent
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "plan_year", "fund_source", "content_type", "status")
    list_filter = ("plan_year", "fund_source", "status", "content_type")
    search_fields = ("code", "title")
    raw_id_fields = ("beneficiaries", "site_communes", "support_request")
    # The status moves only through the workflow service.
    readonly_fields = ("status", "created_by")
    inlines = (BudgetLineInline, EventInline)
    show_full_result_count = False


@admin.register(Appraisal)
class AppraisalAdmin(admin.ModelAdmin):
    list_display = ("project", "appraised_on", "score", "recommendation")
    list_select_related = ("project",)
    raw_id_fields = ("project", "recorded_by")
    readonly_fields = ("recorded_by",)
