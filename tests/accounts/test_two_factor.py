"""Two-factor sign-in: staff and officials pass a code from their phone after the password;
other roles may choose to. Codes are real TOTP codes computed from the enrolled key."""

import base64
import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
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
CONFIRM = "accounts:confirm_password"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.KHUYENCONG_2FA_REQUIRED = True  # as wherever DEBUG is off


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone shows now (or `steps_ahead` periods later: a code is never
    accepted twice, and the next period's is within the allowed clock drift)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return str(value).zfill(device.digits)


def secret_on(page: str) -> str:
    """The key the set-up page shows for typing into the app."""
    return re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def code_for(secret: str) -> str:
    """The code an app that was given `secret` shows now."""
    return str(totp(base64.b32decode(secret), 30, 0, 6, 0)).zfill(6)


def password_given_minutes_ago(client: Client, minutes: float) -> None:
    session = client.session
    session["khuyencong_sudo_at"] = time.time() - minutes * 60
    session.save()


def sign_in(client: Client, user, **extra):
    return client.post(
        reverse(LOGIN), {"username": user.username, "password": TEST_PASSWORD}, **extra
    )


def enrol(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse(STEP)).content.decode()
    assert 'data-testid="otp-qr"' in page
    done = client.post(reverse(STEP), {"code": code_for(secret_on(page)), "next": "/"})
    assert done.status_code == 200
    codes = re.findall(r'<li class="col">([a-z0-9]+)</li>', done.content.decode())
    return TOTPDevice.objects.get(user=user, confirmed=True), codes


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
    assert len(secret_on(page)) == 32  # typed by hand if the camera fails

    wrong = client.post(reverse(STEP), {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    device, codes = enrol(client, user)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert device.key == base64.b32decode(secret_on(page)).hex()  # the key shown first
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

    client.post(reverse("accounts:security"), {"action": "turn_off"})  # password just given
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
    refused = client.post(reverse("accounts:security"), {"action": "turn_off"})
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
    page = client.get(reverse(STEP) + "?new=1&next=/accounts/security/").content.decode()
    assert 'data-testid="otp-qr"' in page
    client.post(reverse(STEP) + "?new=1", {"code": code_for(secret_on(page))})
    new = TOTPDevice.objects.get(user=user)
    assert new.confirmed
    assert new.pk != old.pk
    assert new.key == base64.b32decode(secret_on(page)).hex()


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


# --- The second step is owed from the next request on, not only from the next sign-in ---


@pytest.mark.parametrize("roles_cache_seconds", [0, 300])
def test_a_role_gained_mid_session_leads_to_the_second_step(
    client, make_user, settings, roles_cache_seconds
):
    settings.KHUYENCONG_ROLES_CACHE_SECONDS = roles_cache_seconds
    user = make_user(Role.COLLABORATOR)
    sign_in(client, user)
    assert client.get(reverse("home")).status_code == 200  # no second step for them
    assert client.get(reverse("funding:ledger")).status_code == 404  # not theirs yet

    user.groups.add(Group.objects.get(name=Role.CENTER_STAFF))  # a superuser's doing

    for page in (reverse("funding:ledger"), reverse("establishments:export")):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(STEP))
    # The set-up that follows asks for the password first: it may be hours old.
    password_given_minutes_ago(client, 180)
    response = client.get(reverse(STEP))
    assert response["Location"].startswith(reverse(CONFIRM))


def test_turning_the_setting_on_reaches_sessions_already_open(client, make_user, settings):
    settings.KHUYENCONG_2FA_REQUIRED = False
    user = make_user(Role.CENTER_STAFF)
    sign_in(client, user)
    assert client.get(reverse("funding:ledger")).status_code == 200

    settings.KHUYENCONG_2FA_REQUIRED = True
    response = client.get(reverse("funding:ledger"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(STEP))


def test_an_authenticator_set_up_elsewhere_reaches_the_other_sessions(make_user):
    user = make_user(Role.COLLABORATOR)
    here, elsewhere = Client(), Client()
    sign_in(here, user)
    sign_in(elsewhere, user)  # say, a session cookie someone else holds
    assert elsewhere.get(reverse("home")).status_code == 200

    enrol(here, user)
    assert here.get(reverse("home")).status_code == 200
    response = elsewhere.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(STEP))


def test_opening_the_set_up_page_writes_no_device(client, make_user):
    user = make_user(Role.CENTER_STAFF)
    sign_in(client, user)
    first = client.get(reverse(STEP)).content.decode()
    again = client.get(reverse(STEP)).content.decode()
    assert 'data-testid="otp-qr"' in first
    assert secret_on(first) == secret_on(again)  # the phone scanned the first one
    assert not TOTPDevice.objects.filter(user=user).exists()


# --- Sudo mode: changing the second factor asks for the password again ---


def signed_in_with_code(client: Client, user) -> TOTPDevice:
    sign_in(client, user)
    device, _codes = enrol(client, user)
    return device


def test_a_new_phone_needs_the_password_again_after_the_window(client, make_user):
    user = make_user(Role.OFFICIAL)
    old = signed_in_with_code(client, user)
    password_given_minutes_ago(client, 11)  # KHUYENCONG_SUDO_MINUTES is 10

    new_phone = reverse(STEP) + "?new=1&next=/accounts/security/"
    asked = client.get(new_phone)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse(CONFIRM))
    page = client.get(asked["Location"]).content.decode()
    assert "Xác nhận mật khẩu" in page
    assert 'data-testid="otp-qr"' not in page
    # A code typed without the password changes nothing either.
    client.post(new_phone, {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=user)) == [old]

    back = client.post(asked["Location"], {"password": TEST_PASSWORD})
    assert back["Location"] == new_phone  # on to what the user asked for
    page = client.get(new_phone).content.decode()
    client.post(new_phone, {"code": code_for(secret_on(page))})
    assert TOTPDevice.objects.get(user=user).pk != old.pk


def test_new_backup_codes_need_the_password_again(client, make_user):
    user = make_user(Role.CENTER_STAFF)
    signed_in_with_code(client, user)
    before = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    password_given_minutes_ago(client, 11)

    asked = client.post(reverse("accounts:security"), {"action": "backup_codes"})
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse(CONFIRM))
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == (
        before
    )

    back = client.post(asked["Location"], {"password": TEST_PASSWORD})
    page = client.get(back["Location"]).content.decode()
    assert 'data-testid="pending-action"' in page
    renewed = client.post(reverse("accounts:security"), {"action": "backup_codes"})
    fresh = re.findall(r'<li class="col">([a-z0-9]+)</li>', renewed.content.decode())
    assert len(fresh) == 10
    assert not set(fresh) & before


