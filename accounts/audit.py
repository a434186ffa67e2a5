"""The login audit: Django's auth signals write a LoginEvent each; and the signals that
keep cached roles in step with group membership."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Exists, OuterRef
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from ipware.ip import get_client_ip

from accounts.models import LoginEvent, User


def client_ip(request) -> str | None:
    """The address a request came from, for the login throttle and the login audit alike.

    With no proxy of ours in front, the connection's address; X-Forwarded-For is then
    whatever the client chose to send and is ignored. Behind KHUYENCONG_TRUSTED_PROXIES
    proxies, the entry the outermost one appended (each proxy appends the address it saw,
    so the client's is that many entries from the end); entries before it are the
    client's own claims and are never believed.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.KHUYENCONG_TRUSTED_PROXIES
    if proxies > 0:
        # ipware counts the proxies listed after the client in the header: the one that
        # connects to us is REMOTE_ADDR, not in the list. Not strict: a longer header
        # (the client's own entries first) still has our entries at its end.
        ip, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if ip:
            return ip
    return remote


def origin(request) -> dict:
    """Where a request came from, as a LoginEvent records it."""
    if request is None:
        return {}
    return {"ip": client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]}


@receiver(user_logged_in, dispatch_uid="accounts.audit.login")
def _logged_in(sender, request, user, **kwargs):
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.LOGIN,
        user=user,
        username=user.get_username(),
        provider=getattr(request, "oidc_provider", ""),
        **origin(request),
    )


@receiver(user_login_failed, dispatch_uid="accounts.audit.failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.FAILED,
        username=str(credentials.get("username", ""))[:150],
        **origin(request),
    )


@receiver(user_logged_out, dispatch_uid="accounts.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        LoginEvent.objects.create(
            kind=LoginEvent.Kind.LOGOUT, user=user, username=user.get_username(), **origin(request)
        )


@receiver(user_logged_in, dispatch_uid="accounts.audit.two_factor")
def _two_factor_state(sender, request, user, **kwargs):
    """Every sign-in starts with what the second step still asks of this user."""
    if request is not None and hasattr(request, "session"):
        from accounts.two_factor import mark_signed_in

        mark_signed_in(request, user)


@receiver(post_save, sender="otp_totp.TOTPDevice", dispatch_uid="accounts.two_factor.saved")
@receiver(post_delete, sender="otp_totp.TOTPDevice", dispatch_uid="accounts.two_factor.deleted")
def _authenticators_changed(sender, instance, **kwargs):
    """Whatever door changed a user's authenticators (the set-up, the admin's reset, the
    device admin), User.two_factor_on follows."""
    confirmed = sender.objects.filter(user_id=OuterRef("pk"), confirmed=True)
    User.objects.filter(pk=instance.user_id).update(two_factor_on=Exists(confirmed))


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
