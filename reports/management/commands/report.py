"""Reports from the command line, with the same builders as the portal's report jobs:

    manage.py report period_summary --from 2021 --to 2025 --format json|xlsx|pdf [--out FILE]
    manage.py report periodic --from 2025-12-15 --to 2026-06-14 --format json|xlsx|pdf [--out FILE]

`periodic` takes dates (YYYY-MM-DD or dd/mm/yyyy) and reports every active measure; its
plan-year measures cover the years of the dates. The JSON of each is a stable interface
(reports/builders/summary.py, reports/periodic/builder.py)."""

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import builders


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise CommandError(f"{text!r} is not a date (YYYY-MM-DD or dd/mm/yyyy).")


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a year.") from None


class Command(BaseCommand):
    help = "Build a report from the command line (period_summary, periodic)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["period_summary", "periodic"])
        parser.add_argument(
            "--from", dest="start", required=True, help="A year (period_summary) or a date."
        )
        parser.add_argument("--to", dest="end", required=True, help="A year or a date.")
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--out", type=Path, help="Write here instead of standard output.")

    def handle(self, *args, kind, start, end, format, out=None, **options):
        if kind == "periodic":
            content = self._periodic(_date(str(start)), _date(str(end)), format)
        else:
            content = self._summary(_year(str(start)), _year(str(end)), format)
        if out is not None:
            out.write_bytes(content)
            self.stderr.write(f"{out}: {len(content)} bytes")
        elif format == "json":
            sys.stdout.write(content.decode())
        else:
            raise CommandError("--out FILE is needed for xlsx and pdf.")

    def _summary(self, from_year: int, to_year: int, format: str) -> bytes:
        if not builders.year_range_ok(from_year, to_year):
            raise CommandError("Years from 2000 on, --from not after --to.")
        data = builders.period_summary(from_year=from_year, to_year=to_year)
        if format == "json":
            return json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"
        if format == "xlsx":
            return builders.period_summary_xlsx(data)
        return builders.period_summary_pdf(data)

    def _periodic(self, start: dt.date, end: dt.date, format: str) -> bytes:
        from reports.periodic import builder

        try:
            data = builder.periodic_report(start=start, end=end)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        writers = {
            "json": builder.periodic_json,
            "xlsx": builder.periodic_xlsx,
            "pdf": builder.periodic_pdf,
        }
        return writers[format](data)
