from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Roles are Django groups (see accounts.roles)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Whether an authenticator is confirmed: kept in step with the devices (accounts.audit),
    # so that every page knows, with the user row it loads anyway, that a session signed
    # in without the second step now owes it.
    two_factor_on = models.BooleanField(_("two-factor sign-in on"), default=False, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class LoginEvent(models.Model):
    """Every login, failed login and logout, with where it came from: the audit trail."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        FAILED = "failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        OTP_FAILED = "otp_failed", _("Wrong two-factor code")

    kind = models.CharField(_("event"), max_length=10, choices=Kind)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("login name given"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("username", "-at"), name="loginevent_username")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.at:%d/%m/%Y %H:%M}"
