import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind


class RegisterFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=DocumentKind.objects.all(), required=False
    )
    signer = forms.CharField(label=_("Signer"), required=False, max_length=100)


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of issue"), initial=timezone.localdate)
    signer_authority = forms.CharField(label=_("Signing authority"), required=False, max_length=60)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)
    signer_name = forms.CharField(label=_("Signer"), max_length=100)

    def clean_issued_on(self) -> dt.date:
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.localdate():
            raise forms.ValidationError(_("A document cannot be issued at a future date."))
        return issued_on


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=_("Signed copy"),
        help_text=_("The digitally signed PDF, or the scan of the signed paper (PDF, JPG, PNG)."),
    )


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("DOCX template"))
    note = forms.CharField(label=_("What changed"), required=False, max_length=255)