def test_turning_it_off_needs_the_password_given_within_the_window(client, make_user):
    user = make_user(Role.COLLABORATOR)
    signed_in_with_code(client, user)

    password_given_minutes_ago(client, 11)
    asked = client.post(reverse("accounts:security"), {"action": "turn_off"})
    assert asked["Location"].startswith(reverse(CONFIRM))
    assert TOTPDevice.objects.filter(user=user).exists()

    password_given_minutes_ago(client, 9)  # still within the window: not asked
    done = client.post(reverse("accounts:security"), {"action": "turn_off"})
    assert done["Location"] == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_wrong_passwords_at_the_sudo_page_are_audited_and_throttled(client, make_user):
    user = make_user(Role.COLLABORATOR)
    signed_in_with_code(client, user)
    password_given_minutes_ago(client, 60)
    confirm = reverse(CONFIRM) + "?next=/accounts/security/"

    statuses = []
    for _attempt in range(5):
        response = client.post(confirm, {"password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.5")
        statuses.append(response.status_code)
        if response.status_code == 200:
            assert "Mật khẩu không đúng" in response.content.decode()
    assert statuses == [200, 200, 200, 200, 429]  # the sign-in's pause
    failed = LoginEvent.objects.filter(kind=LoginEvent.Kind.FAILED, username=user.username)
    assert set(failed.values_list("ip", flat=True)) == {"10.0.0.5"}
    assert failed.count() >= 5
    # Paused: even the right password does not open sudo mode now.
    right = client.post(confirm, {"password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.5")
    assert right.status_code == 429
    assert client.post(reverse("accounts:security"), {"action": "turn_off"}).status_code == 302
    assert TOTPDevice.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_opening_the_set_up_page_writes_no_authenticator(client):
    """GET never writes: the new key waits in the session until a code confirms it."""
    from tests.factories import UserFactory

    user = UserFactory(role=Role.OFFICIAL)
    client.force_login(user)
    password_given_minutes_ago(client, 0)
    for _ in range(2):
        response = client.get(reverse("accounts:two_factor"))
        assert response.status_code == 200
        assert 'data-testid="otp-secret"' in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 0
