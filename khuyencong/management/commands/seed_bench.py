"""`manage.py seed_bench --scale N [--seed S] [--database-url URL] [--force]`

Fills a database with the benchmark's synthetic decade of records (khuyencong.bench.seed).
Scale 1: 100,000 establishments, 30,000 projects, 150,000 disbursements, 3,000
collaborator-years, 8,000 products, 300,000 scores. Run it again with the same scale and
seed: nothing to do. A database holding anything else is refused unless --force, which
ERASES the portal's tables (all but the administrative units, the groups and the support
rules of the migrations) before seeding. Meant for a dedicated database (make bench).
"""

import time

import environ
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from khuyencong.bench import seed

ALIAS = "seed_bench"


def connection_for(url: str) -> str:
    """A connection alias for a database given by URL, beside the configured ones."""
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:
        raise CommandError(f"--database-url cannot be parsed ({exc}).") from exc
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), ALIAS: config}
    )
    connections.settings[ALIAS] = configured[ALIAS]
    return ALIAS


class Command(BaseCommand):
    help = "Generate the provincial-scale benchmark dataset into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True, help="1 = full size")
        parser.add_argument("--seed", type=int, default=seed.DEFAULT_SEED)
        parser.add_argument("--database-url", default="", help="another database than DATABASE_URL")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a bench dataset of another scale or seed (never other data)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="ERASE the portal's data in this database, then seed",
        )

    def handle(
        self,
        *args,
        scale: float,
        seed: int,
        database_url: str,
        replace: bool,
        force: bool,
        **options,
    ):
        from khuyencong.bench import seed as bench

        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        using = connection_for(database_url) if database_url else DEFAULT_DB_ALIAS
        try:
            state = bench.dataset_state(using)
        except Exception as exc:  # no tables: not migrated
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(f"Cannot read the database ({reason}); run migrate first.") from exc
        if state.matches(scale, seed) and not force:
            seconds = state.marker.get("seconds")
            self.stdout.write(
                f"The database already holds the bench dataset at scale {scale:g} "
                f"(seed {seed}, seeded in {seconds} s): nothing to do."
            )
            return
        if state.marker is not None and not (force or replace):
            raise CommandError(
                f"The database holds the bench dataset at scale {state.marker.get('scale')} "
                f"(seed {state.marker.get('seed')}). Use another database, or --replace to "
                f"erase it and seed scale {scale:g}."
            )
        if state.foreign and not force:
            found = ", ".join(f"{n} {label}" for label, n in state.foreign.items())
            raise CommandError(
                f"The database holds data not made by seed_bench ({found}). Use a dedicated "
                "database (make bench does), or --force to ERASE it and seed."
            )
        started = time.monotonic()
        if state.marker is not None or state.foreign:
            self.stdout.write("Erasing the portal's tables (--force)...")
            bench.erase(using)
        self.stdout.write(f"Seeding the bench dataset at scale {scale:g} (seed {seed})...")
        try:
            report = bench.seed(scale=scale, seed_value=seed, using=using, log=self.stdout.write)
        except bench.SeedRefused as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(report.counts.values())
        for label, count in sorted(report.counts.items()):
            self.stdout.write(f"  {label:<40} {count:>9,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {rows:,} rows at scale {scale:g} in {time.monotonic() - started:.1f} s."
            )
        )
