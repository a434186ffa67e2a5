from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: pages that gather every app (home, status), the demo loader."""

    name = "portal"
    label = "portal"
