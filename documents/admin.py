from django.contrib import admin

from core.admin_base import EditableHistoryAdmin, GuardedHistoryAdmin
from documents.models import Document, DocumentKind, DocumentTemplate


@admin.register(DocumentKind)
class DocumentKindAdmin(EditableHistoryAdmin):
    """Kinds are the center's data (legal bases, recipients, signer): edited here and
    validated by the model; numbers and issued papers never change here."""

    list_display = ("code", "type_abbreviation", "title", "object_type", "signer_title")
    search_fields = ("code", "title")


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(GuardedHistoryAdmin):
    """Templates change only through the upload page (versions kept)."""

    list_display = ("kind", "version", "active", "uploaded_by", "uploaded_at")
    list_select_related = ("kind", "uploaded_by")
    list_filter = ("kind", "active")


@admin.register(Document)
class DocumentAdmin(GuardedHistoryAdmin):
    """The register changes only through issue and void (numbers never reused)."""

    list_display = ("notation", "issued_on", "kind", "subject", "status", "signer_name")
    list_select_related = ("kind",)
    list_filter = ("status", "kind", "year")
    search_fields = ("notation", "subject", "signer_name")
