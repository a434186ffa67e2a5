"""`manage.py document kinds` lists the kinds of papers; `manage.py document render KIND
--object ID --format docx|pdf --out PATH` renders a draft (no number) for scripts."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from documents import pdf
from documents.kinds import KINDS, object_model
from documents.services import draft_render, kind_for, object_check


class Command(BaseCommand):
    help = "List the kinds of official papers, or render a draft of one to a file."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        commands.add_parser("kinds", help="List the kinds and what each is drafted from.")
        render = commands.add_parser("render", help="Render a draft (no number) to a file.")
        render.add_argument("kind", choices=sorted(KINDS))
        render.add_argument("--object", type=int, required=True, dest="object_id")
        render.add_argument("--format", choices=("docx", "pdf"), default="docx")
        render.add_argument("--out", required=True)

    def handle(self, *args, **options):
        if options["command"] == "kinds":
            for code in KINDS:
                kind = kind_for(code)
                abbreviation = kind.type_abbreviation or "-"
                self.stdout.write(
                    f"{code:<26} {abbreviation:<4} {kind.object_type:<13} {kind.title}"
                )
            return
        kind = kind_for(options["kind"])
        model = object_model(kind.object_type)
        obj = model.objects.filter(pk=options["object_id"]).first()
        if obj is None:
            raise CommandError(f"No {model._meta.verbose_name} with id {options['object_id']}.")
        try:
            object_check(kind, obj)
            content = draft_render(kind=kind, obj=obj)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["format"] == "pdf":
            try:
                content = pdf.convert(content)
            except pdf.Unavailable as exc:
                raise CommandError(
                    "LibreOffice (soffice) is not installed: use --format docx."
                ) from exc
            except pdf.ConversionFailed as exc:
                raise CommandError(f"LibreOffice could not convert the paper: {exc}") from exc
        out = Path(options["out"])
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(content):,} bytes)")
