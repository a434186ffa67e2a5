from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import StatusEvent
from core.urls import object_url
from establishments.content_types import PromotionContent


class LegalForm(models.TextChoices):
    ENTERPRISE = "enterprise", _("Small or medium enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    UNION_OF_COOPERATIVES = "cooperative_union", _("Union of cooperatives")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD_BUSINESS = "household_business", _("Household business")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    NOT_APPLICABLE = "na", _("Not applicable")


class Sector(models.TextChoices):
    """Eligible industries (Decree 45 Art. 5, widened by Decree 235/2025)."""

    FOOD_PROCESSING = "food", _("Agro-forestry-fishery and food processing")
    CONSUMER_GOODS = "consumer", _("Consumer and export goods")
    CHEMICALS_MATERIALS = "materials", _("Agricultural chemicals and building materials")
    MECHANICAL = "mechanical", _("Machinery, tools, electrical and electronic goods")
    HANDICRAFT = "handicraft", _("Handicrafts")
    MINING = "mining", _("Mining and mineral processing")
    ENVIRONMENT = "environment", _("Cleaner production and pollution treatment")
    HIGH_TECH = "high_tech", _("High-tech, clean and green industry")
    OTHER = "other", _("Other industry")


identity_number_validator = RegexValidator(
    r"^\d{12}$", _("A citizen identity number has 12 digits.")
)

tax_code_validator = RegexValidator(
    r"^\d{10}(-\d{3})?$", _("A tax code has 10 digits, or 10 digits, a dash and 3 digits.")
)


class Establishment(models.Model):
    """A rural industrial establishment (cơ sở công nghiệp nông thôn)."""

    name = models.CharField(_("name"), max_length=255)
    # Lower-case, accent-free, single-spaced: duplicates are found on this.
    normalized_name = models.CharField(max_length=255, editable=False, db_index=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm)
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass, default=SizeClass.MICRO
    )
    tax_code = models.CharField(
        _("tax code"), max_length=14, blank=True, validators=[tax_code_validator]
    )
    # A household business is its owner: it is matched to the person signing in with the
    # national identity by the owner's citizen identity number (12 digits).
    owner_identity_number = models.CharField(
        _("owner's identity number"),
        max_length=12,
        blank=True,
        validators=[identity_number_validator],
        help_text=_("Citizen identity number of the household business owner (12 digits)."),
    )
    commune = models.ForeignKey(
        "localities.AdminUnit",
        verbose_name=_("commune (2025)"),
        on_delete=models.PROTECT,
        related_name="establishments",
        limit_choices_to={"era": "2025", "level": "commune"},
    )
    legacy_commune = models.ForeignKey(
        "localities.AdminUnit",
        verbose_name=_("commune before 07/2025"),
        on_delete=models.PROTECT,
        related_name="legacy_establishments",
        null=True,
        blank=True,
        limit_choices_to={"era": "legacy", "level": "commune"},
    )
    address_line = models.CharField(_("address (village, street)"), max_length=255, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector)
    main_products = models.CharField(_("main products"), max_length=500, blank=True)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    local_material_share = models.PositiveSmallIntegerField(
        _("local material share (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    exports = models.BooleanField(_("exports"), default=False)
    women_owned = models.BooleanField(_("owned by a woman"), default=False)
    minority_owned = models.BooleanField(_("owned by an ethnic minority person"), default=False)
    craft_village = models.CharField(
        _("recognised craft village"),
        max_length=255,
        blank=True,
        help_text=_("Name of the craft village recognised by the provincial People's Committee."),
    )
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_establishments",
        null=True,
        blank=True,
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Same normalised name in the same commune: flagged for staff to merge.
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
    )
    # Archived, never deleted (only a superuser deletes): out of the lists and the
    # choices, kept with its history for the projects and payments that name it.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    archive_reason = models.CharField(
        _("reason for archiving"), max_length=500, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ("normalized_name", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("tax_code",),
                condition=~Q(tax_code=""),
                name="establishment_tax_code",
                violation_error_message=_("An establishment with this tax code is registered."),
            ),
            models.CheckConstraint(
                condition=Q(local_material_share__lte=100), name="establishment_share_le_100"
            ),
        ]
        indexes = [
            models.Index(fields=("commune", "normalized_name"), name="establishment_commune_name"),
            models.Index(fields=("legal_form",), name="establishment_legal_form"),
            models.Index(fields=("sector",), name="establishment_sector"),
            models.Index(fields=("verified",), name="establishment_verified"),
            models.Index(fields=("legacy_commune",), name="establishment_legacy_commune"),
            models.Index(
                fields=("owner_identity_number",),
                name="establishment_owner_identity",
                condition=~models.Q(owner_identity_number=""),
            ),
            models.Index(
                fields=("archived_at",),
                name="establishment_archived",
                condition=models.Q(archived_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("establishments:detail", self.pk)


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class SupportRequest(models.Model):
    """A need of an establishment, found in the field, for the center to review."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    content_type = models.CharField(_("content"), max_length=30, choices=PromotionContent)
    description = models.TextField(_("needs"))
    estimated_cost_vnd = models.BigIntegerField(_("estimated cost (VND)"))
    desired_year = models.PositiveSmallIntegerField(_("desired year"))
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.SUBMITTED
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost_vnd__gte=0), name="supportrequest_cost_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=("status", "-created_at"), name="supportrequest_status"),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} — {self.get_content_type_display()}"

    def get_absolute_url(self) -> str:
        return object_url("establishments:request_detail", self.pk)


class SupportRequestPhoto(models.Model):
    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="photos", verbose_name=_("request")
    )
    image = models.ImageField(_("photo"), upload_to="requests/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name


class SupportRequestEvent(StatusEvent):
    """Every status change and every comment on a request, with who and when."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    from_status = models.CharField(max_length=20, choices=RequestStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus)
    note = models.TextField(_("comment"), blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("request event")
        verbose_name_plural = _("request events")


class VisitPurpose(models.TextChoices):
    SURVEY = "survey", _("Survey of the establishment")
    NEEDS = "needs", _("Recording support needs")
    ADVICE = "advice", _("Advice on policies")
    FOLLOW_UP = "follow_up", _("Follow-up of a project")
    OTHER = "other", _("Other")


class FieldVisit(models.Model):
    collaborator = models.ForeignKey(
        "collaborators.Collaborator",
        verbose_name=_("collaborator"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("visit date"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=VisitPurpose)
    needs = models.TextField(_("needs found"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="visits/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The tables keep the names they had when visits belonged to collaborators.
    history = HistoricalRecords(table_name="collaborators_historicalfieldvisit")

    class Meta:
        db_table = "collaborators_fieldvisit"
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ("-visited_on", "-id")
        indexes = [
            models.Index(fields=("collaborator", "-visited_on"), name="visit_collaborator_date"),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} — {self.visited_on:%d/%m/%Y}"


# Kept in their own modules (this one would pass 400 lines); imported here so Django
# registers them with the app.
from establishments.monthly_reports import MonthlyReport, ReportStatus  # noqa: E402
from establishments.proposals import ChangeProposal, ProposalStatus  # noqa: E402
from establishments.representation import (  # noqa: E402
    LIVE_STATUSES,
    LinkedVia,
    Representative,
    RepresentativeEvent,
    RepresentativeStatus,
)

__all__ = [
    "LIVE_STATUSES",
    "ChangeProposal",
    "Establishment",
    "FieldVisit",
    "LegalForm",
    "LinkedVia",
    "MonthlyReport",
    "ProposalStatus",
    "ReportStatus",
    "Representative",
    "RepresentativeEvent",
    "RepresentativeStatus",
    "RequestStatus",
    "Sector",
    "SizeClass",
    "SupportRequest",
    "SupportRequestEvent",
    "SupportRequestPhoto",
    "VisitPurpose",
    "identity_number_validator",
    "tax_code_validator",
]
