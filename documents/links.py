"""The "Văn bản" link on the pages of the objects papers are drafted from."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.object_links import register_object_links


def _link(object_type: str):
    def provider(user, obj) -> list[tuple[str, str]]:
        from documents.permissions import can_view_object_documents

        if not can_view_object_documents(user, object_type):
            return []
        return [
            (
                _("Official documents"),
                reverse("documents:for_object", args=[object_type, obj.pk]),
            )
        ]

    return provider


def register() -> None:
    register_object_links("projects.Project", _link("project"))
    register_object_links("projects.AnnualPlan", _link("plan"))
