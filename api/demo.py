"""A client of the Department, so the API can be tried at once (DEBUG machines only)."""

from api.models import ApiClient, Scope
from api.services import api_client_create

DEMO_CLIENT = "Sở Công Thương (demo)"


def load(*, stdout=None) -> ApiClient:
    client = ApiClient.objects.filter(name=DEMO_CLIENT).first()
    if client is not None:
        if stdout is not None:
            stdout.write(
                f"  API client {client.name}: kept (its token was printed when it was made; "
                "`manage.py api_client create NAME --role official` issues another)"
            )
        return client
    client, token = api_client_create(
        actor=None, name=DEMO_CLIENT, scope=Scope.OFFICIAL, personal_data=True
    )
    if stdout is not None:
        stdout.write(f"  API client {client.name} (official scope), token: {token}")
        stdout.write(
            f'  try: curl -H "Authorization: Bearer {token}" http://127.0.0.1:8000/api/v1/projects/'
        )
    return client
