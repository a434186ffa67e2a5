from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from collaborators.models import AllowanceRule, BasicWage, CollaboratorRoster, MissingReport
from core import uploads
from core.forms import DATE_INPUT, MoneyField

SCAN_KINDS = ("pdf", "jpg", "jpeg", "png")


class RosterAdminForm(forms.ModelForm):
    """The scanned decision is read like every other document."""

    class Meta:
        model = CollaboratorRoster
        fields = "__all__"  # noqa: DJ007 - the admin lists its own fields

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):
            if document.size > 20 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 20 MB."))
            return uploads.clean_document(document, SCAN_KINDS)
        return document


class BasicWageForm(forms.ModelForm):
    amount_vnd = MoneyField(label=_("Basic wage (VND)"), min_value=1)
    effective_from = forms.DateField(label=_("Effective from"), **DATE_INPUT)

    class Meta:
        model = BasicWage
        fields = ("effective_from", "amount_vnd", "legal_basis")


class AllowanceRuleForm(forms.ModelForm):
    fixed_amount_vnd = MoneyField(label=_("Fixed amount (VND)"), required=False)
    valid_from = forms.DateField(label=_("Valid from"), **DATE_INPUT)
    valid_to = forms.DateField(label=_("Valid to"), required=False, **DATE_INPUT)

    class Meta:
        model = AllowanceRule
        fields = (
            "legal_basis",
            "valid_from",
            "valid_to",
            "kind",
            "wage_percent",
            "fixed_amount_vnd",
            "missing_report",
            "missing_report_percent",
            "missing_report_basis",
            "note",
        )
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        has_percent = data.get("wage_percent") is not None
        has_amount = data.get("fixed_amount_vnd") is not None
        if has_percent == has_amount:
            raise forms.ValidationError(
                _("Give either a share of the basic wage or a fixed amount, not both.")
            )
        if data.get("missing_report") == MissingReport.PRORATED and (
            data.get("missing_report_percent") is None
        ):
            self.add_error(
                "missing_report_percent", _("Give the share paid for a month without a report.")
            )
        return data
