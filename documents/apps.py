from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from documents import links

        links.register()
        post_migrate.connect(_seed_kinds, sender=self, dispatch_uid="documents.seed_kinds")


def _seed_kinds(sender, **kwargs) -> None:
    """Every kind of paper exists after migrate, with its defaults (never overwritten)."""
    from documents.services import kinds_ensure_defaults

    kinds_ensure_defaults()
