from accounts.roles import is_center_staff
from collaborators.models import CollaboratorRoster


def can_manage_rosters(user) -> bool:
    return is_center_staff(user)


def can_approve_roster(user, roster: CollaboratorRoster) -> bool:
    return is_center_staff(user) and not roster.is_approved


def can_manage_allowances(user) -> bool:
    """The basic wage, the allowance rules and the amounts set by hand."""
    return is_center_staff(user)
