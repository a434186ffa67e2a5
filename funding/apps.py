from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from core.panels import add_section
        from funding import plans, sections, services
        from projects.models import ProjectStatus
        from projects.workflow import on_enter

        # A cancelled project releases its grant, in the same transaction.
        on_enter(ProjectStatus.CANCELLED, services.grant_cancel_for_project)
        # ... and leaves the plan versions not yet approved.
        on_enter(ProjectStatus.CANCELLED, plans.plan_items_release_for_project)
        add_section(
            "projects:detail", sections.project_money, select_related=sections.PROJECT_RELATIONS
        )
        add_section("projects:detail", sections.project_allowances)
        add_section("projects:list_row", sections.project_row_granted, select_related=("grant",))
