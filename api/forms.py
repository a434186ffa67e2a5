from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role

from .models import Scope


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices)
    personal_data = forms.BooleanField(
        label=_("May read personal data"),
        required=False,
        help_text=_(
            "Names, phones, e-mails, tax codes and addresses of household businesses and "
            "contact people. Never for a public client."
        ),
    )
    acts_as = forms.ModelChoiceField(
        label=_("Collaborator"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For the collaborator scope: whose area the client reads."),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acts_as"].queryset = User.objects.filter(
            groups__name=Role.COLLABORATOR, is_active=True
        ).order_by("full_name", "username")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == Scope.COLLABORATOR and not cleaned.get("acts_as"):
            self.add_error("acts_as", _("Choose the collaborator this client acts as."))
        if cleaned.get("scope") == Scope.PUBLIC and cleaned.get("personal_data"):
            self.add_error("personal_data", _("A public client never reads personal data."))
        return cleaned
