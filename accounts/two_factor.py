"""Two-factor sign-in (TOTP from an authenticator app, plus one-time backup codes).

Center staff, officials and superusers must pass a second step after their password when
KHUYENCONG_2FA_REQUIRED is on (the default whenever DEBUG is off); anyone who has set up
an authenticator must pass it always. The session remembers where the user stands:
"off" (no second step), "pending" (password given, code not yet), "verified". "Off" is
not for good: every request asks again whether the user owes the step now (a role
gained, the setting turned on, an authenticator set up in another session), from what
the page loads anyway — the user row and the cached roles — so a page costs no query.

Changing the second factor (a new phone, new backup codes, turning it off) asks for the
password again unless it was given in this session within KHUYENCONG_SUDO_MINUTES: a
stolen session cookie alone cannot take the second factor over.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.audit import origin
from accounts.models import LoginEvent
from accounts.roles import Role, has_role

SESSION_KEY = "khuyencong_2fa"
SUDO_KEY = "khuyencong_sudo_at"  # when the password was last given in this session
NEW_KEY = "khuyencong_2fa_new_key"  # the key of the authenticator being set up
OFF, PENDING, VERIFIED = "off", "pending", "verified"
REQUIRED_ROLES = (Role.CENTER_STAFF, Role.OFFICIAL)
AUTHENTICATOR = "authenticator"
BACKUP = "backup"
BACKUP_CODE_COUNT = 10


def required_by_role(user) -> bool:
    """Whether the user's role obliges them to a second step (setting permitting)."""
    return bool(settings.KHUYENCONG_2FA_REQUIRED) and (
        user.is_superuser or has_role(user, *REQUIRED_ROLES)
    )


def authenticator(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return (
        TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=confirmed)
        .order_by("-pk")
        .first()
    )


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def state_for(user) -> str:
    """What a freshly signed-in user still owes."""
    return PENDING if required_by_role(user) or is_enrolled(user) else OFF


def owes_second_step(user) -> bool:
    """Whether the user must pass the second step now, from the user row (two_factor_on,
    kept in step with the devices) and the cached roles: no query on most pages."""
    return bool(getattr(user, "two_factor_on", False)) or required_by_role(user)


def session_state(request) -> str:
    """The session's state, checked against what the user owes now."""
    state = request.session.get(SESSION_KEY)
    if state not in (OFF, PENDING, VERIFIED):  # a session older than the second step
        state = state_for(request.user)
        request.session[SESSION_KEY] = state
    elif state == OFF and owes_second_step(request.user):
        state = PENDING
        request.session[SESSION_KEY] = state
    elif state == PENDING and not owes_second_step(request.user):
        state = OFF  # the role went, or the setting was turned off: nothing is owed
        request.session[SESSION_KEY] = state
    return state


def mark_signed_in(request, user) -> None:
    request.session[SESSION_KEY] = state_for(user)
    # The password was given just now.
    grant_sudo(request)


def signed_in_through_provider(request, *, mfa: bool) -> None:
    """A sign-in through an OpenID Connect provider: no password was given here, so no
    sudo window opens; a provider whose acr level says it checked a second factor
    counts as the second step."""
    request.session.pop(SUDO_KEY, None)
    if mfa:
        request.session[SESSION_KEY] = VERIFIED


def grant_sudo(request) -> None:
    request.session[SUDO_KEY] = time.time()


def in_sudo(request) -> bool:
    """Whether the password was given in this session within KHUYENCONG_SUDO_MINUTES."""
    given = request.session.get(SUDO_KEY)
    if not isinstance(given, int | float):
        return False
    return 0 <= time.time() - given < settings.KHUYENCONG_SUDO_MINUTES * 60


