from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_center_staff, is_official
from documents.kinds import KINDS, object_model
from documents.models import Document, DocumentKind, DocumentStatus, ObjectType
from documents.permissions import (
    OFFICIAL_OBJECT_TYPES,
    can_manage_documents,
    can_view_object_documents,
)


def document_list_visible_to(user) -> QuerySet[Document]:
    """Staff: every paper, drafts too. Officials: issued papers about plans and
    acceptances. Anyone else: none."""
    qs = Document.objects.select_related("kind")
    if is_center_staff(user):
        return qs
    if is_official(user):
        return qs.exclude(status=DocumentStatus.DRAFT).filter(
            kind__object_type__in=OFFICIAL_OBJECT_TYPES
        )
    return qs.none()


def register_list(user, *, year=None, kind=None, signer="", status=None) -> QuerySet[Document]:
    """The outgoing-documents register: issued and voided papers by number."""
    qs = document_list_visible_to(user)
    qs = qs.filter(status=status) if status else qs.exclude(status=DocumentStatus.DRAFT)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if signer:
        qs = qs.filter(signer_name__icontains=signer)
    return qs.order_by("-year", "-number", "-created_at")


def document_get_visible(user, pk: int) -> Document:
    return get_object_or_404(document_list_visible_to(user), pk=pk)


def object_get_visible(user, object_type: str, pk: int):
    """The object papers are drafted from, for a user who may see its papers."""
    if object_type not in ObjectType.values or not can_view_object_documents(user, object_type):
        raise Http404
    return get_object_or_404(object_model(object_type).objects.all(), pk=pk)


def documents_of_object(user, obj) -> QuerySet[Document]:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj)
    return (
        document_list_visible_to(user)
        .filter(Q(content_type=content_type) & Q(object_id=obj.pk))
        .order_by("status", "-created_at")
    )


def kinds_for_object(user, object_type: str, obj) -> list[DocumentKind]:
    """The kinds of paper staff may draft from this object now (none for anyone else)."""
    if not can_manage_documents(user):
        return []
    return [
        kind
        for kind in DocumentKind.objects.filter(object_type=object_type)
        if kind.code in KINDS and KINDS[kind.code].applies(obj)
    ]


def kind_list(user) -> QuerySet[DocumentKind]:
    """Every kind, for the staff's templates page (none for anyone else)."""
    if not can_manage_documents(user):
        return DocumentKind.objects.none()
    return DocumentKind.objects.all()


def kind_get(user, code: str) -> DocumentKind:
    return get_object_or_404(kind_list(user), code=code)
