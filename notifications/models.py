"""What happened to a person's things, told in the portal and by e-mail, as each person
chooses per kind. One row per event and recipient (its idempotency key): an event told
twice, or a worker that runs the mail task twice, never makes a second row or mail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    """What a notification is about. The apps that tell them are above this one; the
    kinds are named here so that each person's choices have somewhere to live."""

    SUPPORT_REQUEST = "support_request", _("My support requests")
    PROJECT_STATUS = "project_status", _("Status of my projects")
    PAYMENT_PAID = "payment_paid", _("Payments made on my projects")
    CERTIFICATE_EXPIRY = "certificate_expiry", _("Certificates about to expire")


class Channel(models.TextChoices):
    BOTH = "both", _("In the portal and by e-mail")
    IN_APP = "in_app", _("In the portal only")
    EMAIL = "email", _("By e-mail only")
    NONE = "none", _("Not at all")


DEFAULT_CHANNEL = Channel.BOTH


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    NOT_WANTED = "not_wanted", _("Not asked for")


class Preference(models.Model):
    """How a person wants to hear of one kind; no row means the default (both)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    channel = models.CharField(_("how"), max_length=10, choices=Channel, default=DEFAULT_CHANNEL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=("user", "kind"), name="notification_pref_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}: {self.get_channel_display()}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    # What happened, named by the app that tells it: "project:12:event:345".
    event_key = models.CharField(_("event"), max_length=120)
    title = models.CharField(pgettext_lazy("notification", "title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    in_app = models.BooleanField(_("shown in the portal"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=12, choices=EmailStatus, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    email_error = models.CharField(_("e-mail error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("event_key", "recipient"), name="notification_once_per_event"
            ),
            models.CheckConstraint(
                condition=~Q(email_status="sent") | Q(email_sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=("recipient", "-created_at"),
                condition=Q(in_app=True),
                name="notification_inbox",
            ),
            models.Index(
                fields=("recipient",),
                condition=Q(in_app=True, read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None
