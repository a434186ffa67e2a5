from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Kind


class PreferencesForm(forms.Form):
    """One choice per kind: in the portal, by e-mail, both or none."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Channel.choices,
                initial=initial_choices.get(kind),
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how you want to hear of this.")},
            )
