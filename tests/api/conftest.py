import itertools

import pytest
from django.test import Client

from accounts.roles import Role
from api.services import api_client_create
from tests.factories import UserFactory, assign_area, commune_named


class ApiCaller:
    """A test client that sends one API client's token with every request."""

    def __init__(self, api_client, token):
        self.api_client = api_client
        self.token = token
        self.http = Client()

    def get(self, url, data=None, **headers):
        headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token}")
        return self.http.get(url, data, **headers)


_names = itertools.count(1)


def make_caller(scope: str, *, personal: bool = False, area: str | None = None) -> ApiCaller:
    acts_as = None
    if scope == "collaborator":
        acts_as = UserFactory(role=Role.COLLABORATOR)
        assign_area(acts_as, [commune_named(area or "Xã Tân Yên")])
    client, token = api_client_create(
        actor=UserFactory(role=Role.CENTER_STAFF),
        name=f"Hệ thống {scope} {next(_names)}",
        scope=scope,
        personal_data=personal,
        acts_as=acts_as,
    )
    return ApiCaller(client, token)


@pytest.fixture
def api_for(db):
    return make_caller
