from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import MoneyField
from core.uploads import clean_document, clean_photo
from core.widgets import SearchSelectMultiple
from establishments.content_types import PromotionContent
from establishments.forms import establishment_label
from establishments.models import Establishment
from localities.selectors import commune_list, configured_province
from projects.models import Appraisal, FundSource, Project, ProjectStatus
from projects.services import Line


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Ids of more than 18 digits are unknown choices, refused before the query: SQLite
    cannot even compare them (OverflowError)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip().lstrip("-")
            if text.isascii() and text.isdigit() and len(text) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = (
            "code",
            "title",
            "plan_year",
            "fund_source",
            "content_type",
            "implementing_unit",
            "start_date",
            "end_date",
            "beneficiaries",
            "site_communes",
            "objectives",
            "expected_results",
        )
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            # Hundreds of establishments and communes: searched as the user types.
            "beneficiaries": SearchSelectMultiple("establishments:options"),
            "site_communes": SearchSelectMultiple("localities:commune_options"),
        }
        field_classes = {"beneficiaries": IdsChoiceField, "site_communes": IdsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        # Archived establishments are no new choice; a project keeps those it names.
        live = Q(archived_at__isnull=True)
        if self.instance.pk:
            live |= Q(pk__in=self.instance.beneficiaries.values("pk"))
        self.fields["beneficiaries"].queryset = (
            Establishment.objects.filter(live, merged_into__isnull=True)
            .select_related("commune")
            .only("pk", "name", "tax_code", "commune__name")
        )
        self.fields["beneficiaries"].label_from_instance = establishment_label
        self.fields["site_communes"].queryset = commune_list(province=configured_province())
        this_year = timezone.localdate().year
        self.fields["plan_year"].widget = forms.Select(
            choices=[(y, y) for y in range(this_year - 1, this_year + 4)]
        )


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Cost item"), max_length=255)
    state_support_vnd = MoneyField(label=_("State support (VND)"), initial=0)
    counterpart_vnd = MoneyField(label=_("Counterpart capital (VND)"), initial=0)


class BaseBudgetFormSet(forms.BaseFormSet):
    def lines(self) -> list[Line]:
        return [
            Line(
                f.cleaned_data["item"],
                f.cleaned_data["state_support_vnd"],
                f.cleaned_data["counterpart_vnd"],
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


BudgetFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=BaseBudgetFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class ScoreField(forms.DecimalField):
    """A mark of 100 with one decimal, typed with a comma as in Vietnamese (85,5) or a
    point (85.5)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class AppraisalForm(forms.ModelForm):
    class Meta:
        model = Appraisal
        fields = ("appraised_on", "council", "score", "recommendation", "summary")
        field_classes = {"score": ScoreField}
        widgets = {
            "score": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            "appraised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appraised_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["appraised_on"].initial = timezone.localdate()


# The list filter's value for IMPLEMENTED_STATUSES.
IMPLEMENTED = "implemented"


class ProjectFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label=_("Year"))
    fund_source = forms.ChoiceField(
        required=False,
        label=_("Fund source"),
        choices=[("", _("All fund sources")), *FundSource.choices],
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            ("", _("All statuses")),
            (IMPLEMENTED, _("Approved and later (not cancelled)")),
            *ProjectStatus.choices,
        ],
    )
    since = forms.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        label=_("From year"),
        widget=forms.HiddenInput,
    )
    content_type = forms.ChoiceField(
        required=False,
        label=_("Content"),
        choices=[("", _("All contents")), *PromotionContent.choices],
    )
    q = forms.CharField(required=False, max_length=100, label=_("Code or title"))


class FromRequestForm(forms.Form):
    fund_source = forms.ChoiceField(label=_("Fund source"), choices=FundSource.choices)


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    fund_source = forms.ChoiceField(label=_("Fund source"), choices=FundSource.choices)


class PlanItemForm(forms.Form):
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)
    amount_vnd = MoneyField(label=_("Amount (VND)"), required=False)


class ApproveForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decision_date = forms.DateField(
        label=_("Decision date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DocumentForm(forms.ModelForm):
    class Meta:
        from projects.models import ProjectDocument

        model = ProjectDocument
        fields = ("kind", "title", "file")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return clean_document(upload) if isinstance(upload, UploadedFile) else upload


class ProgressForm(forms.ModelForm):
    class Meta:
        from projects.models import ProgressReport

        model = ProgressReport
        fields = ("period", "percent_done", "narrative", "photo")
        widgets = {
            "period": forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
            "narrative": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].input_formats = ["%Y-%m", "%Y-%m-%d", "%m/%Y"]
        self.fields["period"].initial = timezone.localdate().replace(day=1)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_photo(photo) if isinstance(photo, UploadedFile) else photo


class InspectionForm(forms.ModelForm):
    class Meta:
        from projects.models import Inspection

        model = Inspection
        fields = ("inspected_on", "inspector", "findings")
        widgets = {
            "inspected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "findings": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class AcceptanceForm(forms.ModelForm):
    class Meta:
        from projects.models import Acceptance

        model = Acceptance
        fields = ("accepted_on", "minutes_number", "result", "people_trained", "notes")
        widgets = {
            "accepted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["people_trained"].required = False  # most contents train nobody


class HistoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (XLSX)"),
        help_text=_("First sheet, a header row, one project per row; at most 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx workbook."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class OutcomeFollowUpForm(forms.ModelForm):
    """Results after support, as a collaborator types them on a phone."""

    value_added_vnd = MoneyField(label=_("Value added per year (VND)"), required=False)
    revenue_before_vnd = MoneyField(label=_("Yearly revenue before support (VND)"), required=False)
    revenue_after_vnd = MoneyField(label=_("Yearly revenue after support (VND)"), required=False)
    capital_mobilised_vnd = MoneyField(label=_("Capital mobilised (VND)"), initial=0)

    class Meta:
        from projects.models import OutcomeFollowUp

        model = OutcomeFollowUp
        fields = (
            "recorded_on",
            "capacity_increase_pct",
            "productivity_increase_pct",
            "quality",
            "value_added_vnd",
            "revenue_before_vnd",
            "revenue_after_vnd",
            "new_markets",
            "new_markets_note",
            "material_saved_pct",
            "energy_saved_pct",
            "jobs_kept",
            "jobs_created",
            "capital_mobilised_vnd",
            "note",
        )
        widgets = {
            "recorded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "quality": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        for name in (
            "capacity_increase_pct",
            "productivity_increase_pct",
            "new_markets",
            "material_saved_pct",
            "energy_saved_pct",
            "jobs_kept",
            "jobs_created",
        ):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def clean_capital_mobilised_vnd(self):
        return self.cleaned_data.get("capital_mobilised_vnd") or 0
