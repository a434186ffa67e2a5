from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Measure, ReportFormat


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year + 1, 1999, -1)]


class PeriodSummaryForm(forms.Form):
    from_year = forms.TypedChoiceField(label=_("From year"), coerce=int, choices=_year_choices)
    to_year = forms.TypedChoiceField(label=_("To year"), coerce=int, choices=_year_choices)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(f.value, f.label) for f in (ReportFormat.XLSX, ReportFormat.PDF)],
    )

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


ADHOC = "adhoc"


def _period_choices():
    from .models import ReportingPeriod

    periods = [(p.code, p.name) for p in ReportingPeriod.objects.order_by("position", "code")]
    return [*periods, (ADHOC, _("From one date to another"))]


class PeriodicReportForm(forms.Form):
    """A quarter, half-year or year of a reporting year, or any two dates."""

    period = forms.ChoiceField(label=_("Period"), choices=_period_choices)
    year = forms.TypedChoiceField(
        label=_("Reporting year"), coerce=int, choices=_year_choices, required=False
    )
    from_date = forms.DateField(
        label=_("From (for dates of your choice)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    to_date = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)

    def clean(self):
        data = super().clean()
        if data.get("period") == ADHOC:
            start, end = data.get("from_date"), data.get("to_date")
            if not start:
                self.add_error("from_date", _("Give the first day."))
            if not end:
                self.add_error("to_date", _("Give the last day."))
            if start and end and start > end:
                self.add_error("to_date", _("The last day cannot come before the first."))
        elif data.get("period") and not data.get("year"):
            self.add_error("year", _("Choose the reporting year."))
        return data

    def params(self) -> dict:
        data = self.cleaned_data
        if data["period"] == ADHOC:
            return {
                "period": ADHOC,
                "from_date": data["from_date"].isoformat(),
                "to_date": data["to_date"].isoformat(),
            }
        return {"period": data["period"], "year": data["year"]}


class MeasureForm(forms.ModelForm):
    """A column of the periodic reports: its aggregation and parameters are checked by
    the service (reports.services.measure_save), never run as SQL or code."""

    params = forms.JSONField(
        label=_("Parameters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}),
        help_text=_('For example {"statuses": ["settled"], "field": "state_support"}.'),
    )

    class Meta:
        model = Measure
        fields = ("code", "name", "position", "kind", "params", "active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Other measures and past reports name it by its code.
            self.fields["code"].disabled = True

    def clean_params(self):
        return self.cleaned_data.get("params") or {}
