"""The login audit: Django's auth signals write a LoginEvent each; and the signals that
keep cached roles in step with group membership."""

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_delete
from django.dispatch import receiver

from accounts.models import LoginEvent, User


def _origin(request) -> dict:
    if request is None:
        return {}
    ip = request.META.get("REMOTE_ADDR") or None
    return {"ip": ip, "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]}


@receiver(user_logged_in, dispatch_uid="accounts.audit.login")
def _logged_in(sender, request, user, **kwargs):
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.LOGIN, user=user, username=user.get_username(), **_origin(request)
    )


@receiver(user_login_failed, dispatch_uid="accounts.audit.failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.FAILED,
        username=str(credentials.get("username", ""))[:150],
        **_origin(request),
    )


@receiver(user_logged_out, dispatch_uid="accounts.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        LoginEvent.objects.create(
            kind=LoginEvent.Kind.LOGOUT, user=user, username=user.get_username(), **_origin(request)
        )


@receiver(user_logged_in, dispatch_uid="accounts.audit.two_factor")
def _two_factor_state(sender, request, user, **kwargs):
    """Every sign-in starts with what the second step still asks of this user."""
    if request is not None and hasattr(request, "session"):
        from accounts.two_factor import mark_signed_in

        mark_signed_in(request, user)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts.roles.changed")
def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A user's groups changed (from either side): their cached roles are stale."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    from accounts.roles import forget_roles

    if not reverse:
        forget_roles([instance])
    elif pk_set:
        forget_roles(list(User.objects.filter(pk__in=pk_set)))
    else:  # group.user_set.clear(): pk_set is not given
        forget_roles(list(instance.user_set.all()))


@receiver(pre_delete, sender=Group, dispatch_uid="accounts.roles.group_deleted")
def _group_deleted(sender, instance, **kwargs):
    from accounts.roles import forget_roles

    forget_roles(list(instance.user_set.all()))


def axes_username(request, credentials=None) -> str:
    """The login name django-axes records: as typed, cut to what a login name can be (a
    10,000-character name must be refused, not crash the throttle's table)."""
    source = credentials if credentials else getattr(request, "POST", {})
    return str(source.get("username", "") or "")[: User._meta.get_field("username").max_length]
