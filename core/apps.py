from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared base every app builds on: forms, uploads, files, PDF and number formats.
    It holds no tables (its models are abstract)."""

    name = "core"
    label = "core"

    def ready(self) -> None:
        from core import choices

        choices.install()
