"""`manage.py report period_summary --from 2021 --to 2025 --format json|xlsx|pdf [--out FILE]`:
the same builder as the portal's report jobs, from the command line. The JSON is a stable
interface (see reports/builders/summary.py)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import builders


class Command(BaseCommand):
    help = "Build a report from the command line (period_summary)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["period_summary"])
        parser.add_argument("--from", dest="from_year", type=int, required=True)
        parser.add_argument("--to", dest="to_year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--out", type=Path, help="Write here instead of standard output.")

    def handle(self, *args, kind, from_year, to_year, format, out=None, **options):
        if not builders.year_range_ok(from_year, to_year):
            raise CommandError("Years from 2000 on, --from not after --to.")
        data = builders.period_summary(from_year=from_year, to_year=to_year)
        if format == "json":
            content = json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"
        elif format == "xlsx":
            content = builders.period_summary_xlsx(data)
        else:
            content = builders.period_summary_pdf(data)
        if out is not None:
            out.write_bytes(content)
            self.stderr.write(f"{out}: {len(content)} bytes")
        elif format == "json":
            sys.stdout.write(content.decode())
        else:
            raise CommandError("--out FILE is needed for xlsx and pdf.")
