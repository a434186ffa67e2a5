"""What `manage.py seed_bench` does (the command itself is a thin shell in the portal's
khuyencong app, since a management command must live in an installed app)."""

import os
import time
from collections.abc import Callable

import environ
from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from bench import seed as bench

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


def may_erase(using: str) -> bool:
    """--force empties every table: only on a developer's machine (DEBUG), or on a
    database the benchmark owns (KHUYENCONG_BENCH=1, as `make bench` runs it, and a
    database named for the benchmark)."""
    if settings.DEBUG:
        return True
    name = str(connections[using].settings_dict.get("NAME") or "")
    return os.environ.get("KHUYENCONG_BENCH") == "1" and "bench" in name.lower()


def seed_bench(
    *,
    scale: float,
    seed: int | None,
    database_url: str,
    replace: bool,
    force: bool,
    write: Callable[[str], None],
    success: Callable[[str], str] = str,
) -> None:
    seed = bench.DEFAULT_SEED if seed is None else seed
    if not 0 < scale <= 10:
        raise CommandError("--scale must be above 0 and at most 10.")
    using = connection_for(database_url) if database_url else DEFAULT_DB_ALIAS
    if force and not may_erase(using):
        name = connections[using].settings_dict.get("NAME")
        raise CommandError(
            f"--force erases every table of {name!r}; it runs only with DEBUG on, or with "
            "KHUYENCONG_BENCH=1 on a database whose name contains 'bench'."
        )
    try:
        state = bench.dataset_state(using)
    except Exception as exc:  # no tables: not migrated
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"Cannot read the database ({reason}); run migrate first.") from exc
    if state.matches(scale, seed) and not force:
        seconds = state.marker.get("seconds")
        write(
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
        write("Erasing the portal's tables...")
        bench.erase(using)
    write(f"Seeding the bench dataset at scale {scale:g} (seed {seed})...")
    try:
        report = bench.seed(scale=scale, seed_value=seed, using=using, log=write)
    except bench.SeedRefused as exc:
        raise CommandError(str(exc)) from exc
    rows = sum(report.counts.values())
    for label, count in sorted(report.counts.items()):
        write(f"  {label:<40} {count:>9,}")
    write(
        success(f"Seeded {rows:,} rows at scale {scale:g} in {time.monotonic() - started:.1f} s.")
    )
