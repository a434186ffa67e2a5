"""`manage.py import_projects FILE.xlsx [--user USERNAME]`: the historical import, all or
nothing; prints the row-by-row report and fails (exit 1) on any problem."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from projects.history_import import import_projects, read_rows


class Command(BaseCommand):
    help = "Import historical projects from an XLSX workbook (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user",
            help="The staff login recorded as the importer (default: the first superuser).",
        )

    def handle(self, *args, file: Path, user: str | None = None, **options):
        actor = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(f"No user {user!r}." if user else "No superuser to record.")
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            with file.open("rb") as handle:
                rows = read_rows(handle)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            outcome = import_projects(actor=actor, rows=rows, filename=file.name)
        except PermissionDenied:
            raise CommandError(
                f"{actor.username} is not center staff: imports are theirs."
            ) from None
        if not outcome.ok:
            for problem in outcome.problems:
                column = f" [{problem.column}]" if problem.column else ""
                self.stderr.write(f"row {problem.row}{column}: {problem.message}")
            raise CommandError(
                f"{len(outcome.problems)} problem(s); nothing was imported from {file.name}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{outcome.created} projects imported, {outcome.unchanged} already recorded, "
                f"{outcome.establishments_created} establishments created."
            )
        )
