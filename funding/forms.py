from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, MoneyField
from core.uploads import clean_document

from .models import Allocation, DisbursementKind, SupportRule


class AllocationForm(forms.ModelForm):
    amount_vnd = MoneyField(label=_("Allocated (VND)"))
    decided_on = forms.DateField(label=_("Decision date"), required=False, **DATE_INPUT)

    class Meta:
        model = Allocation
        fields = ("year", "fund_source", "amount_vnd", "legal_basis", "decided_on", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class AllocationChangeForm(AllocationForm):
    class Meta(AllocationForm.Meta):
        fields = ("amount_vnd", "legal_basis", "decided_on", "note")


class SupportRuleForm(forms.ModelForm):
    max_amount_vnd = MoneyField(label=_("Max amount (VND)"), required=False)
    valid_from = forms.DateField(label=_("Valid from"), **DATE_INPUT)
    valid_to = forms.DateField(label=_("Valid to"), required=False, **DATE_INPUT)

    class Meta:
        model = SupportRule
        fields = (
            "legal_basis",
            "item",
            "content_type",
            "fund_source",
            "province_code",
            "valid_from",
            "valid_to",
            "max_percent",
            "max_amount_vnd",
            "advance_max_percent",
            "note",
        )
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class _OwnIds(forms.Form):
    """The money tab shows several of these forms on one page, two of them with the same
    field names: each form's ids start with its own prefix, so every label points to
    its own field (the posted names stay the same)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class DisbursementForm(_OwnIds):
    id_prefix = "schedule"
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in DisbursementKind.choices if c[0] != DisbursementKind.ALLOWANCE],
    )
    amount_vnd = MoneyField(label=_("Amount (VND)"), min_value=1)
    due_on = forms.DateField(label=_("Planned date"), required=False, **DATE_INPUT)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:  # only the kinds the project's state allows now
            self.fields["kind"].choices = [c for c in DisbursementKind.choices if c[0] in kinds]


class PayForm(_OwnIds):
    id_prefix = "pay"
    paid_on = forms.DateField(label=_("Paid on"), **DATE_INPUT)
    reference = forms.CharField(label=_("Treasury voucher"), max_length=100)


class CancelForm(_OwnIds):
    id_prefix = "cancel"
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RefundForm(_OwnIds):
    id_prefix = "refund"
    amount_vnd = MoneyField(label=_("Amount (VND)"), min_value=1)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    refunded_on = forms.DateField(label=_("Refunded on"), **DATE_INPUT)
    reference = forms.CharField(label=_("Receipt"), max_length=100, required=False)


class CounterpartForm(_OwnIds):
    id_prefix = "counterpart"
    counterpart_actual_vnd = MoneyField(label=_("Counterpart actually spent (VND)"))


class SettleForm(_OwnIds):
    id_prefix = "settle"
    settled_vnd = MoneyField(label=_("Settled state support (VND)"))
    counterpart_actual_vnd = MoneyField(label=_("Counterpart actually spent (VND)"))
    settled_on = forms.DateField(label=_("Settlement date"), **DATE_INPUT)
    settlement_number = forms.CharField(label=_("Settlement decision"), max_length=100)
    papers = forms.FileField(
        label=_("Settlement papers"),
        required=False,
        help_text=_("Required unless the papers are already attached to the project."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_papers(self):
        papers = self.cleaned_data.get("papers")
        if papers is not None and papers.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return clean_document(papers) if papers else papers