def confirm_password(request, password: str) -> bool:
    """Check the signed-in user's password again. It goes through the sign-in backends,
    so a wrong one is counted by the login throttle (five lock the login name at that
    address) and written to the login audit like a failed sign-in."""
    user = request.user
    checked = authenticate(request, username=user.get_username(), password=password or "")
    if checked is None or checked.pk != user.pk:
        return False
    grant_sudo(request)
    return True


def _require_sudo(request) -> None:
    if not in_sudo(request):
        raise PermissionDenied


def _mark_verified(request, device) -> None:
    otp_login(request, device)
    request.session[SESSION_KEY] = VERIFIED


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    secret: str  # base32, in groups of four, for typing into the app
    qr_data_uri: str


def start_enrolment(request, user) -> Enrolment:
    """The authenticator the user is setting up: its key waits in the session (the same
    one until confirmed) and reaches the database only with a code, on POST."""
    _require_sudo(request)
    key = request.session.get(NEW_KEY)
    if not isinstance(key, str):
        key = random_hex(20)
        request.session[NEW_KEY] = key
    device = TOTPDevice(user=user, name=AUTHENTICATOR, key=key, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)
    return Enrolment(device=device, secret=grouped, qr_data_uri=qr)


def _clean_code(token: str) -> str:
    return "".join(str(token or "").split()).lower()


def _check_throttle(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        seconds = 1
        if locked_until:
            seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        raise ValidationError(
            _("Too many wrong codes. Try again in %(seconds)s seconds.") % {"seconds": seconds}
        )


def _audit_failure(request, user) -> None:
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.OTP_FAILED, user=user, username=user.get_username(), **origin(request)
    )


def confirm_enrolment(request, user, token: str) -> list[str]:
    """Confirm the authenticator with its first code; returns fresh backup codes."""
    _require_sudo(request)
    key = request.session.get(NEW_KEY)
    if not isinstance(key, str):
        raise ValidationError(_("Start the set-up again: no authenticator is waiting."))
    # The waiting device keeps the count of wrong codes (the throttle) between tries.
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name=AUTHENTICATOR, key=key, confirmed=False
    )
    _check_throttle(device)
    if not device.verify_token(_clean_code(token)):
        raise ValidationError(_("The code is not right. Check the time on your phone."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
    request.session.pop(NEW_KEY, None)
    _mark_verified(request, device)
    return codes


def verify(request, user, token: str) -> None:
    """The second step at sign-in: an authenticator code or an unused backup code."""
    code = _clean_code(token)
    device = authenticator(user)
    if device is None:
        raise ValidationError(_("No authenticator is set up for this account."))
    _check_throttle(device)
    if code.isdigit():
        # A wrong code counts against the authenticator's throttle (a growing pause).
        if device.verify_token(code):
            _mark_verified(request, device)
            return
    else:
        backup = StaticDevice.objects.filter(user=user, name=BACKUP, confirmed=True).first()
        if backup is not None:
            _check_throttle(backup)
            if backup.verify_token(code):  # consumes the code
                _mark_verified(request, backup)
                return
        device.throttle_increment(commit=True)
    _audit_failure(request, user)
    raise ValidationError(_("The code is not right. Check the time on your phone."))


def _new_backup_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def new_backup_codes(request, user) -> list[str]:
    """Replace the backup codes (the old ones stop working); only in a verified session,
    with the password given lately."""
    if session_state(request) != VERIFIED or not is_enrolled(user):
        raise PermissionDenied
    _require_sudo(request)
    with transaction.atomic():
        return _new_backup_codes(user)


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=BACKUP).count()


def turn_off(request, user) -> None:
    """Remove the authenticator and backup codes — not for roles that must keep them, and
    only with the password given lately."""
    if required_by_role(user):
        raise PermissionDenied
    _require_sudo(request)
    _remove_devices(user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_KEY] = OFF


def reset(*, actor, user) -> None:
    """A superuser clears a user's lost authenticator; the user sets up a new one."""
    if not actor.is_superuser:
        raise PermissionDenied
    _remove_devices(user)


@transaction.atomic
def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
