"""Search indexes for PostgreSQL: a trigram index on the normalised name (the register's
"name or tax code" box and the admin's search look for a substring) and a prefix index
on the tax code. SQLite (a laptop) scans its few rows and gets neither."""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)

TRIGRAM = (
    "CREATE INDEX IF NOT EXISTS establishment_name_trgm ON establishments_establishment "
    "USING gin (normalized_name gin_trgm_ops)"
)
TAX_CODE_PREFIX = (
    "CREATE INDEX IF NOT EXISTS establishment_tax_code_prefix ON establishments_establishment "
    "(tax_code varchar_pattern_ops)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(TAX_CODE_PREFIX)
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as exc:  # no right to create extensions: search still works
            log.warning("pg_trgm is not available (%s); name search will scan", exc)
            return
        cursor.execute(TRIGRAM)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS establishment_name_trgm")
        cursor.execute("DROP INDEX IF EXISTS establishment_tax_code_prefix")


class Migration(migrations.Migration):
    dependencies = [("establishments", "0004_history")]

    operations = [migrations.RunPython(create, drop)]
