from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
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


class CollaboratorKind(models.TextChoices):
    """What a membership makes a collaborator: provinces may pay the kinds differently."""

    COMMUNE = "commune", _("Commune collaborator")
    DISTRICT = "district", _("District-level officer")


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
    kind = models.CharField(
        _("kind of collaborator"),
        max_length=10,
        choices=CollaboratorKind,
        default=CollaboratorKind.COMMUNE,
    )
    history = HistoricalRecords(m2m_fields=[communes])

    class Meta:
        verbose_name = _("roster membership")
        verbose_name_plural = _("roster memberships")
        constraints = [
            models.UniqueConstraint(fields=("roster", "collaborator"), name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.collaborator} — {self.roster.year}"


class MissingReport(models.TextChoices):
    """What a month without a monthly report earns."""

    PAID = "paid", _("Paid in full")
    WITHHELD = "withheld", _("Withheld")
    PRORATED = "prorated", _("Paid at a reduced share")


class BasicWage(models.Model):
    """The basic wage (lương cơ sở) of public employees, set by decree from a date."""

    effective_from = models.DateField(_("effective from"), unique=True)
    amount_vnd = models.BigIntegerField(_("basic wage (VND)"), validators=[MinValueValidator(1)])
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        help_text=_("The decree that sets it, e.g. 73/2024/NĐ-CP of 30/6/2024."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("basic wage")
        verbose_name_plural = _("basic wages")
        ordering = ("-effective_from",)
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="basicwage_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.amount_vnd:,} ({self.effective_from:%d/%m/%Y})".replace(",", ".")


class AllowanceRule(models.Model):
    """A collaborator's monthly allowance as a provincial resolution sets it: a share of
    the basic wage or a fixed amount, from a date, for every kind or one kind; and what a
    month without a monthly report earns, with the text that says so."""

    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        help_text=_("The resolution or decision, e.g. 12/2015/NQ-HĐND of 10/12/2015."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    kind = models.CharField(
        _("kind of collaborator"),
        max_length=10,
        choices=CollaboratorKind,
        blank=True,
        help_text=_("Leave empty for a rule that applies to every collaborator."),
    )
    wage_percent = models.DecimalField(
        _("share of the basic wage (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    fixed_amount_vnd = models.BigIntegerField(
        _("fixed amount (VND)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    missing_report = models.CharField(
        _("month without a report"),
        max_length=10,
        choices=MissingReport,
        default=MissingReport.PAID,
    )
    missing_report_percent = models.DecimalField(
        _("share paid without a report (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For a reduced share only."),
    )
    missing_report_basis = models.CharField(
        _("legal basis of the missing-report setting"),
        max_length=255,
        blank=True,
        help_text=_("E.g. the center's internal spending regulation."),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance rule")
        verbose_name_plural = _("allowance rules")
        ordering = ("-valid_from", "kind", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="allowancerule_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=(Q(wage_percent__isnull=True) & Q(fixed_amount_vnd__gte=0))
                | (Q(fixed_amount_vnd__isnull=True) & Q(wage_percent__gte=0)),
                name="allowancerule_one_measure",
                violation_error_message=_(
                    "Give either a share of the basic wage or a fixed amount, not both."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(missing_report="prorated") | Q(missing_report_percent__isnull=False),
                name="allowancerule_prorated_has_share",
                violation_error_message=_("Give the share paid for a month without a report."),
            ),
        ]
        indexes = [models.Index(fields=("kind", "valid_from"), name="allowancerule_lookup")]

    def __str__(self) -> str:
        return f"{self.legal_basis} ({self.valid_from:%d/%m/%Y})"


class AllowanceOverride(models.Model):
    """A membership's allowance for one month set by hand, with the reason (joined in
    the middle of the month, on leave, a correction)."""

    membership = models.ForeignKey(
        RosterMembership,
        verbose_name=_("roster membership"),
        on_delete=models.PROTECT,
        related_name="allowance_overrides",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount_vnd = models.BigIntegerField(_("amount (VND)"), validators=[MinValueValidator(0)])
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance override")
        verbose_name_plural = _("allowance overrides")
        constraints = [
            models.UniqueConstraint(fields=("membership", "month"), name="override_once_a_month"),
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="override_amount_ge_0"),
            models.CheckConstraint(condition=Q(month__day=1), name="override_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} — {self.month:%m/%Y}"
