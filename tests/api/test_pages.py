"""Staff issue API clients on a portal page (the token shown once) and revoke them after
a confirmation."""

import pytest
from django.test import Client

from api.models import ApiClient
from tests.factories import UserFactory, assign_area, commune_named

pytestmark = pytest.mark.django_db


def test_staff_issue_a_client_and_see_its_token_once(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/api-clients/",
        {"name": "Sở Công Thương", "scope": "official", "personal_data": "on", "note": ""},
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert token in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    issued = ApiClient.objects.get(name="Sở Công Thương")
    assert issued.created_by == staff_user
    assert issued.reads_personal_data
    # The list afterwards shows the client, never the token again.
    listing = client.get("/api-clients/").content.decode()
    assert "Sở Công Thương" in listing
    assert token not in listing
    assert issued.token_prefix in listing
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v1/plans/", **auth).status_code == 200


def test_a_public_client_with_personal_data_is_refused_by_the_form(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/api-clients/", {"name": "Cổng mở", "scope": "public", "personal_data": "on"}
    )
    assert response.status_code == 200
    assert "token" not in response.context
    assert not ApiClient.objects.exists()
    assert "không bao giờ" in response.content.decode()  # the refusal, in Vietnamese


def test_a_collaborator_client_needs_the_collaborator_it_acts_as(client, staff_user):
    client.force_login(staff_user)
    data = {"name": "Ứng dụng CTV", "scope": "collaborator"}
    assert "token" not in client.post("/api-clients/", data).context
    collaborator = UserFactory(role="collaborator")
    assign_area(collaborator, [commune_named("Xã Tân Yên")])
    response = client.post("/api-clients/", {**data, "acts_as": collaborator.pk})
    assert ApiClient.objects.get().user == collaborator
    assert response.context["token"]


def test_revoking_asks_first_then_the_token_stops_at_once(client, staff_user):
    client.force_login(staff_user)
    token = client.post("/api-clients/", {"name": "Bộ Công Thương", "scope": "official"}).context[
        "token"
    ]
    issued = ApiClient.objects.get()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    confirm = client.get(f"/api-clients/{issued.pk}/revoke/")
    assert confirm.status_code == 200
    assert 'data-testid="confirm-revoke"' in confirm.content.decode()
    assert Client().get("/api/v1/plans/", **auth).status_code == 200  # GET changed nothing
    response = client.post(f"/api-clients/{issued.pk}/revoke/")
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_by == staff_user
    assert Client().get("/api/v1/plans/", **auth).status_code == 401
