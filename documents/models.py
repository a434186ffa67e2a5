from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from documents.signatures import SignatureCheck, SignedCopyKind


class TypeAbbreviation(models.TextChoices):
    """Abbreviations of document types (Decree 30/2020, Phụ lục III). An official
    letter (công văn) has none."""

    DECISION = "QĐ", _("Decision (QĐ)")
    PLAN = "KH", _("Plan (KH)")
    REPORT = "BC", _("Report (BC)")
    MINUTES = "BB", _("Minutes (BB)")
    SUBMISSION = "TTr", _("Submission (TTr)")
    CONTRACT = "HĐ", _("Contract (HĐ)")
    NOTICE = "TB", _("Notice (TB)")
    INVITATION = "GM", _("Invitation (GM)")
    LETTER = "", _("Official letter (no abbreviation)")


class ObjectType(models.TextChoices):
    """What a kind of document is drafted from."""

    PLAN = "plan", _("Annual plan version")
    PROJECT = "project", _("Project")
    ACCEPTANCE = "acceptance", _("Acceptance")
    GRANT = "grant", _("Settled grant")
    VOTING_ROUND = "voting_round", _("Published voting round")
    ROSTER = "roster", _("Collaborator roster")
    ALLOWANCE_SHEET = "allowance_sheet", _("Approved allowance sheet")
    REPORT_JOB = "report_job", _("Finished periodic report")


class DocumentKind(models.Model):
    """A kind of official paper the portal drafts, with its defaults."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    type_abbreviation = models.CharField(
        _("type abbreviation"), max_length=5, choices=TypeAbbreviation, blank=True
    )
    type_name = models.CharField(
        _("document type"), max_length=60, help_text=_("As printed: QUYẾT ĐỊNH, HỢP ĐỒNG…")
    )
    title = models.CharField(_("name of the paper"), max_length=255)
    object_type = models.CharField(_("drafted from"), max_length=20, choices=ObjectType)
    legal_bases = models.TextField(
        _("legal bases"), blank=True, help_text=_("One per line, without the final punctuation.")
    )
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One per line, without “- ” and “;”.")
    )
    signer_authority = models.CharField(
        _("signing authority"), max_length=60, blank=True, help_text=_("KT. GIÁM ĐỐC, TM., TL.…")
    )
    signer_title = models.CharField(_("signer's title"), max_length=100)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ("position", "code")

    def __str__(self) -> str:
        return self.title

    @property
    def legal_basis_list(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class DocumentTemplate(models.Model):
    """One version of a kind's DOCX template. Versions are never deleted: an issued
    document names the version it was rendered from."""

    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="templates", verbose_name=_("kind")
    )
    version = models.PositiveSmallIntegerField(pgettext_lazy("template", "version"))
    file = models.FileField(_("DOCX template"), upload_to="documents/templates/")
    active = models.BooleanField(_("in use"), default=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ("kind", "-version")
        constraints = [
            models.UniqueConstraint(fields=("kind", "version"), name="doctemplate_kind_version"),
            models.UniqueConstraint(
                fields=("kind",), condition=Q(active=True), name="doctemplate_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind.code} v{self.version}"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    VOIDED = "voided", _("Voided")


class PdfStatus(models.TextChoices):
    NONE = "", _("Not asked")
    PENDING = "pending", _("Being converted")
    DONE = "done", _("Ready")
    UNAVAILABLE = "unavailable", _("LibreOffice is not installed: DOCX only")
    FAILED = "failed", _("Conversion failed")


class Document(models.Model):
    """A paper drafted from an object; once issued, an entry of the outgoing-documents
    register (sổ văn bản đi) whose number is never reused."""

    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="documents", verbose_name=_("kind")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus, default=DocumentStatus.DRAFT
    )
    unit = models.CharField(_("issuing unit"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    notation = models.CharField(_("number and notation"), max_length=50, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    signer_authority = models.CharField(_("signing authority"), max_length=60, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    template = models.ForeignKey(
        DocumentTemplate,
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name=_("template version"),
    )
    docx_file = models.FileField(_("DOCX"), upload_to="documents/%Y/", blank=True)
    pdf_file = models.FileField(_("PDF"), upload_to="documents/%Y/", blank=True)
    pdf_status = models.CharField(
        _("PDF"), max_length=12, choices=PdfStatus, blank=True, default=PdfStatus.NONE
    )
    signed_file = models.FileField(_("signed copy"), upload_to="documents/signed/%Y/", blank=True)
    signed_copy_kind = models.CharField(
        _("signed copy"), max_length=12, choices=SignedCopyKind, blank=True, default=""
    )
    # One entry per digital signature of the signed copy, as documents.signatures checked
    # it when it was attached: signer, time, integrity, trust.
    signatures = models.JSONField(_("digital signatures"), default=list, blank=True)
    signatures_checked_at = models.DateTimeField(_("signatures checked at"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ("-year", "-number", "-created_at")
        constraints = [
            # Decree 30/2020: one sequence per issuing unit and year, across all types.
            models.UniqueConstraint(
                fields=("unit", "year", "number"),
                condition=Q(number__isnull=False),
                name="document_number_once",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True)
                | (
                    ~Q(status="draft")
                    & Q(number__isnull=False, year__isnull=False, issued_on__isnull=False)
                ),
                name="document_issued_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=("content_type", "object_id"), name="document_object"),
            models.Index(fields=("year", "status"), name="document_year_status"),
        ]

    def __str__(self) -> str:
        return f"{self.notation or _('Draft')} — {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def signature_checks(self) -> list[SignatureCheck]:
        return [SignatureCheck.from_stored(entry) for entry in self.signatures]


class NumberCounter(models.Model):
    """The last number given by an issuing unit in a year: locked while a number is taken."""

    unit = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("unit", "year"), name="numbercounter_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.last_number}"
