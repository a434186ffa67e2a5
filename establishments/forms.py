from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_center_staff, is_official
from collaborators.selectors import collaborator_area
from core.forms import MoneyField
from core.uploads import clean_photos
from core.widgets import SearchSelect
from establishments.content_types import PromotionContent
from establishments.eligibility import location_eligibility
from establishments.models import Establishment, ProposalStatus, RepresentativeStatus
from establishments.services import desired_year_choices
from localities.forms import CommuneField, CommunePickerWidget
from localities.models import AdminUnit
from localities.selectors import commune_list, configured_province


class EligibilityCommuneWidget(CommunePickerWidget):
    """Each option carries its eligibility, so the form can show it as soon as a
    commune is picked (static/establishments/establishment-form.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if isinstance(unit, AdminUnit):
            verdict = location_eligibility(commune=unit)
            option["attrs"]["data-eligible"] = "1" if verdict.eligible else "0"
            option["attrs"]["data-reason"] = str(verdict.reason)
        return option


def commune_choices_for(user):
    """Staff and officials: the province's communes. A collaborator: their area's."""
    if is_center_staff(user) or is_official(user):
        qs = commune_list(province=configured_province())
    else:
        qs = collaborator_area(user).order_by("short_name")
    return qs.select_related("parent")


def establishment_label(establishment: Establishment) -> str:
    """Two establishments may share a name: the commune and the tax code tell them apart."""
    parts = [establishment.name]
    if establishment.commune_id:
        parts.append(establishment.commune.name)
    if establishment.tax_code:
        parts.append(_("tax code %(code)s") % {"code": establishment.tax_code})
    return " · ".join(str(part) for part in parts)


class EstablishmentChoiceField(forms.ModelChoiceField):
    """An establishment typed for, from those the user may see (Tom Select)."""

    widget = SearchSelect("establishments:options")

    def label_from_instance(self, obj) -> str:
        return establishment_label(obj)


class EstablishmentForm(forms.ModelForm):
    commune = CommuneField(queryset=AdminUnit.objects.none(), widget=EligibilityCommuneWidget)

    class Meta:
        model = Establishment
        fields = (
            "name",
            "legal_form",
            "size_class",
            "tax_code",
            "owner_identity_number",
            "commune",
            "address_line",
            "sector",
            "main_products",
            "workers",
            "local_material_share",
            "exports",
            "women_owned",
            "minority_owned",
            "craft_village",
            "contact_person",
            "phone",
            "email",
        )
        widgets = {
            "tax_code": forms.TextInput(attrs={"inputmode": "numeric"}),
            "owner_identity_number": forms.TextInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "workers": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "local_material_share": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 0, "max": 100}
            ),
        }

    class Media:
        js = ("establishments/establishment-form.js",)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = commune_choices_for(user)

    def _post_clean(self):
        """The database's one-tax-code rule is a conditional constraint, which Django
        reports above the form: it belongs on the tax code field."""
        super()._post_clean()
        duplicate = next(
            c for c in Establishment._meta.constraints if c.name == "establishment_tax_code"
        ).get_violation_error_message()
        general = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if general and duplicate in general:
            others = [e for e in general.as_data() if duplicate not in e.messages]
            del self._errors[NON_FIELD_ERRORS]
            if others:
                self.add_error(None, others)
            self._errors.pop("tax_code", None)
            self.add_error("tax_code", duplicate)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    widget = MultipleImageInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return clean_photos(super(MultipleImageField, self).clean(f, initial) for f in files)


class SupportRequestForm(forms.Form):
    # No content chosen for the user: they pick one, or the form asks them to.
    content_type = forms.ChoiceField(
        label=_("Content"), choices=[("", _("— Choose a content —")), *PromotionContent.choices]
    )
    description = forms.CharField(
        label=_("Needs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What the establishment needs, e.g. which machine and why."),
    )
    estimated_cost_vnd = MoneyField(label=_("Estimated cost (VND)"))
    desired_year = forms.TypedChoiceField(label=_("Desired year"), coerce=int, choices=())
    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 5 photos (JPEG or PNG), each at most 10 MB."),
    )

    MAX_PHOTOS = 5
    MAX_PHOTO_BYTES = 10 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desired_year"].choices = desired_year_choices()

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        if len(photos) > self.MAX_PHOTOS:
            raise forms.ValidationError(_("At most 5 photos."))
        for photo in photos:
            if photo.size > self.MAX_PHOTO_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 10 MB.") % {"name": photo.name}
                )
        return photos


class CommentForm(forms.Form):
    note = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class TransitionForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("First sheet, a header row, one establishment per row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.IntegerField(widget=forms.HiddenInput)


class RepresentativeDecisionForm(forms.Form):
    """Confirm, refuse or end a representative link; a reason unless confirming."""

    target = forms.ChoiceField(choices=RepresentativeStatus.choices[1:], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ProposalDecisionForm(forms.Form):
    """Apply or refuse a proposed change; a reason to refuse."""

    target = forms.ChoiceField(choices=ProposalStatus.choices[1:], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
