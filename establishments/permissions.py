"""Can the user do X to this object? The object was already fetched through a scoped
selector (so it is in the user's sight); these checks look at roles and the object only."""

from accounts.roles import is_center_staff, is_collaborator, is_establishment_user, is_official
from establishments.models import Establishment, SupportRequest


def can_view_register(user) -> bool:
    return is_center_staff(user) or is_official(user) or is_collaborator(user)


def can_view_requests(user) -> bool:
    return is_center_staff(user) or is_collaborator(user)


def can_register_establishment(user) -> bool:
    return is_center_staff(user) or is_collaborator(user)


def can_edit_establishment(user, establishment: Establishment) -> bool:
    """Staff always; the collaborator of the area until staff have verified it. An
    archived record is restored before anyone edits it."""
    if establishment.archived_at is not None:
        return False
    if is_center_staff(user):
        return True
    return is_collaborator(user) and not establishment.verified


def can_manage_register(user) -> bool:
    """Verify, merge, import and export: center staff only."""
    return is_center_staff(user)


def can_submit_request(user, establishment: Establishment) -> bool:
    """Staff, the collaborator of the area, or a representative of the establishment
    (the service checks that the establishment is theirs)."""
    if establishment.archived_at is not None:
        return False
    return is_center_staff(user) or is_collaborator(user) or is_establishment_user(user)


def can_comment_request(user, request: SupportRequest) -> bool:
    return is_center_staff(user) or is_collaborator(user) or is_establishment_user(user)


def can_review_requests(user) -> bool:
    return is_center_staff(user)


def can_log_visit(user) -> bool:
    return is_collaborator(user)
