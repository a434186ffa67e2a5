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


def test_five_wrong_passwords_pause_that_login_from_that_address(client):
    UserFactory(username="ketoan2")
    login = reverse("accounts:login")
    statuses = [
        client.post(
            login, {"username": "ketoan2", "password": "sai"}, REMOTE_ADDR="10.0.0.9"
        ).status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the form again, then the pause

    # Now even the right password is refused from there, with a clear page...
    locked = client.post(
        login, {"username": "ketoan2", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    assert 'data-testid="locked-out"' in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # ...while the same person on another network still gets in.
    other = client.post(
        login, {"username": "ketoan2", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert other.status_code == 302
    assert LoginEvent.objects.filter(kind="failed", username="ketoan2").count() >= 5


def test_an_absurdly_long_login_name_is_refused_not_a_crash(client):
    name = "x" * 5000
    for _attempt in range(2):
        response = client.post(reverse("accounts:login"), {"username": name, "password": "y"})
        assert response.status_code == 200  # the form again, with its error
    assert LoginEvent.objects.filter(kind="failed").count() <= 2


PROXY = "10.0.0.2"  # our nginx, as every request behind it comes from


def test_behind_the_proxy_only_the_client_that_failed_is_paused(client, settings):
    settings.KHUYENCONG_TRUSTED_PROXIES = 1
    UserFactory(username="thuquy")
    login = reverse("accounts:login")
    # nginx appends the address it saw to whatever the client sent.
    from_a = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    statuses = [
        client.post(login, {"username": "thuquy", "password": "sai"}, **from_a).status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    failures = LoginEvent.objects.filter(kind="failed", username="thuquy")
    assert set(failures.values_list("ip", flat=True)) == {"203.0.113.7"}

    # Client A stays paused, whatever it claims in front of nginx's entry...
    spoofing_a = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    right = {"username": "thuquy", "password": TEST_PASSWORD}
    assert client.post(login, right, **spoofing_a).status_code == 429
    # ...while client B, through the same proxy, signs in with the same login name.
    from_b = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    response = client.post(login, right, **from_b)
    assert response.status_code == 302
    assert LoginEvent.objects.get(kind="login").ip == "198.51.100.4"


def test_with_no_trusted_proxy_x_forwarded_for_is_ignored(client, settings):
    settings.KHUYENCONG_TRUSTED_PROXIES = 0
    UserFactory(username="thuquy2")
    login = reverse("accounts:login")
    # A new claimed address on every try does not escape the pause.
    statuses = [
        client.post(
            login,
            {"username": "thuquy2", "password": "sai"},
            REMOTE_ADDR="10.0.0.11",
            HTTP_X_FORWARDED_FOR=f"93.184.{attempt}.34",  # public addresses
        ).status_code
        for attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    failures = LoginEvent.objects.filter(kind="failed", username="thuquy2")
    assert set(failures.values_list("ip", flat=True)) == {"10.0.0.11"}
