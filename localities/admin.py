from django.contrib import admin

from core.admin_base import EditableAdmin
from localities.models import AdminUnit, AdminUnitSuccession

# A register: superusers correct a unit here (validated by the model, as a form would);
# staff only look. No portal page edits units, so there is no service to share.


class SuccessionInline(admin.TabularInline):
    model = AdminUnitSuccession
    fk_name = "old"
    extra = 0
    raw_id_fields = ("new",)
    can_delete = False


@admin.register(AdminUnit)
class AdminUnitAdmin(EditableAdmin):
    list_display = ("name", "code", "division_type", "level", "era", "parent")
    list_filter = ("era", "level", "division_type")
    list_select_related = ("parent",)
    search_fields = ("name", "code", "short_key")
    raw_id_fields = ("parent",)
    inlines = (SuccessionInline,)
    show_full_result_count = False

    # Units come from `load_localities`; hand edits would be lost on the next load.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdminUnitSuccession)
class AdminUnitSuccessionAdmin(EditableAdmin):
    list_display = ("old", "new", "is_default")
    list_filter = ("is_default", "new__era")
    list_select_related = ("old", "new")
    search_fields = ("old__name", "new__name")
    raw_id_fields = ("old", "new")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
