from accounts.roles import is_center_staff, is_collaborator, is_official
from projects.models import Project, ProjectStatus
from projects.workflow import EDITABLE


def can_create_project(user) -> bool:
    return is_center_staff(user)


def can_edit_project(user, project: Project) -> bool:
    return is_center_staff(user) and project.status in EDITABLE


def can_appraise_project(user, project: Project) -> bool:
    return is_center_staff(user) and project.status == ProjectStatus.SUBMITTED


def can_view_projects(user) -> bool:
    return is_center_staff(user) or is_official(user) or is_collaborator(user)
