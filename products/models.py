"""Typical rural industrial products (sản phẩm công nghiệp nông thôn tiêu biểu): the
products of establishments, the voting rounds that score them and the certificates
they earn (TT 26/2014/TT-BCT, amended by TT 14/2018 and TT 38/2025).

Long module: the models of one app kept together, their relations read in one place.
"""

import datetime as dt
import itertools
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import StatusEvent
from core.urls import object_url
from core.workdays import add_working_days


class ProductGroup(models.IntegerChoices):
    HANDICRAFT = 1, _("Handicrafts and fine-art products")
    AGRO_FOOD = 2, _("Processed agro-forestry-fishery products and food")
    MACHINERY = 3, _("Equipment, machinery, tools and mechanical parts")
    OTHER = 4, _("Other products")


class Level(models.TextChoices):
    COMMUNE = "commune", _("Commune level")
    PROVINCIAL = "provincial", _("Provincial level")
    REGIONAL = "regional", _("Regional level")
    NATIONAL = "national", _("National level")


LEVEL_ORDER = (Level.COMMUNE, Level.PROVINCIAL, Level.REGIONAL, Level.NATIONAL)
LEVEL_BELOW = dict(zip(LEVEL_ORDER[1:], LEVEL_ORDER[:-1], strict=True))
LEVEL_ABOVE = dict(itertools.pairwise(LEVEL_ORDER))
# Part of each certificate number: X (commune), T (province), KV (region), QG (nation).
LEVEL_CODE = {
    Level.COMMUNE: "X",
    Level.PROVINCIAL: "T",
    Level.REGIONAL: "KV",
    Level.NATIONAL: "QG",
}


class PhotoView(models.TextChoices):
    FRONT = "front", _("Front")
    SIDE = "side", _("Side")
    TOP = "top", _("Top")
    OTHER = "other", _("Other")


# The dossier needs three colour photos: front, side and top.
REQUIRED_VIEWS = (PhotoView.FRONT, PhotoView.SIDE, PhotoView.TOP)
MIN_PHOTOS = 3


