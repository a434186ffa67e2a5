from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who logs in. Roles are Django groups (see accounts.roles)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The personal identity number (CCCD, 12 digits). A superuser records it for a staff
    # member or an official so that their first sign-in through the province's sign-on
    # links to this account; a provider's account carries the number the provider gave.
    identity_number = models.CharField(
        _("identity number"), max_length=20, blank=True, db_index=True
    )
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
        REFUSED = "refused", _("Refused sign-in through a provider")
        LINKED = "linked", _("Provider identity linked")

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
    # The OpenID Connect provider the sign-in came through (its key); blank for a password.
    provider = models.CharField(_("provider"), max_length=20, blank=True)
    # Why a sign-in through a provider was refused (for the administrator, not shown).
    detail = models.CharField(_("detail"), max_length=200, blank=True)
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


class OidcIdentity(models.Model):
    """A person's identity at an OpenID Connect provider (its subject), linked to an
    account once, after the person confirmed what the provider said. Afterwards the
    subject alone signs them in."""

    provider = models.CharField(_("provider"), max_length=20)
    subject = models.CharField(pgettext_lazy("identity", "subject"), max_length=255)
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="oidc_identities",
        verbose_name=_("user"),
    )
    # What the provider said when the identity was linked (name, identity number, date of
    # birth, phone, address; an organisation's identifier and tax code).
    claims = models.JSONField(_("what the provider said"), default=dict, blank=True)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provider identity")
        verbose_name_plural = _("provider identities")
        constraints = [
            models.UniqueConstraint(
                fields=("provider", "subject"), name="oidcidentity_provider_subject"
            ),
            # One identity per provider and account: a second person at the same provider
            # cannot take an account over.
            models.UniqueConstraint(fields=("provider", "user"), name="oidcidentity_provider_user"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user}"
