"""Load the demo data of every app that has a `demo` module, in INSTALLED_APPS order."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localities.selectors import configured_province

LOCAL_APPS = (
    "accounts",
    "localities",
    "notifications",  # each person's choices; the notifications come from the events below
    "collaborators",  # rosters first: establishments are registered inside areas
    "establishments",
    "projects",
    "funding",
    "products",
    "reports",
    "documents",  # papers drafted from the plans and projects above
    "api",  # a client of the Department, its token printed
    "selfservice",  # a representative of an establishment with a project and its contract
)


class Command(BaseCommand):
    help = "Create demo users and demo records (only on a DEBUG installation)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo data carries known passwords and is loaded only when DJANGO_DEBUG=true."
            )

        configured_province()  # fails with a clear message if localities are missing
        for label in LOCAL_APPS:
            if not apps.is_installed(label) or find_spec(f"{label}.demo") is None:
                continue
            self.stdout.write(f"{label}:")
            import_module(f"{label}.demo").load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
