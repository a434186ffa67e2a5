from accounts.roles import is_center_staff
from projects.models import Project
from projects.workflow import EDITABLE


def can_create_project(user) -> bool:
    return is_center_staff(user)


def can_edit_project(user, project: Project) -> bool:
    return is_center_staff(user) and project.status in EDITABLE


def can_appraise_project(user, project: Project) -> bool:
    from projects.models import ProjectStatus

    return is_center_staff(user) and project.status == ProjectStatus.SUBMITTED


def can_view_projects(user) -> bool:
    from accounts.roles import is_collaborator, is_official

    return is_center_staff(user) or is_official(user) or is_collaborator(user)
