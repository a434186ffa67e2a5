"""The "Văn bản" link on the pages of the objects papers are drafted from: a section
documents adds to the project and plan pages (core.panels), which never import it."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.panels import add_section
from documents.permissions import can_view_object_documents


def _link(object_type: str):
    def render(request, obj) -> str | None:
        if not can_view_object_documents(request.user, object_type):
            return None
        url = reverse("documents:for_object", args=[object_type, obj.pk])
        return render_to_string("object_links.html", {"links": [(_("Official documents"), url)]})

    return render


def register() -> None:
    add_section("projects:detail", _link("project"))
    add_section("projects:plan_detail", _link("plan"))
    add_section("funding:allowance_sheet_detail", _link("allowance_sheet"))
    add_section("reports:job_detail", _periodic_link)


def _periodic_link(request, job) -> str | None:
    """A finished periodic report is sent to the Department as an official paper."""
    if job.kind != "periodic" or job.status != "done":
        return None
    return _link("report_job")(request, job)
