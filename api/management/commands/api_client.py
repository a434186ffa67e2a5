"""`manage.py api_client create NAME --role ROLE` prints a new token;
`manage.py api_client --revoke NAME` ends it; `manage.py api_client list`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from api.models import ApiClient, Scope
from api.services import api_client_create, api_client_revoke


class Command(BaseCommand):
    help = "Issue, list and revoke clients of the data exchange API."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=("create", "list"), default="list")
        parser.add_argument("name", nargs="?")
        parser.add_argument("--role", choices=Scope.values, default=Scope.PUBLIC)
        parser.add_argument("--personal-data", action="store_true", help="May read personal data.")
        parser.add_argument(
            "--as-user", help="Login name of the collaborator a collaborator client acts as."
        )
        parser.add_argument("--revoke", metavar="NAME", help="Revoke the client of this name.")

    def handle(self, *args, **options):
        if options["revoke"]:
            client = ApiClient.objects.filter(name=options["revoke"]).first()
            if client is None:
                raise CommandError(f"No API client named {options['revoke']!r}.")
            try:
                api_client_revoke(actor=None, client=client)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(f"Revoked {client.name}.")
            return
        if options["action"] == "list":
            for client in ApiClient.objects.order_by("name"):
                state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "active"
                self.stdout.write(f"{client.name}\t{client.scope}\t{client.token_prefix}…\t{state}")
            return
        if not options["name"]:
            raise CommandError("Give the client's name: api_client create NAME --role ROLE")
        acts_as = None
        if options["as_user"]:
            acts_as = User.objects.filter(username=options["as_user"]).first()
            if acts_as is None:
                raise CommandError(f"No user {options['as_user']!r}.")
        try:
            client, token = api_client_create(
                actor=None,
                name=options["name"],
                scope=options["role"],
                personal_data=options["personal_data"],
                acts_as=acts_as,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Client {client.name} ({client.get_scope_display()}); the token, shown once:"
        )
        self.stdout.write(token)
