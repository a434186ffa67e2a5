"""The admin is one more door to the same rows: what a service guards is read-only here.

Every model registered in the admin is classified, by the base its admin class takes:

- **guarded** (`GuardedAdmin`, `GuardedHistoryAdmin`, `guarded(...)`): its rows change only
  through a service that checks the actor and the state (money, plans, projects past
  draft, voting rounds, audit logs...). No change form that saves, no add, no delete, no
  import, for everyone, superusers included. The rows and their history stay viewable.
- **editable** (`EditableAdmin`, `EditableHistoryAdmin`, `editable(...)`): a register the
  admin may still edit; its admin saves through the same service or validation as the
  portal (see each admin's `save_model`).

Either way simple-history's record page shows a past version and never saves it: its
POST would write every field of that version back, past every service (a payment
approved in someone else's name, a paid payment back to scheduled).
`tests/security/test_admin_readonly.py` fails on a model registered without a class.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

GUARDED = "guarded"
EDITABLE = "editable"

_VIEW_ONLY = "_khuyencong_history_view_only"


def classification(model_admin) -> str | None:
    """`guarded`, `editable`, or None for an admin that took neither base."""
    return getattr(model_admin, "admin_classification", None)


def _never(*args, **kwargs) -> bool:
    return False


def read_only_inlines(inlines: list) -> list:
    """Inline instances shown without add, change or delete."""
    for inline in inlines:
        inline.has_add_permission = _never
        inline.has_change_permission = _never
        inline.has_delete_permission = _never
    return inlines


class ViewOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History list and past versions to read; no revert, no history edit."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        setattr(request, _VIEW_ONLY, True)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not getattr(request, _VIEW_ONLY, False):
            return readonly
        if self.fieldsets:
            shown = flatten_fieldsets(self.fieldsets)
        else:
            shown = [
                field.name
                for field in self.model._meta.get_fields()
                if (field.concrete or field.many_to_many)
                and field.editable
                and not field.auto_created
                and (not self.fields or field.name in self.fields)
            ]
        return readonly + tuple(name for name in shown if name not in readonly)

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def has_change_history_permission(self, request, obj=None) -> bool:
        return False


class PlainActionCheckboxMixin:
    """The row's selection box written directly: the same markup as Django's, without
    rendering a form widget through the template engine for every row (a third of the
    CPU of a 25-row register page)."""

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), obj),
        )


class RowLinkChangeList(ChangeList):
    """Each row's link carries the list's filters exactly as Django's does, written once
    for the page: Django resolves every row's address again to learn whether it is the
    list's own (a change page's never is), a URL resolution per row on every page with a
    search or a filter."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url


class ChangeListMixin:
    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return RowLinkChangeList if changelist is ChangeList else changelist


class GuardedMixin(ChangeListMixin):
    """Read-only for everyone: a service holds every change of these rows."""

    admin_classification = GUARDED
    show_full_result_count = False

    def has_add_permission(self, request, *args, **kwargs) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_import_permission(self, request, *args, **kwargs) -> bool:
        # django-import-export's import writes rows past every service.
        return False

    def get_inline_instances(self, request, obj=None):
        return read_only_inlines(super().get_inline_instances(request, obj))


class EditableMixin(ChangeListMixin):
    """A register the admin edits; its `save_model` goes through the portal's service
    or validation."""

    admin_classification = EDITABLE


class GuardedAdmin(GuardedMixin, admin.ModelAdmin):
    pass


class GuardedHistoryAdmin(GuardedMixin, ViewOnlyHistoryAdmin):
    pass


class EditableAdmin(EditableMixin, admin.ModelAdmin):
    pass


class EditableHistoryAdmin(EditableMixin, ViewOnlyHistoryAdmin):
    pass


def guarded(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """A third-party app's admin, made read-only."""
    return type(f"Guarded{admin_class.__name__}", (GuardedMixin, admin_class), {})


def editable(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """A third-party app's admin, kept as it is and classified as editable."""
    return type(f"Editable{admin_class.__name__}", (EditableMixin, admin_class), {})


def reregister(model, admin_class: type[admin.ModelAdmin], site: admin.AdminSite = admin.site):
    if site.is_registered(model):
        site.unregister(model)
    site.register(model, admin_class)
