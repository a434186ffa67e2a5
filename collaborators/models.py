from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Collaborator(models.Model):
    """An industrial promotion collaborator (cộng tác viên khuyến công)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.PROTECT,
        related_name="collaborator",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collaborator")
        verbose_name_plural = _("collaborators")
        ordering = ("full_name", "id")

    def __str__(self) -> str:
        return self.full_name


class CollaboratorRoster(models.Model):
    """The yearly decision that names the collaborators and their communes.

    Once approved, a roster is in force from 1 January of its year until a roster of a
    later year is approved and its year has begun.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    signed_by = models.CharField(_("signed by"), max_length=150)
    document = models.FileField(_("scanned decision"), upload_to="rosters/%Y/", blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collaborator roster")
        verbose_name_plural = _("collaborator rosters")
        ordering = ("-year", "-decision_date")
        constraints = [
            # One approved roster per year; drafts may be prepared beside it.
            models.UniqueConstraint(
                fields=("year",), condition=Q(approved_at__isnull=False), name="roster_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return _("Roster %(year)s (%(number)s)") % {
            "year": self.year,
            "number": self.decision_number,
        }

    def get_absolute_url(self) -> str:
        return reverse("collaborators:roster_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class RosterMembership(models.Model):
    roster = models.ForeignKey(
        CollaboratorRoster,
        verbose_name=_("roster"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    collaborator = models.ForeignKey(
        Collaborator,
        verbose_name=_("collaborator"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    communes = models.ManyToManyField(
        "localities.AdminUnit",
        verbose_name=_("communes"),
        related_name="roster_memberships",
        limit_choices_to={"era": "2025", "level": "commune"},
    )
    monthly_allowance_vnd = models.BigIntegerField(_("monthly allowance (VND)"), default=0)
    history = HistoricalRecords(m2m_fields=[communes])

    class Meta:
        verbose_name = _("roster membership")
        verbose_name_plural = _("roster memberships")
        constraints = [
            models.UniqueConstraint(fields=("roster", "collaborator"), name="membership_once"),
            models.CheckConstraint(
                condition=Q(monthly_allowance_vnd__gte=0), name="membership_allowance_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collaborator} — {self.roster.year}"
