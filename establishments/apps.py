from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentsConfig(AppConfig):
    name = "establishments"
    verbose_name = _("Establishments")

    def ready(self) -> None:
        from accounts.oidc.hooks import register_establishment_linker
        from establishments import signon

        # A first sign-in through the national provider asks to act for the
        # establishments its tax code or identity number points at.
        register_establishment_linker(describe=signon.describe, link=signon.link)
