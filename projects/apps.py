from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from core.panels import add_section
        from projects import sections

        add_section("establishments:request_detail", sections.request_project)
