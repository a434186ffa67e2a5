"""The commune picker: province -> commune, searchable, usable on a phone.

Without JavaScript it is a plain <select> of the allowed communes (the configured
province's by default). `static/localities/commune-picker.js` adds a search box and,
when the field allows other provinces, a province selector that reloads the communes.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localities.models import AdminUnit, Era, Level
from localities.selectors import commune_list, configured_province


class CommunePickerWidget(forms.Select):
    template_name = "localities/widgets/commune_picker.html"

    class Media:
        js = ("localities/commune-picker.js",)

    def __init__(self, attrs=None, *, province_choices=None):
        super().__init__(attrs)
        self.province_choices = province_choices  # None: only the configured province

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_url"] = reverse("localities:commune_options")
        context["widget"]["province_choices"] = self.province_choices or []
        return context


class CommuneField(forms.ModelChoiceField):
    """A 2025 commune. `queryset` narrows the choice (e.g. a collaborator's area)."""

    widget = CommunePickerWidget
    default_error_messages = {
        "invalid_choice": _("Choose a commune from the list; that one is not available here."),
    }

    def __init__(self, queryset=None, *, all_provinces: bool = False, **kwargs):
        if queryset is None:
            queryset = (
                AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
                if all_provinces
                else commune_list(province=configured_province())
            )
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault("empty_label", _("— choose a commune —"))
        super().__init__(queryset=queryset, **kwargs)
        if all_provinces:
            provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
            self.widget.province_choices = list(
                provinces.order_by("name").values_list("pk", "name")
            )
            home = configured_province()
            # Render only the configured province's communes; the script loads others.
            self.widget.choices = self._choices_for(home)

    def _choices_for(self, province: AdminUnit):
        field = forms.ModelChoiceField(
            queryset=commune_list(province=province), empty_label=self.empty_label
        )
        return field.choices


class CommuneSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    legacy_province = forms.ModelChoiceField(
        label=_("Former province"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("All former provinces"),
    )

    def __init__(self, *args, legacy_provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        if legacy_provinces is not None:
            self.fields["legacy_province"].queryset = legacy_provinces
