"""Projects in the admin are for looking things up. A draft or a returned project is
edited in the portal (projects/services.py `project_update`, which refuses every other
state); every later change is a workflow step, an appraisal or a money service. So
projects, their budget lines and appraisals are read-only here, for everyone."""

from django.contrib import admin

from core.admin_base import GuardedHistoryAdmin
from projects.models import Appraisal, BudgetLine, OutcomeFollowUp, Project, ProjectEvent


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class EventInline(admin.TabularInline):
    model = ProjectEvent
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")
    can_delete = False


@admin.register(Project)
class ProjectAdmin(GuardedHistoryAdmin):
    list_display = ("code", "title", "plan_year", "fund_source", "content_type", "status")
    list_filter = ("plan_year", "fund_source", "status", "content_type")
    search_fields = ("code", "title")
    raw_id_fields = ("beneficiaries", "site_communes", "support_request")
    inlines = (BudgetLineInline, EventInline)


@admin.register(Appraisal)
class AppraisalAdmin(GuardedHistoryAdmin):
    list_display = ("project", "appraised_on", "score", "recommendation")
    list_select_related = ("project",)
    raw_id_fields = ("project", "recorded_by")


@admin.register(OutcomeFollowUp)
class OutcomeFollowUpAdmin(GuardedHistoryAdmin):
    """Recorded in the portal by the collaborator of the area or staff
    (projects/outcomes.py `followup_record`)."""

    list_display = ("project", "establishment", "recorded_on", "jobs_created", "jobs_kept")
    list_select_related = ("project", "establishment")
    list_filter = ("recorded_on",)
    raw_id_fields = ("project", "establishment", "recorded_by")
