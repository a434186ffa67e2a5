"""The models other apps register in the admin, classified like ours
(core/admin_base.py). This app comes after them in INSTALLED_APPS, so their
admin modules have run when this one does."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin_base import editable, guarded, reregister

# The four role groups get exactly the permissions of accounts/roles.py after every
# migrate; a hand edit here would be silently undone.
reregister(Group, guarded(GroupAdmin))
# Sign-in audit of django-axes.
reregister(AccessLog, guarded(AccessLogAdmin))
reregister(AccessFailureLog, guarded(AccessFailureLogAdmin))
# A paused login: every field is read-only already; deleting the row lifts the pause.
reregister(AccessAttempt, editable(AccessAttemptAdmin))
# Authenticators are set up by their owner (accounts/two_factor.py); a lost phone is
# reset with the users' action "Reset two-factor sign-in", which is audited.
reregister(TOTPDevice, guarded(TOTPDeviceAdmin))
reregister(StaticDevice, guarded(StaticDeviceAdmin))
