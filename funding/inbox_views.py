"""The department official's inbox: what awaits their decision."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from funding import plan_selectors


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """What awaits the department's decision, and who else may act on it."""
    inbox = plan_selectors.official_inbox(request.user)
    return render(
        request,
        "projects/inbox.html",
        {
            "plans": inbox.plans,
            "acceptances": inbox.acceptances,
            "acceptance_count": inbox.acceptance_count,
            "officials": inbox.officials,
        },
    )
