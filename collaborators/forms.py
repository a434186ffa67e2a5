from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from collaborators.models import CollaboratorRoster
from core import uploads

SCAN_KINDS = ("pdf", "jpg", "jpeg", "png")


class RosterAdminForm(forms.ModelForm):
    """The scanned decision is read like every other document."""

    class Meta:
        model = CollaboratorRoster
        fields = "__all__"  # noqa: DJ007 - the admin lists its own fields

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):
            if document.size > 20 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 20 MB."))
            return uploads.clean_document(document, SCAN_KINDS)
        return document
