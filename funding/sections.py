"""What funding adds to the pages of the apps below it (see core.panels)."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.template.loader import render_to_string

from funding.allowances.selectors import allowance_by_month
from funding.selectors import can_view_money
from projects.models import Project

# Read with the project by the page's own query (a reverse one-to-one: one LEFT JOIN).
PROJECT_RELATIONS = ("grant__rule",)


def project_money(request: HttpRequest, project: Project) -> str | None:
    """On the project page, for those who may see money: the money tab, the grant's rule,
    and the reminder to settle an accepted project."""
    if not can_view_money(request.user):
        return None
    try:
        grant = project.grant
    except ObjectDoesNotExist:
        grant = None
    return render_to_string(
        "funding/project_section.html", {"project": project, "grant": grant}, request=request
    )


def project_allowances(request: HttpRequest, project: Project) -> str | None:
    """On a network project's page: the allowances paid from it, month by month."""
    if project.content_type != "capacity" or not can_view_money(request.user):
        return None
    months = allowance_by_month(project)
    if not months:
        return None
    return render_to_string(
        "funding/project_allowances.html",
        {"months": months, "total": sum(m["total_vnd"] for m in months)},
        request=request,
    )
