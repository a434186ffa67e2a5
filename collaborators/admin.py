from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from collaborators import services
from collaborators.models import Collaborator, CollaboratorRoster, RosterMembership
from localities.selectors import commune_list, configured_province


@admin.register(Collaborator)
class CollaboratorAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "phone", "workplace", "user")
    search_fields = ("full_name", "phone", "user__username")
    raw_id_fields = ("user",)
    list_select_related = ("user",)


class MembershipInline(admin.StackedInline):
    model = RosterMembership
    extra = 1
    raw_id_fields = ("collaborator",)
    filter_horizontal = ("communes",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "communes":
            kwargs["queryset"] = commune_list(province=configured_province())
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(CollaboratorRoster)
class CollaboratorRosterAdmin(SimpleHistoryAdmin):
    list_display = ("year", "decision_number", "decision_date", "signed_by", "approved_at")
    list_filter = ("year",)
    readonly_fields = ("approved_at", "approved_by")
    inlines = (MembershipInline,)
    actions = ("approve",)

    @admin.action(description=_("Approve the selected roster"))
    def approve(self, request, queryset):
        for roster in queryset:
            try:
                services.roster_approve(actor=request.user, roster=roster)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("%(roster)s approved.") % {"roster": roster})
