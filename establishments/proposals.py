"""Changes an establishment proposes to its own record from its portal. Nothing is
written to the register until center staff apply the proposal (or refuse it) through
`establishments.services.proposals`. The model is imported into `establishments.models`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# What a representative may propose to change; the rest (tax code, commune, legal form,
# verification) the center keeps.
PROPOSABLE_FIELDS = (
    "name",
    "address_line",
    "main_products",
    "workers",
    "local_material_share",
    "exports",
    "contact_person",
    "phone",
    "email",
)


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the center")
    APPLIED = "applied", pgettext_lazy("proposal", "Applied")
    REFUSED = "refused", pgettext_lazy("proposal", "Refused")


class ChangeProposal(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="change_proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="change_proposals",
    )
    # {field: proposed value}, and the record's values when it was proposed.
    changes = models.JSONField(_("proposed values"), default=dict)
    previous = models.JSONField(_("values at the time"), default=dict)
    note = models.TextField(_("explanation"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("answer of the center"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("status", "created_at"), name="proposal_status"),
            models.Index(fields=("establishment", "-created_at"), name="proposal_establishment"),
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id} — {self.created_at:%d/%m/%Y}"
