"""Collaborators are a register the admin edits (through collaborators/services.py).
A roster is prepared here while it is a draft; `roster_approve` approves it (the action
below, or the portal's button) and from then on it is read-only: its communes are the
collaborators' areas. Field visits are logged by collaborators in the portal."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from collaborators import services
from collaborators.forms import RosterAdminForm
from collaborators.models import (
    AllowanceOverride,
    AllowanceRule,
    BasicWage,
    Collaborator,
    CollaboratorRoster,
    RosterMembership,
)
from core.admin_base import EditableHistoryAdmin, GuardedHistoryAdmin, read_only_inlines
from localities.selectors import commune_list, configured_province


@admin.register(Collaborator)
class CollaboratorAdmin(EditableHistoryAdmin):
    list_display = ("full_name", "phone", "workplace", "user")
    search_fields = ("full_name", "phone", "user__username")
    raw_id_fields = ("user",)
    list_select_related = ("user",)

    def save_model(self, request, obj, form, change):
        services.collaborator_save(actor=request.user, collaborator=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a collaborator stays in the rosters and visits that name them


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
class CollaboratorRosterAdmin(EditableHistoryAdmin):
    form = RosterAdminForm
    list_display = ("year", "decision_number", "decision_date", "signed_by", "approved_at")
    list_filter = ("year",)
    readonly_fields = ("approved_at", "approved_by")
    inlines = (MembershipInline,)
    actions = ("approve",)

    def has_change_permission(self, request, obj=None):
        # The services refuse an approved roster; the form says so by being read-only.
        approved = obj is not None and obj.is_approved
        return not approved and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        return read_only_inlines(inlines) if obj is not None and obj.is_approved else inlines

    def save_model(self, request, obj, form, change):
        services.roster_save(actor=request.user, roster=obj)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # sorts the forms into new, changed and deleted
        for membership in formset.deleted_objects:
            services.roster_membership_remove(actor=request.user, membership=membership)
        saved = {id(m) for m in formset.new_objects}
        saved |= {id(m) for m, _fields in formset.changed_objects}
        for inline_form in formset.forms:
            if id(inline_form.instance) in saved:
                services.roster_membership_save(
                    actor=request.user,
                    membership=inline_form.instance,
                    communes=inline_form.cleaned_data.get("communes") or [],
                )

    @admin.action(description=_("Approve the selected roster"))
    def approve(self, request, queryset):
        for roster in queryset:
            try:
                services.roster_approve(actor=request.user, roster=roster)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("%(roster)s approved.") % {"roster": roster})


@admin.register(BasicWage)
class BasicWageAdmin(EditableHistoryAdmin):
    list_display = ("effective_from", "amount_vnd", "legal_basis")

    def save_model(self, request, obj, form, change):
        services.basic_wage_save(actor=request.user, wage=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # sheets were computed with it


@admin.register(AllowanceRule)
class AllowanceRuleAdmin(EditableHistoryAdmin):
    list_display = ("legal_basis", "valid_from", "valid_to", "kind", "wage_percent")
    list_filter = ("kind",)

    def save_model(self, request, obj, form, change):
        services.allowance_rule_save(actor=request.user, rule=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AllowanceOverride)
class AllowanceOverrideAdmin(GuardedHistoryAdmin):
    """Set on the allowance sheet's page, while the sheet is prepared."""

    list_display = ("membership", "month", "amount_vnd", "set_by")
    list_select_related = ("membership__collaborator", "membership__roster", "set_by")
