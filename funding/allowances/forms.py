from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, MoneyField

from .services import network_grants


class SheetForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month such as 2026-03.")},
    )
    grant = forms.ModelChoiceField(
        label=_("Network project"),
        queryset=None,
        help_text=_("The year's project “Maintaining the collaborator network”, from its grant."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = network_grants()
        self.fields["grant"].label_from_instance = lambda g: f"{g.project.code} — {g.project.title}"
        if not self.is_bound:
            today = timezone.localdate()
            previous = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
            self.initial.setdefault("month", previous)


class LineForm(forms.Form):
    amount_vnd = MoneyField(label=_("Amount for the month (VND)"))
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SheetPayForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), **DATE_INPUT)
    voucher = forms.CharField(label=_("Voucher"), max_length=100)


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
