from django import forms
from django.utils.translation import gettext_lazy as _

from establishments.models import Establishment
from establishments.proposals import PROPOSABLE_FIELDS


class ProposalForm(forms.ModelForm):
    """The record's fields an establishment may propose to change, filled with what the
    register holds now; the center applies the changes."""

    note = forms.CharField(
        label=_("Explanation for the center"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Establishment
        fields = PROPOSABLE_FIELDS
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "workers": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "local_material_share": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 0, "max": 100}
            ),
        }

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROPOSABLE_FIELDS}
