"""Every list page costs the same number of queries for 2 rows as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from establishments.models import FieldVisit, SupportRequestPhoto
from tests.factories import (
    CollaboratorFactory,
    EstablishmentFactory,
    RosterFactory,
    SupportRequestFactory,
    UserFactory,
    assign_area,
    commune,
    tiny_png,
)

pytestmark = pytest.mark.django_db


def _establishments(n, user):
    EstablishmentFactory.create_batch(n, registered_by=user, verified=True)


def _requests(n, user):
    for _ in range(n):
        request = SupportRequestFactory(submitted_by=user)
        SupportRequestPhoto.objects.create(request=request, image=tiny_png())


def _visits(n, user):
    collaborator = user.collaborator
    for _ in range(n):
        FieldVisit.objects.create(
            collaborator=collaborator,
            establishment=EstablishmentFactory(),
            visited_on=timezone.localdate(),
            purpose="survey",
            photo=tiny_png(),
        )


def _duplicates(n, user):
    for i in range(n):
        first = EstablishmentFactory(name=f"Cơ sở trùng {i}")
        EstablishmentFactory(name=f"CƠ SỞ TRÙNG {i}", possible_duplicate_of=first)


def _rosters(n, user):
    for i in range(n):
        roster = RosterFactory(year=2000 + i + RosterFactory._meta.model.objects.count())
        roster.memberships.create(collaborator=CollaboratorFactory())


def _members(n, user):
    from collaborators.models import CollaboratorRoster

    roster = CollaboratorRoster.objects.get(decision_number="MEMBERS")
    for _ in range(n):
        membership = roster.memberships.create(collaborator=CollaboratorFactory())
        membership.communes.set([commune("Xã Tân Yên"), commune("Phường Từ Sơn")])


CASES = [
    # name, role, url, maker, limit
    (
        "register (staff)",
        Role.CENTER_STAFF,
        lambda: reverse("establishments:list"),
        _establishments,
        12,
    ),
    (
        "register filtered",
        Role.CENTER_STAFF,
        lambda: (
            reverse("establishments:list") + f"?commune={commune('Xã Tân Yên').pk}&legal_form="
            "household_business&verified=true"
        ),
        _establishments,
        12,
    ),
    ("my area", Role.COLLABORATOR, lambda: reverse("establishments:list"), _establishments, 14),
    (
        "review queue",
        Role.CENTER_STAFF,
        lambda: reverse("establishments:request_list"),
        _requests,
        11,
    ),
    (
        "my requests",
        Role.COLLABORATOR,
        lambda: reverse("establishments:request_list"),
        _requests,
        12,
    ),
    ("visits", Role.COLLABORATOR, lambda: reverse("collaborators:visit_list"), _visits, 12),
    ("my month", Role.COLLABORATOR, lambda: reverse("collaborators:my_month"), _visits, 12),
    ("duplicates", Role.CENTER_STAFF, lambda: reverse("establishments:duplicates"), _duplicates, 9),
    ("rosters", Role.CENTER_STAFF, lambda: reverse("collaborators:roster_list"), _rosters, 9),
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "role", "url", "maker", "limit"), CASES, ids=[c[0] for c in CASES]
)
def test_list_pages_are_flat(name, role, url, maker, limit, client):
    user = UserFactory(role=role)
    if role == Role.COLLABORATOR:
        assign_area(user, [commune("Xã Tân Yên")])
    client.force_login(user)
    maker(2, user)
    few = _count(client, url())
    maker(18, user)
    many = _count(client, url())
    assert few == many, f"{name}: {few} queries for 2 rows, {many} for 20"
    assert many <= limit, f"{name}: {many} queries"


def test_roster_members_page_is_flat(client, staff_user):
    roster = RosterFactory(decision_number="MEMBERS")
    client.force_login(staff_user)
    _members(2, staff_user)
    few = _count(client, reverse("collaborators:roster_detail", args=[roster.pk]))
    _members(18, staff_user)
    many = _count(client, reverse("collaborators:roster_detail", args=[roster.pk]))
    assert few == many <= 10
