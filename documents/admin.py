from django.contrib import admin

from documents.models import Document, DocumentKind, DocumentTemplate


@admin.register(DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    list_display = ("code", "type_abbreviation", "title", "object_type", "signer_title")
    search_fields = ("code", "title")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Templates and the register change only through the services (versions kept,
    numbers never reused)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ReadOnlyAdmin):
    list_display = ("kind", "version", "active", "uploaded_by", "uploaded_at")
    list_select_related = ("kind", "uploaded_by")
    list_filter = ("kind", "active")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("notation", "issued_on", "kind", "subject", "status", "signer_name")
    list_select_related = ("kind",)
    list_filter = ("status", "kind", "year")
    search_fields = ("notation", "subject", "signer_name")
