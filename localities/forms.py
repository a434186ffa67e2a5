"""The commune picker: province -> commune, searchable, usable on a phone.

Without JavaScript it is a plain <select> of the allowed communes (the configured
province's by default). `static/localities/commune-picker.js` adds a search box and,
when the field allows other provinces, a province selector that reloads the communes.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localities.models import AdminUnit, Era, Level
from localities.selectors import commune_list, configured_province, province_list


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
    """A 2025 commune. `queryset` narrows the choice (e.g. a collaborator's area);
    without it, the configured province's communes, or any province's with
    `all_provinces=True`.

    The default choice is resolved when a form is instantiated, not when the form
    class is defined: no query and no settings read at import time.
    """

    widget = CommunePickerWidget
    default_error_messages = {
        "invalid_choice": _("Choose a commune from the list; that one is not available here."),
    }

    def __init__(self, queryset=None, *, all_provinces: bool = False, **kwargs):
        self.all_provinces = all_provinces
        self.default_scope = queryset is None
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault("empty_label", _("— choose a commune —"))
        super().__init__(
            queryset=AdminUnit.objects.none() if queryset is None else queryset, **kwargs
        )

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        if result.default_scope:
            result.apply_default_scope()
        return result

    def apply_default_scope(self) -> None:
        home = configured_province()
        if not self.all_provinces:
            self.queryset = commune_list(province=home)
            return
        self.queryset = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
        self.widget.province_choices = list(province_list().values_list("pk", "name"))
        # Render only the configured province's communes; the script loads others.
        self.widget.choices = forms.ModelChoiceField(
            queryset=commune_list(province=home), empty_label=self.empty_label
        ).choices


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
