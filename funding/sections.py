"""What funding adds to the pages of the apps below it (see core.panels)."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff
from core.formatting import format_vnd
from funding.allowances.selectors import allowance_by_month
from funding.models import GrantStatus
from funding.selectors import can_view_money
from projects.models import Project
from projects.services import BUDGET_REVISABLE

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
    budget_gap = (
        grant is not None
        and is_center_staff(request.user)
        and grant.status == GrantStatus.OPEN
        and project.status in BUDGET_REVISABLE
        and grant.amount_vnd < project.state_support_total
    )
    return render_to_string(
        "funding/project_section.html",
        {"project": project, "grant": grant, "budget_gap": budget_gap},
        request=request,
    )


def project_row_granted(request: HttpRequest, project: Project) -> str | None:
    """In the project list, under the budget's state support: what was granted, when it
    differs (read with the list's own query)."""
    if not can_view_money(request.user):
        return None
    try:
        grant = project.grant
    except ObjectDoesNotExist:
        return None
    return format_html(
        '<span class="fw-semibold" data-testid="granted" title="{}">{}</span>',
        _("Granted"),
        format_vnd(grant.amount_vnd),
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
