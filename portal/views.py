"""Project-wide pages: the role-aware home, the staff status page, a health probe."""

import datetime as dt

from celery import current_app
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import is_center_staff
from localities.selectors import unit_counts
from opendata.selectors import latest_published_grants, published_years, row_of
from portal.home import home_sections
from portal.queues import BY_KEY, work_counts
from products.forms import VerifyForm
from products.selectors import gallery as product_gallery
from reports.services import worker_heartbeat_last
from reports.tasks import worker_ping

QUEUE_PAGE_SIZE = 25


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The front door for the public; a signed-in person's "what awaits me"."""
    if not request.user.is_authenticated:
        return front_door(request)
    return render(
        request,
        "home.html",
        {"sections": home_sections(request.user), "work": work_counts(request.user)},
    )


@login_required
@require_GET
def work(request: HttpRequest) -> HttpResponse:
    """ "Việc cần làm": every queue of the user's roles, with its count."""
    return render(request, "portal/work.html", {"work": work_counts(request.user)})


@login_required
@require_GET
def work_queue(request: HttpRequest, key: str) -> HttpResponse:
    """One queue in full, a page at a time."""
    queue = BY_KEY.get(key)
    if queue is None or not queue.applies(request.user):
        raise Http404
    page = Paginator(queue.items(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [queue.row(item) for item in page.object_list]
    return render(
        request,
        "portal/work_queue.html",
        {
            "queue": queue,
            "page": page,
            "rows": rows,
            "list_url": queue.list_url() if queue.list_url else "",
        },
    )


FRONT_PRODUCTS = 4
FRONT_PROJECTS = 8


def front_door(request: HttpRequest) -> HttpResponse:
    """What the programme is, certified products, certificate verification and the
    projects of the latest approved year, newest first: public facts only, nobody's
    personal data."""
    years = list(published_years()[:1])
    year = years[0]["plan__year"] if years else None
    # The open data's rows: household businesses are never named, even in a title.
    projects = (
        [row_of(grant) for grant in latest_published_grants(year=year, limit=FRONT_PROJECTS)]
        if year is not None
        else []
    )
    context = {
        "products": list(product_gallery()[:FRONT_PRODUCTS]),
        "projects": projects,
        "year_summary": years[0] if years else None,
        "verify_form": VerifyForm(),
        "today": timezone.localdate(),
    }
    return render(request, "front_door.html", context)


def _broker_reachable() -> bool:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def system_status(request: HttpRequest) -> HttpResponse:
    """For staff: which database, broker and worker the portal is running on."""
    if not is_center_staff(request.user):
        raise Http404
    if request.method == "POST":
        return _ping_worker(request)
    beat = worker_heartbeat_last()
    if beat:
        beat = {**beat, "at": dt.datetime.fromisoformat(beat["at"])}
    context = {
        "database": connection.vendor,
        "inline_tasks": settings.CELERY_TASK_ALWAYS_EAGER,
        "broker_ok": _broker_reachable(),
        "heartbeat": beat,
        **unit_counts(),
    }
    return render(request, "system_status.html", context)


def _ping_worker(request: HttpRequest) -> HttpResponse:

    try:
        worker_ping.apply_async(retry=False)
    except Exception as exc:  # the broker is down: say so, don't hang the page
        messages.error(request, _("The job queue cannot be reached: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("A test job was sent; reload in a few seconds."))
    return redirect("system_status")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("img/favicon.svg"), permanent=True)


@transaction.non_atomic_requests
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without its (or with an expired) token: our page, in Vietnamese,
    saying that nothing was saved and what to do (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)
