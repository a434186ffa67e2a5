"""Clients of the data exchange API: the systems of the Department, the Ministry and
others, each with a token that staff issue and revoke, and the log of every call."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a client reads: the same as the portal role it acts as."""

    CENTER_STAFF = "center_staff", _("Full read (as center staff)")
    OFFICIAL = "official", _("Department (as an official)")
    COLLABORATOR = "collaborator", _("A collaborator's area (as that collaborator)")
    PUBLIC = "public", _("Public data only")


class ApiClient(models.Model):
    """A system allowed to call the API. It acts as `user`: a service account of its
    scope's group that cannot sign in (no password, inactive), or for the collaborator
    scope that collaborator's own account, whose area follows the roster in force."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope)
    personal_data = models.BooleanField(
        _("may read personal data"),
        default=False,
        help_text=_(
            "Names, phones, e-mails, tax codes and addresses of household businesses and "
            "contact people."
        ),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    # SHA-256 of the token: tokens are 256 random bits, so a fast hash is enough and a
    # stolen table gives no usable token. The prefix tells tokens apart in the lists.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token begins"), max_length=12, editable=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when issued on the server's command line."),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope="public") | Q(personal_data=False),
                name="apiclient_public_no_personal_data",
                violation_error_message=_("A public client never reads personal data."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def reads_personal_data(self) -> bool:
        return self.personal_data and self.scope != Scope.PUBLIC


class ApiCallLog(models.Model):
    """One call of the API: append-only, never edited."""

    client = models.ForeignKey(
        ApiClient,
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="calls",
        null=True,
        blank=True,
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    query = models.CharField(_("query"), max_length=1000, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))
    result_count = models.PositiveIntegerField(_("results"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("client", "-at"), name="apicall_client_at")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
