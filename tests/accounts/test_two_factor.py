"""Two-factor sign-in: staff and officials pass a code from their phone after the password;
other roles may choose to. Codes are real TOTP codes computed from the enrolled key."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginEvent
from accounts.roles import Role
from establishments.models import Establishment
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"
STEP = "accounts:two_factor"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.KHUYENCONG_2FA_REQUIRED = True  # as wherever DEBUG is off


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone shows now (or `steps_ahead` periods later: a code is never
    accepted twice, and the next period's is within the allowed clock drift)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return str(value).zfill(device.digits)


def sign_in(client: Client, user, **extra):
    return client.post(
        reverse(LOGIN), {"username": user.username, "password": TEST_PASSWORD}, **extra
    )


def enrol(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse(STEP))
    assert 'data-testid="otp-qr"' in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(reverse(STEP), {"code": code(device), "next": "/"})
    assert done.status_code == 200
    codes = re.findall(r'<li class="col">([a-z0-9]+)</li>', done.content.decode())
    return device, codes


def test_staff_must_set_up_a_code_before_any_page(client, make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the pause after a wrong code is tested below
    user = make_user(Role.CENTER_STAFF)
    response = sign_in(client, user)
    assert response.status_code == 302
    # Any page, even the one the login was heading to, leads to the second step first.
    projects = client.get(reverse("projects:list"))
    assert projects.status_code == 302
    assert projects["Location"].startswith(reverse(STEP))
    assert "next=%2Fprojects%2F" in projects["Location"]

    page = client.get(projects["Location"]).content.decode()
    assert "Thiết lập xác thực hai lớp" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32  # typed by hand if the camera fails

    wrong = client.post(reverse(STEP), {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device, codes = enrol(client, user)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("projects:list")).status_code == 200


def test_a_pending_session_cannot_change_anything(client, make_user):
    user = make_user(Role.CENTER_STAFF)
    sign_in(client, user)
    before = Establishment.objects.count()
    response = client.post(reverse("establishments:create"), {"name": "Cơ sở lén", "commune": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse(STEP)
    assert Establishment.objects.count() == before


def test_next_sign_in_asks_for_the_code_and_a_backup_code_works_once(client, make_user):
    user = make_user(Role.OFFICIAL)
    sign_in(client, user)
    device, codes = enrol(client, user)
    client.post(reverse("accounts:logout"))

    sign_in(client, user)
    assert client.get(reverse("home"))["Location"].startswith(reverse(STEP))
    page = client.get(reverse(STEP)).content.decode()
    assert "mã sáu chữ số" in page
    assert 'data-testid="otp-qr"' not in page
    ok = client.post(reverse(STEP), {"code": code(device, 1), "next": "/reports/"})
    assert ok["Location"] == "/reports/"
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("accounts:logout"))

    sign_in(client, user)
    assert client.post(reverse(STEP), {"code": codes[0].upper()})["Location"] == "/"
    client.post(reverse("accounts:logout"))
    assert StaticToken.objects.filter(device__user=user).count() == 9

    sign_in(client, user)
    again = client.post(reverse(STEP), {"code": codes[0]})
    assert again.status_code == 200  # spent
    assert client.get(reverse("home")).status_code == 302


def test_wrong_codes_slow_down_and_are_audited(client, make_user):
    user = make_user(Role.CENTER_STAFF)
    sign_in(client, user)
    device, _codes = enrol(client, user)
    client.post(reverse("accounts:logout"))
    sign_in(client, user, REMOTE_ADDR="10.1.2.3")

    client.post(reverse(STEP), {"code": "123456"}, REMOTE_ADDR="10.1.2.3")
    paused = client.post(reverse(STEP), {"code": code(device, 1)}, REMOTE_ADDR="10.1.2.3")
    body = paused.content.decode()
    assert "Nhập sai quá nhiều lần" in body  # even the right code waits out the pause
    assert client.get(reverse("home")).status_code == 302
    failures = LoginEvent.objects.filter(kind=LoginEvent.Kind.OTP_FAILED, user=user)
    assert list(failures.values_list("ip", flat=True)) == ["10.1.2.3"]


def test_a_next_outside_the_portal_is_ignored(client, make_user):
    user = make_user(Role.CENTER_STAFF)
    sign_in(client, user)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    response = client.post(reverse(STEP), {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_collaborators_and_council_are_not_asked_but_may_opt_in(client, make_user):
    collaborator = make_user(Role.COLLABORATOR)
    sign_in(client, collaborator)
    assert client.get(reverse("home")).status_code == 200
    security = client.get(reverse("accounts:security")).content.decode()
    assert "Thiết lập xác thực hai lớp" in security

    device, _codes = enrol(client, collaborator)
    client.post(reverse("accounts:logout"))
    sign_in(client, collaborator)
    assert client.get(reverse("home")).status_code == 302  # chose it: now asked
    client.post(reverse(STEP), {"code": code(device, 1)})

    wrong = client.post(reverse("accounts:security"), {"action": "turn_off", "password": "x"})
    assert "Mật khẩu không đúng" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=collaborator).exists()
    client.post(reverse("accounts:security"), {"action": "turn_off", "password": TEST_PASSWORD})
    assert not TOTPDevice.objects.filter(user=collaborator).exists()
    client.post(reverse("accounts:logout"))
    sign_in(client, collaborator)
    assert client.get(reverse("home")).status_code == 200


def test_staff_cannot_turn_it_off_but_can_renew_backup_codes(client, make_user):
    user = make_user(Role.CENTER_STAFF)
    sign_in(client, user)
    _device, codes = enrol(client, user)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "không thể tắt" in page
    refused = client.post(
        reverse("accounts:security"), {"action": "turn_off", "password": TEST_PASSWORD}
    )
    assert refused.status_code == 403
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    renewed = client.post(reverse("accounts:security"), {"action": "backup_codes"})
    fresh = re.findall(r'<li class="col">([a-z0-9]+)</li>', renewed.content.decode())
    assert len(fresh) == 10
    assert not set(fresh) & set(codes)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == set(fresh)


def test_moving_to_a_new_phone_replaces_the_old_key(client, make_user):
    user = make_user(Role.OFFICIAL)
    sign_in(client, user)
    old, _codes = enrol(client, user)
    page = client.get(reverse(STEP) + "?new=1&next=/accounts/security/")
    assert 'data-testid="otp-qr"' in page.content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse(STEP) + "?new=1", {"code": code(new)})
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_a_superuser_resets_a_lost_phone_in_the_admin(client, make_user):
    official = make_user(Role.OFFICIAL)
    TOTPDevice.objects.create(user=official, name="authenticator", confirmed=True)
    admin = make_user(None, is_superuser=True, is_staff=True)
    admin_client = Client()
    admin_client.force_login(admin)
    session = admin_client.session
    session["khuyencong_2fa"] = "verified"
    session.save()
    changelist = reverse("admin:accounts_user_changelist")
    response = admin_client.post(
        changelist, {"action": "reset_two_factor", "_selected_action": [official.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=official).exists()

    staff = make_user(Role.CENTER_STAFF, is_staff=True)
    staff_client = Client()
    staff_client.force_login(staff)
    session = staff_client.session
    session["khuyencong_2fa"] = "verified"
    session.save()
    assert "reset_two_factor" not in staff_client.get(changelist).content.decode()


def test_a_superuser_is_asked_too_even_in_the_admin(client, make_user):
    admin = make_user(None, is_superuser=True, is_staff=True)
    sign_in(client, admin)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse(STEP))


def test_when_not_required_staff_sign_in_with_the_password_alone(client, make_user, settings):
    settings.KHUYENCONG_2FA_REQUIRED = False
    user = make_user(Role.CENTER_STAFF)
    sign_in(client, user)
    assert client.get(reverse("home")).status_code == 200


def test_a_password_change_signs_out_every_other_session(make_user):
    user = make_user(Role.COLLABORATOR)
    here, elsewhere = Client(), Client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    assert elsewhere.get(reverse("home")).status_code == 200
    changed = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "mat-khau-moi-rat-dai-2026",
            "new_password2": "mat-khau-moi-rat-dai-2026",
        },
    )
    assert changed.status_code == 302
    assert here.get(reverse("home")).status_code == 200
    assert SESSION_KEY in here.session
    response = elsewhere.get(reverse("projects:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(LOGIN))
