"""Shared fixtures.

Localities (13,000+ real units of both eras) are loaded once per test database, in
`django_db_setup`, and every ordinary test rolls back around them. Transactional tests
(live server, real worker) flush the tables when they end; pytest-django runs them after
the ordinary ones, and `localities_committed` reloads the units they need.
"""

import os

import pytest
from django.test import Client

from accounts.roles import Role
from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip on a laptop that lacks a service or tool; in CI, where it exists, fail."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must run this test)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """A request in an earlier test may have left English active on this thread."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from localities.loader import load_localities

    with django_db_blocker.unblock():
        load_localities()


@pytest.fixture
def localities_committed(transactional_db):
    """For transactional tests: the flush of an earlier one may have emptied the units."""
    from localities.loader import load_localities
    from localities.models import AdminUnit

    if not AdminUnit.objects.exists():
        load_localities()


ROLE_USERS = {
    "collaborator": Role.COLLABORATOR,
    "official": Role.OFFICIAL,
    "council_member": Role.COUNCIL_MEMBER,
    "center_staff": Role.CENTER_STAFF,
    "establishment_user": Role.ESTABLISHMENT_USER,
}


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def staff_user(make_user):
    return make_user(Role.CENTER_STAFF)


@pytest.fixture
def collaborator_user(make_user):
    return make_user(Role.COLLABORATOR)


@pytest.fixture
def official_user(make_user):
    return make_user(Role.OFFICIAL)


@pytest.fixture
def council_user(make_user):
    return make_user(Role.COUNCIL_MEMBER)


@pytest.fixture
def client_for(make_user):
    """client_for("official") -> a Client logged in as a fresh user of that role;
    client_for("anonymous") -> an anonymous Client."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(make_user(ROLE_USERS[role]))
        return client

    return make