class Product(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    name = models.CharField(_("product name"), max_length=255)
    group = models.PositiveSmallIntegerField(_("product group"), choices=ProductGroup)
    description = models.TextField(
        _("description"),
        help_text=_("Materials, how it is made, what makes it typical, capacity per year."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("name", "id")
        indexes = [
            models.Index(fields=("establishment", "name"), name="product_establishment"),
            models.Index(fields=("group", "name"), name="product_group"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("products:product_detail", self.pk)


class ProductPhoto(models.Model):
    """A photo of a product. Private until the product is certified; always served
    through a view that checks who asks."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("product")
    )
    view = models.CharField(
        pgettext_lazy("photo angle", "view"),
        max_length=10,
        choices=PhotoView,
        default=PhotoView.OTHER,
    )
    image = models.ImageField(_("photo"), upload_to="products/photos/%Y/")
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return f"{self.product} ({self.get_view_display()})"

    def get_absolute_url(self) -> str:
        return object_url("products:photo", self.pk)


class DocumentKind(models.TextChoices):
    REGISTRATION = "registration", _("Business registration")
    QUALITY = "quality", _("Quality certificate")
    FOOD_SAFETY = "food_safety", _("Food safety certificate")
    AWARD = "award", _("Award")
    FORWARDING = "forwarding", _("Forwarding letter")
    OTHER = "other", _("Other")


class ProductDocument(models.Model):
    """Part of the dossier. Private: served only through a permission-checked view."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="documents", verbose_name=_("product")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=255)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="products/documents/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product document")
        verbose_name_plural = _("product documents")
        ordering = ("kind", "-uploaded_at")

    def __str__(self) -> str:
        return self.title


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for entries")
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


DEFAULT_THRESHOLD = 70


class VotingRound(models.Model):
    level = models.CharField(_("level"), max_length=12, choices=Level)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(pgettext_lazy("voting round", "title"), max_length=255)
    commune = models.ForeignKey(
        "localities.AdminUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"era": "2025", "level": "commune"},
        help_text=_("For a commune-level round: the commune whose People's Committee holds it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus, default=RoundStatus.OPEN, editable=False
    )
    threshold = models.PositiveSmallIntegerField(
        _("recognition threshold (points)"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("An entry is recognised when its average score reaches this."),
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        ordering = ("-year", "level", "id")
        indexes = [
            models.Index(fields=("year", "level"), name="round_year_level"),
            models.Index(fields=("status", "year"), name="round_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=1, threshold__lte=100), name="round_threshold_1_100"
            ),
            models.CheckConstraint(
                condition=Q(level="commune", commune__isnull=False)
                | (~Q(level="commune") & Q(commune__isnull=True)),
                name="round_commune_iff_commune_level",
                violation_error_message=_(
                    "A commune-level round names its commune; others do not."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="round_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("products:round_detail", args=[self.pk])

    @property
    def complaint_deadline(self) -> dt.date | None:
        if self.published_on is None:
            return None
        return add_working_days(self.published_on, COMPLAINT_WORKING_DAYS)


COMPLAINT_WORKING_DAYS = 15
ANSWER_WORKING_DAYS = 10


class RoundEvent(StatusEvent):
    round = models.ForeignKey(
        VotingRound, on_delete=models.CASCADE, related_name="events", verbose_name=_("round")
    )
    from_status = models.CharField(max_length=10, choices=RoundStatus, blank=True)
    to_status = models.CharField(max_length=10, choices=RoundStatus)

    class Meta(StatusEvent.Meta):
        verbose_name = _("round event")
        verbose_name_plural = _("round events")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Member")
    JURY = "jury", _("Jury expert")
    SECRETARY = "secretary", _("Secretary (does not score)")


SCORING_ROLES = frozenset(
    {CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.MEMBER, CouncilRole.JURY}
)


class CouncilMember(models.Model):
    round = models.ForeignKey(
        VotingRound, on_delete=models.CASCADE, related_name="council", verbose_name=_("round")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=12, choices=CouncilRole)
    organisation = models.CharField(_("organisation and position"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ("round", "role", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("round", "user"),
                name="council_member_once",
                violation_error_message=_("This person already sits on the council."),
            ),
            models.UniqueConstraint(
                fields=("round",),
                condition=Q(role="chair"),
                name="council_one_chair",
                violation_error_message=_("The council already has a chair."),
            ),
        ]
        indexes = [models.Index(fields=("user", "round"), name="council_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def scores(self) -> bool:
        return self.role in SCORING_ROLES


class CriterionGroup(models.Model):
    """A group of the score sheet (I. market 40, II. economy-technology 40, ...)."""

    round = models.ForeignKey(
        VotingRound,
        on_delete=models.CASCADE,
        related_name="criterion_groups",
        verbose_name=_("round"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=255)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ("round", "position", "id")
        constraints = [
            models.UniqueConstraint(fields=("round", "position"), name="criterion_group_position")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    group = models.ForeignKey(
        CriterionGroup,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=pgettext_lazy("criteria", "group"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("criterion"), max_length=255)
    guidance = models.TextField(_("point bands"), blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ("group__position", "position", "id")
        constraints = [models.CheckConstraint(condition=Q(max_points__gte=1), name="criterion_max")]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    round = models.ForeignKey(
        VotingRound, on_delete=models.PROTECT, related_name="entries", verbose_name=_("round")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="entries", verbose_name=_("product")
    )
    # The product's group when it entered: the ranking is per group.
    group = models.PositiveSmallIntegerField(_("product group"), choices=ProductGroup)
    nominated_from = models.ForeignKey(
        "products.Certificate",
        verbose_name=_("certificate of the level below"),
        on_delete=models.PROTECT,
        related_name="nominations",
        null=True,
        blank=True,
    )
    forwarding_note = models.TextField(
        _("forwarding"),
        blank=True,
        help_text=_("No commune round was held: the commune's letter forwarding the dossier."),
    )
    forwarding_document = models.ForeignKey(
        ProductDocument,
        verbose_name=_("forwarding letter"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    # Results, written once when the round closes.
    average_score = models.DecimalField(
        _("average score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    scorer_count = models.PositiveSmallIntegerField(_("members who scored"), default=0)
    rank = models.PositiveSmallIntegerField(_("rank in group"), null=True, blank=True)
    recognised = models.BooleanField(_("recognised"), default=False)
    awarded = models.BooleanField(_("certificate decided"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ("round", "group", "rank", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("round", "product"),
                name="entry_once_per_round",
                violation_error_message=_("This product is already entered in this round."),
            ),
            models.CheckConstraint(
                condition=~Q(awarded=True) | Q(recognised=True), name="entry_awarded_recognised"
            ),
            models.CheckConstraint(
                condition=Q(average_score__isnull=True)
                | Q(average_score__gte=0, average_score__lte=100),
                name="entry_average_0_100",
            ),
        ]
        indexes = [
            models.Index(fields=("round", "group", "rank"), name="entry_ranking"),
            models.Index(fields=("product", "round"), name="entry_product"),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("products:entry_detail", args=[self.round_id, self.pk])


class ScoreSheet(models.Model):
    """One member's sheet for one entry: the points, or a declared conflict of interest."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("entry")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("member")
    )
    conflict = models.BooleanField(_("conflict of interest"), default=False)
    conflict_note = models.TextField(_("conflict of interest"), blank=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ("entry", "member")
        constraints = [
            models.UniqueConstraint(fields=("entry", "member"), name="sheet_once_per_member"),
            models.CheckConstraint(
                condition=Q(conflict=False, total__isnull=False)
                | Q(conflict=True, total__isnull=True),
                name="sheet_total_xor_conflict",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
                name="sheet_total_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} / {self.member}"


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sheet")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=("sheet", "criterion"), name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


def new_certificate_token() -> str:
    return secrets.token_urlsafe(12)


class CertificateState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    entry = models.OneToOneField(
        Entry, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("entry")
    )
    level = models.CharField(_("level"), max_length=12, choices=Level, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    token = models.CharField(max_length=32, unique=True, default=new_certificate_token)
    # What the certificate was issued for, as printed: later edits of the product or the
    # establishment do not change a certificate.
    product_name = models.CharField(_("product"), max_length=255, default="")
    group = models.PositiveSmallIntegerField(_("product group"), choices=ProductGroup, default=4)
    establishment_name = models.CharField(_("establishment"), max_length=255, default="")
    commune_name = models.CharField(_("commune"), max_length=255, default="")
    address = models.CharField(_("address"), max_length=500, default="")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ("-year", "level", "sequence")
        constraints = [
            models.UniqueConstraint(
                fields=("level", "year", "sequence"), name="certificate_sequence"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")),
                name="certificate_valid_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=("valid_until",), name="certificate_valid_until"),
            # The public gallery's order: newest first, walked without sorting.
            models.Index(fields=("-year", "level", "sequence"), name="certificate_gallery_order"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("products:verify_token", args=[self.token])

    def state(self, on: dt.date) -> str:
        if self.revoked_at is not None:
            return CertificateState.REVOKED
        if on > self.valid_until:
            return CertificateState.EXPIRED
        return CertificateState.VALID

    def is_valid_on(self, on: dt.date) -> bool:
        return self.state(on) == CertificateState.VALID


class IdentityChange(models.Model):
    """A change of a certified product's name, group or establishment by center staff,
    with the reason: the certificates keep what they were issued for, this row says why
    the product differs from them."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="identity_changes",
        verbose_name=_("product"),
    )
    from_name = models.CharField(_("name before"), max_length=255)
    to_name = models.CharField(_("name after"), max_length=255)
    from_group = models.PositiveSmallIntegerField(_("group before"), choices=ProductGroup)
    to_group = models.PositiveSmallIntegerField(_("group after"), choices=ProductGroup)
    from_establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("establishment before"),
    )
    to_establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("establishment after"),
    )
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("product identity change")
        verbose_name_plural = _("product identity changes")
        ordering = ("at", "id")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="identity_change_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name} ({self.at:%d/%m/%Y})"


def certificate_valid_until(issued_on: dt.date) -> dt.date:
    """31 December of the third year counted from the year of issue (issue year = 1)."""
    return dt.date(issued_on.year + 2, 12, 31)


class Complaint(models.Model):
    round = models.ForeignKey(
        VotingRound, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("round")
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("entry concerned"),
        null=True,
        blank=True,
    )
    complainant = models.CharField(_("complainant"), max_length=255)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    content = models.TextField(_("content"))
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ("received_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(answer=""),
                name="complaint_answer_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complainant} ({self.received_on:%d/%m/%Y})"

    @property
    def answer_due(self) -> dt.date:
        return add_working_days(self.received_on, ANSWER_WORKING_DAYS)
