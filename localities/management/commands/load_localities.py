import time

from django.core.management.base import BaseCommand, CommandError

from localities.loader import DatasetMissing, load_localities


class Command(BaseCommand):
    help = (
        "Load the administrative units of both eras (63 legacy provinces, 34 provinces of "
        "2025) and the legacy->2025 mapping from vietnamadminunits. Safe to run again."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = load_localities()
        except DatasetMissing as exc:
            raise CommandError(str(exc)) from exc
        for label, count in report.created.items():
            updated = report.updated.get(label, 0)
            self.stdout.write(f"  {label}: {count} created, {updated} updated")
        if report.deleted_successions:
            self.stdout.write(f"  successions removed: {report.deleted_successions}")
        elapsed = time.monotonic() - started
        verdict = "changed" if report.changed else "already up to date"
        self.stdout.write(self.style.SUCCESS(f"Localities {verdict} ({elapsed:.1f} s)."))
