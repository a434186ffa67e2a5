"""python -m tests.integration.oidc_provider.serve SPEC.json DATABASE.sqlite3"""

import json
import os
import sys


def main() -> None:
    spec_path, database = sys.argv[1], sys.argv[2]
    os.environ["OP_SPEC"] = spec_path
    os.environ["OP_DATABASE"] = database
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.integration.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import (
        ThreadedWSGIServer,
        WSGIRequestHandler,
        get_internal_wsgi_application,
    )
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    for client in spec["clients"]:
        Application.objects.create(
            name=client["name"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            post_logout_redirect_uris=" ".join(client["post_logout_redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=False,  # the person consents on the provider's page
        )
    for person in spec["people"]:
        User.objects.create_user(person["username"], password=person["password"])

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, ipv6=False)
    server.set_app(get_internal_wsgi_application())
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
