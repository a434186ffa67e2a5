from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalitiesConfig(AppConfig):
    name = "localities"
    verbose_name = _("Localities")

    def ready(self) -> None:
        from localities import checks  # noqa: F401  (registers the system check)
