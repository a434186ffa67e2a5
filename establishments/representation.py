"""Who acts for an establishment in its own portal: a person linked to an establishment,
after signing in with the national identity (the provider's facts matched the register
exactly) or by the center's confirmation. One person may act for several
establishments; an establishment may have several representatives.

The models are imported into `establishments.models`; the workflow table is in
`establishments/workflow.py` and the services in `establishments/services/representatives.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import StatusEvent


class RepresentativeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the center's confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("representative", "Confirmed")
    ENDED = "ended", pgettext_lazy("representative", "Ended")


# The states in which a link counts: one such link per person and establishment.
LIVE_STATUSES = (RepresentativeStatus.PENDING, RepresentativeStatus.CONFIRMED)


class LinkedVia(models.TextChoices):
    OIDC = "oidc", _("Sign-in with the national identity")
    STAFF = "staff", _("Linked by the center")


class Representative(models.Model):
    """A person acting for an establishment: pending until the center confirms it (unless
    the identity provider's facts matched the register exactly), confirmed, then ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="representations",
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="representatives",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RepresentativeStatus,
        default=RepresentativeStatus.PENDING,
    )
    linked_via = models.CharField(_("linked through"), max_length=10, choices=LinkedVia)
    # What the identity provider said when the link was asked for (tax code, identity
    # number, name...), kept as it came: the center confirms against it.
    facts = models.JSONField(_("identity facts"), default=dict, blank=True)
    exact_match = models.BooleanField(_("matched the register exactly"), default=False)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("establishment representative")
        verbose_name_plural = _("establishment representatives")
        ordering = ("-requested_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "establishment"),
                condition=Q(status__in=("pending", "confirmed")),
                name="representative_one_live_link",
                violation_error_message=_("This person is already linked to the establishment."),
            ),
        ]
        indexes = [
            models.Index(fields=("status", "requested_at"), name="representative_status"),
            models.Index(fields=("user", "status"), name="representative_user_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.establishment_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RepresentativeStatus.CONFIRMED


class RepresentativeEvent(StatusEvent):
    """Every change of a representative link, with who and when."""

    representative = models.ForeignKey(
        Representative,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("representative"),
    )
    from_status = models.CharField(max_length=10, choices=RepresentativeStatus, blank=True)
    to_status = models.CharField(max_length=10, choices=RepresentativeStatus)

    class Meta(StatusEvent.Meta):
        verbose_name = _("representative event")
        verbose_name_plural = _("representative events")
