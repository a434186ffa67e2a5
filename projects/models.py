"""Projects and what they carry: budget lines, beneficiaries, events, appraisals, annual
plans and their items, documents, progress, acceptance and inspections.

Long module: the models of one app kept together, their relations read in one place.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import StatusEvent
from core.urls import object_url
from establishments.content_types import PromotionContent


class FundSource(models.TextChoices):
    NATIONAL = "national", _("National promotion fund")
    LOCAL = "local", _("Local promotion fund")


class ProjectSource(models.TextChoices):
    PORTAL = "portal", _("Entered in the portal")
    IMPORT = "import", _("Imported from historical records")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPRAISED = "appraised", _("Appraised")
    IN_PLAN = "in_plan", _("In a plan")
    APPROVED = "approved", _("Approved")
    CONTRACTED = "contracted", _("Contracted")
    IN_PROGRESS = "in_progress", _("In progress")
    ACCEPTED = "accepted", _("Accepted (nghiệm thu)")
    SETTLED = "settled", _("Settled")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# The projects a province ran: approved by the department and not cancelled (what the
# reports and the dashboard count).
IMPLEMENTED_STATUSES = (
    ProjectStatus.APPROVED,
    ProjectStatus.CONTRACTED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.ACCEPTED,
    ProjectStatus.SETTLED,
)


class Project(models.Model):
    """An industrial promotion project (đề án khuyến công)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(pgettext_lazy("project", "title"), max_length=500)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    fund_source = models.CharField(_("fund source"), max_length=10, choices=FundSource)
    content_type = models.CharField(_("content"), max_length=30, choices=PromotionContent)
    beneficiaries = models.ManyToManyField(
        "establishments.Establishment",
        verbose_name=_("beneficiaries"),
        related_name="projects",
        blank=True,
    )
    site_communes = models.ManyToManyField(
        "localities.AdminUnit",
        verbose_name=_("site communes"),
        related_name="projects",
        blank=True,
    )
    # Where the project mainly is, for reports: a 2025 commune and, for records of before
    # July 2025, the commune of that time (its district and province then).
    commune = models.ForeignKey(
        "localities.AdminUnit",
        verbose_name=_("main commune (2025)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"era": "2025", "level": "commune"},
    )
    legacy_commune = models.ForeignKey(
        "localities.AdminUnit",
        verbose_name=_("commune before 07/2025"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"era": "legacy", "level": "commune"},
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=ProjectSource,
        default=ProjectSource.PORTAL,
        editable=False,
    )
    implementing_unit = models.CharField(_("implementing unit"), max_length=255)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus, default=ProjectStatus.DRAFT
    )
    support_request = models.OneToOneField(
        "establishments.SupportRequest",
        verbose_name=_("from support request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ("-plan_year", "code")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=("plan_year", "fund_source", "status"), name="project_year_fund"),
            models.Index(fields=("status",), name="project_status"),
            models.Index(fields=("content_type",), name="project_content"),
            models.Index(fields=("commune", "plan_year"), name="project_commune"),
            models.Index(fields=("legacy_commune", "plan_year"), name="project_legacy_commune"),
            # The project list's order (newest year first, then code): a page is read off
            # this index instead of joining and sorting a whole year of projects.
            models.Index(fields=("-plan_year", "code"), name="project_year_code"),
            # The queues of projects under way (acceptances awaiting the department,
            # refused acceptances, overdue reports) list them by code: this index walks
            # only those, not the whole register.
            models.Index(
                fields=("code",),
                condition=models.Q(status="in_progress"),
                name="project_in_progress_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return object_url("projects:detail", self.pk)


class BudgetLine(models.Model):
    """One cost item, split into state support and counterpart capital (vốn đối ứng)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("project")
    )
    item = models.CharField(_("cost item"), max_length=255)
    state_support_vnd = models.BigIntegerField(_("state support (VND)"), default=0)
    counterpart_vnd = models.BigIntegerField(_("counterpart capital (VND)"), default=0)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ("position", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(state_support_vnd__gte=0) & Q(counterpart_vnd__gte=0),
                name="budgetline_non_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.item


class ProjectEvent(StatusEvent):
    """The audit of every transition of a project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="events", verbose_name=_("project")
    )
    from_status = models.CharField(max_length=20, choices=ProjectStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=ProjectStatus)

    class Meta(StatusEvent.Meta):
        verbose_name = _("project event")
        verbose_name_plural = _("project events")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Recommend for the plan")
    REVISE = "revise", _("Revise and resubmit")
    REJECT = "reject", _("Do not support")


class Appraisal(models.Model):
    """Scores and a recommendation recorded by staff or the appraisal council."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="appraisals", verbose_name=_("project")
    )
    appraised_on = models.DateField(_("appraisal date"))
    council = models.CharField(_("appraisal council"), max_length=255, blank=True)
    # Councils average their members' marks: 85.5 is a score.
    score = models.DecimalField(
        _("score (of 100)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation)
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ("-appraised_on", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="appraisal_score_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.score}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the department")
    APPROVED = "approved", _("Approved")


class AnnualPlan(models.Model):
    """The annual plan of one fund source, one version. An adjustment is a new version;
    earlier versions stay readable."""

    year = models.PositiveSmallIntegerField(_("year"))
    fund_source = models.CharField(_("fund source"), max_length=10, choices=FundSource)
    version = models.PositiveSmallIntegerField(pgettext_lazy("plan", "version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_note = models.TextField(_("comments of the department"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ("-year", "fund_source", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("year", "fund_source", "version"), name="plan_year_fund_version"
            ),
        ]
        indexes = [models.Index(fields=("status",), name="plan_status")]

    def __str__(self) -> str:
        return _("Plan %(year)s, %(fund)s, version %(version)s") % {
            "year": self.year,
            "fund": self.get_fund_source_display(),
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return object_url("projects:plan_detail", self.pk)


class PlanItem(models.Model):
    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("project")
    )
    amount_vnd = models.BigIntegerField(_("amount (VND)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ("project__code",)
        constraints = [
            models.UniqueConstraint(fields=("plan", "project"), name="planitem_once"),
            models.CheckConstraint(condition=Q(amount_vnd__gte=0), name="planitem_amount_ge_0"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.amount_vnd}"


class PlanEvent(StatusEvent):
    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )
    from_status = models.CharField(max_length=20, choices=PlanStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=PlanStatus)

    class Meta(StatusEvent.Meta):
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")


class DocumentKind(models.TextChoices):
    DOSSIER = "dossier", _("Project dossier")
    APPRAISAL = "appraisal", _("Appraisal record")
    DECISION = "decision", _("Decision")
    CONTRACT = "contract", _("Contract")
    ACCEPTANCE = "acceptance", _("Acceptance minutes")
    SETTLEMENT = "settlement", _("Settlement papers")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


class ProjectDocument(models.Model):
    """A typed attachment. Private: served only through a permission-checked view."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="documents", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=255)
    file = models.FileField(_("file"), upload_to="projects/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ("kind", "-uploaded_at")

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """The monthly progress report, due by the 25th of its month."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name=_("project"),
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    percent_done = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("progress"))
    photo = models.ImageField(_("photo"), upload_to="progress/%Y/%m/", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ("-period",)
        constraints = [
            models.UniqueConstraint(fields=("project", "period"), name="progress_once_a_month"),
            models.CheckConstraint(condition=Q(percent_done__lte=100), name="progress_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.period:%m/%Y}: {self.percent_done}%"


class AcceptanceResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    CONDITIONAL = "conditional", _("Passed with conditions")
    FAILED = "failed", _("Not passed")


class Acceptance(models.Model):
    """Base-level acceptance (nghiệm thu): recorded by staff, approved by an official."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="acceptances", verbose_name=_("project")
    )
    accepted_on = models.DateField(_("acceptance date"))
    minutes_number = models.CharField(_("minutes number"), max_length=50)
    result = models.CharField(_("result"), max_length=20, choices=AcceptanceResult)
    people_trained = models.PositiveIntegerField(
        _("people trained"),
        default=0,
        help_text=_("Trainees who finished the course, as the acceptance minutes record."),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The department may refuse a recorded acceptance: it goes back to the center with the
    # reason, and the project stays under way until a new acceptance is recorded.
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    refusal_note = models.TextField(_("reason for refusal"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ("-accepted_on", "-id")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.minutes_number}"


class Inspection(models.Model):
    """A check on site while the project is under way."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("project")
    )
    inspected_on = models.DateField(_("inspection date"))
    inspector = models.CharField(_("inspected by"), max_length=255)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ("-inspected_on", "-id")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.inspected_on}"


class OutcomeFollowUp(models.Model):
    """Results after support: what one supported establishment achieved some months
    after its project's acceptance, recorded by the collaborator of its area or staff."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="followups", verbose_name=_("project")
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("establishment"),
    )
    recorded_on = models.DateField(_("date of the follow-up"))
    capacity_increase_pct = models.PositiveSmallIntegerField(
        _("capacity increase (%)"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    productivity_increase_pct = models.PositiveSmallIntegerField(
        _("productivity increase (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
    )
    quality = models.TextField(_("product quality"), blank=True)
    value_added_vnd = models.BigIntegerField(_("value added per year (VND)"), null=True, blank=True)
    revenue_before_vnd = models.BigIntegerField(
        _("yearly revenue before support (VND)"), null=True, blank=True
    )
    revenue_after_vnd = models.BigIntegerField(
        _("yearly revenue after support (VND)"), null=True, blank=True
    )
    new_markets = models.PositiveSmallIntegerField(_("new markets"), default=0)
    new_markets_note = models.CharField(_("which new markets"), max_length=500, blank=True)
    material_saved_pct = models.PositiveSmallIntegerField(
        _("material saved (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    energy_saved_pct = models.PositiveSmallIntegerField(
        _("energy saved (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    jobs_kept = models.PositiveIntegerField(_("jobs kept"), default=0)
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    capital_mobilised_vnd = models.BigIntegerField(_("capital mobilised (VND)"), default=0)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result after support")
        verbose_name_plural = _("results after support")
        ordering = ("-recorded_on", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("project", "establishment"), name="followup_once_per_beneficiary"
            ),
            models.CheckConstraint(
                condition=(Q(value_added_vnd__isnull=True) | Q(value_added_vnd__gte=0))
                & (Q(revenue_before_vnd__isnull=True) | Q(revenue_before_vnd__gte=0))
                & (Q(revenue_after_vnd__isnull=True) | Q(revenue_after_vnd__gte=0))
                & Q(capital_mobilised_vnd__gte=0),
                name="followup_amounts_ge_0",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=("recorded_on",), name="followup_recorded_on")]

    def __str__(self) -> str:
        return f"{self.project_id} / {self.establishment_id}: {self.recorded_on}"

    @property
    def revenue_increase_vnd(self) -> int | None:
        if self.revenue_before_vnd is None or self.revenue_after_vnd is None:
            return None
        return self.revenue_after_vnd - self.revenue_before_vnd
