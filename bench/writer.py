"""Bulk writing for the bench dataset: COPY on PostgreSQL, executemany elsewhere.

Rows are plain tuples in the order of the field names given; foreign keys are ids the
generator chose itself (it reserves id ranges above what the tables already hold), so
nothing is read back while writing. The database checks every constraint as usual:
CHECK and UNIQUE on each row, foreign keys (deferred by Django) at commit.
"""

import datetime as dt
import decimal
import io
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models

CHUNK = 50_000


def _text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _encoder(field: models.Field) -> Callable[[object], str]:
    """How one column's values are written in COPY's text format."""
    if isinstance(field, models.BooleanField):
        return lambda v: "\\N" if v is None else ("t" if v else "f")
    if isinstance(field, models.DateTimeField):
        return lambda v: "\\N" if v is None else v.isoformat()
    if isinstance(field, models.DateField):
        return lambda v: "\\N" if v is None else v.isoformat()
    if isinstance(field, (models.IntegerField, models.ForeignKey, models.AutoField)):
        return lambda v: "\\N" if v is None else str(int(v))
    if isinstance(field, models.DecimalField):
        return lambda v: "\\N" if v is None else str(decimal.Decimal(v))
    return lambda v: "\\N" if v is None else _text(str(v))


def _filler(model, field: models.Field) -> Callable[[], object]:
    """The value of a column the generator does not set: the field's default, "" for an
    optional text, NULL where allowed (fields added to the models later need nothing
    more)."""
    if field.has_default():
        if callable(field.default):
            return field.get_default
        value = field.get_default()
        return lambda: value
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = dt.datetime.now(tz=dt.UTC)
        return lambda: now
    if field.null:
        return lambda: None
    if field.blank and isinstance(field, (models.CharField, models.TextField)):
        return lambda: ""
    if field.blank and isinstance(field, models.FileField):
        return lambda: ""
    raise ValueError(f"{model._meta.label}.{field.name} needs a value: bench must set it.")


class Writer:
    """Writes rows to one database and counts them per model."""

    def __init__(self, using: str):
        self.using = using
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"
        self.counts: Counter[str] = Counter()
        self.models: dict[str, type[models.Model]] = {}
        self._next_id: dict[str, int] = {}

    # --- ids --------------------------------------------------------------------------

    def reserve(self, model: type[models.Model], n: int) -> int:
        """Reserve n ids for rows of this model; returns the first."""
        label = model._meta.label
        if label not in self._next_id:
            with self.connection.cursor() as cursor:
                table = self.connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self._next_id[label] = cursor.fetchone()[0] + 1
        first = self._next_id[label]
        self._next_id[label] += n
        return first

    # --- rows -------------------------------------------------------------------------

    def write(
        self, model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]
    ) -> int:
        fields = [model._meta.get_field(name) for name in names]
        given = {f.name for f in fields}
        others = [
            f for f in model._meta.concrete_fields if f.name not in given and not f.primary_key
        ]
        fillers = [_filler(model, f) for f in others]
        fields += others
        self.models[model._meta.label] = model
        written = 0
        rows = iter(rows)
        if others:
            rows = (tuple(row) + tuple(fill() for fill in fillers) for row in rows)
        while chunk := list(itertools.islice(rows, CHUNK)):
            if self.postgres:
                self._copy(model, fields, chunk)
            else:
                self._insert(model, fields, chunk)
            written += len(chunk)
        self.counts[model._meta.label] += written
        return written

    def _copy(self, model, fields, chunk) -> None:
        encoders = [_encoder(f) for f in fields]
        buffer = io.StringIO()
        for row in chunk:
            buffer.write("\t".join([enc(v) for enc, v in zip(encoders, row, strict=True)]))
            buffer.write("\n")
        buffer.seek(0)
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        with self.connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", buffer)

    def _insert(self, model, fields, chunk) -> None:
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        prepared = [
            [f.get_db_prep_save(v, self.connection) for f, v in zip(fields, row, strict=True)]
            for row in chunk
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, prepared)

    def update(self, model: type[models.Model], pk: int, **values) -> None:
        model.objects.using(self.using).filter(pk=pk).update(**values)

    # --- after the load ---------------------------------------------------------------

    def reset_sequences(self) -> None:
        """Ids were given explicitly: move each id sequence past them (PostgreSQL)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models.values())
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self) -> None:
        """Fresh planner statistics, as a database in service has (autovacuum would get
        there later; the benchmark should not measure plans made without them)."""
        if not self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            return
        # The administrative units too: load_localities leaves them unanalysed, and the
        # pages join them everywhere.
        tables = sorted(
            {m._meta.db_table for m in self.models.values()}
            | {m._meta.db_table for m in apps.get_app_config("localities").get_models()}
        )
        quote = self.connection.ops.quote_name
        command = "ANALYZE" if self.connection.in_atomic_block else "VACUUM (ANALYZE)"
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {quote(table)}")


def aware(day: dt.date, seconds: int = 9 * 3600) -> dt.datetime:
    """A moment of a day, in UTC (the office works from 08:00 Vietnam time)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)
