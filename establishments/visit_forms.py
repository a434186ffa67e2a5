from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_photo
from establishments.forms import EstablishmentChoiceField
from establishments.models import FieldVisit


class FieldVisitForm(forms.ModelForm):
    class Meta:
        model = FieldVisit
        fields = ("establishment", "visited_on", "purpose", "needs", "notes", "photo")
        field_classes = {"establishment": EstablishmentChoiceField}
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "photo": forms.ClearableFileInput(
                attrs={"accept": "image/*", "capture": "environment"}
            ),
        }

    def __init__(self, *args, establishments, **kwargs):
        super().__init__(*args, **kwargs)
        # Searched as the user types; the chosen one is labelled with its commune and
        # tax code, since two establishments may share a name.
        self.fields["establishment"].queryset = (
            establishments.select_related(None)
            .select_related("commune")
            .only("pk", "name", "tax_code", "commune__name")
        )
        self.fields["visited_on"].initial = timezone.localdate()
        self.fields["visited_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The photo is larger than 10 MB."))
        if isinstance(photo, UploadedFile):
            return clean_photo(photo)
        return photo


class MonthForm(forms.Form):
    month = forms.RegexField(
        regex=r"^\d{4}-\d{2}$", required=False, widget=forms.TextInput(attrs={"type": "month"})
    )

    def period(self) -> tuple[int, int]:
        today = timezone.localdate()
        value = self.cleaned_data.get("month") if self.is_valid() else ""
        if value:
            year, month = (int(p) for p in value.split("-"))
            if 2000 <= year <= today.year + 1 and 1 <= month <= 12:
                return year, month
        return today.year, today.month
