from accounts.roles import is_center_staff, is_official
from documents.models import Document, DocumentStatus, ObjectType

# Officials read the issued papers that concern what they decide on (plans and
# acceptances) and the periodic reports the center sends them.
OFFICIAL_OBJECT_TYPES = (ObjectType.PLAN, ObjectType.ACCEPTANCE, ObjectType.REPORT_JOB)


def can_manage_documents(user) -> bool:
    """Draft, issue, void, attach signed copies, change templates: center staff."""
    return is_center_staff(user)


def can_view_register(user) -> bool:
    return is_center_staff(user) or is_official(user)


def can_view_object_documents(user, object_type: str) -> bool:
    return is_center_staff(user) or (is_official(user) and object_type in OFFICIAL_OBJECT_TYPES)


def can_view_document(user, document: Document) -> bool:
    if is_center_staff(user):
        return True
    return (
        is_official(user)
        and document.status != DocumentStatus.DRAFT
        and document.kind.object_type in OFFICIAL_OBJECT_TYPES
    )
