"""Every login, failed login and logout is recorded with where it came from."""

import pytest
from django.urls import reverse

from accounts.models import LoginEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_logins_failures_and_logouts_are_recorded(client):
    user = UserFactory(username="canbo2")
    login = reverse("accounts:login")

    client.post(login, {"username": "canbo2", "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.7")
    client.post(
        login,
        {"username": "canbo2", "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.8",
        HTTP_USER_AGENT="Mozilla/5.0 (điện thoại)",
    )
    client.post(reverse("accounts:logout"))

    events = list(LoginEvent.objects.order_by("at", "id").values_list("kind", "username", "ip"))
    assert events == [
        ("failed", "canbo2", "10.0.0.7"),
        ("login", "canbo2", "10.0.0.8"),
        ("logout", "canbo2", "127.0.0.1"),
    ]
    success = LoginEvent.objects.get(kind="login")
    assert success.user == user
    assert "điện thoại" in success.user_agent


def test_a_failed_login_for_an_unknown_name_is_recorded_too(client):
    client.post(reverse("accounts:login"), {"username": "khong-co", "password": "x"})
    assert LoginEvent.objects.get().username == "khong-co"
