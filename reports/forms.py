from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ReportFormat


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year + 1, 1999, -1)]


class PeriodSummaryForm(forms.Form):
    from_year = forms.TypedChoiceField(label=_("From year"), coerce=int, choices=_year_choices)
    to_year = forms.TypedChoiceField(label=_("To year"), coerce=int, choices=_year_choices)
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)

    def clean(self):
        data = super().clean()
        if data.get("from_year") and data.get("to_year") and data["from_year"] > data["to_year"]:
            self.add_error("to_year", _("The last year cannot come before the first."))
        return data


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)


class RoundForm(forms.Form):
    round_id = forms.TypedChoiceField(label=_("Voting round"), coerce=int, choices=())

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_id"].choices = [(r.pk, f"{r.title} ({r.year})") for r in rounds]
