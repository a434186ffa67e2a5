"""`manage.py backup [--to FOLDER]`: the database and the uploaded files, in one folder."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (make backup)."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, default=settings.BASE_DIR / "backups")

    def handle(self, *args, to: Path, **options):
        try:
            folder = backup(connections["default"].settings_dict, default_storage, to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
