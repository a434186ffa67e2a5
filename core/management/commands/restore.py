"""`manage.py restore FOLDER`: put a backup's database and files back (replaces both)."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from a backup folder (make restore)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: the current data is replaced."
        )

    def handle(self, *args, folder: Path, yes: bool = False, **options):
        if not yes:
            answer = input(f"Replace the database and the files with {folder}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "c", "co", "có"):
                raise CommandError("Nothing restored.")
        connections.close_all()
        try:
            manifest = restore(connections["default"].settings_dict, default_storage, folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created_at']}"))
