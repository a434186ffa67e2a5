"""What projects add to the pages of the apps below them (see core.panels)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from establishments.models import RequestStatus, SupportRequest
from projects.models import FundSource, Project
from projects.permissions import can_create_project


def request_project(request: HttpRequest, support_request: SupportRequest) -> str | None:
    """On a support request: the project drafted from it, or the button to draft it."""
    project = Project.objects.filter(support_request=support_request).first()
    can_make = (
        project is None
        and support_request.status == RequestStatus.ACCEPTED
        and can_create_project(request.user)
    )
    if project is None and not can_make:
        return None
    return render_to_string(
        "projects/request_project_section.html",
        {
            "req": support_request,
            "project": project,
            "can_make_project": can_make,
            "fund_sources": FundSource.choices,
        },
        request=request,
    )
