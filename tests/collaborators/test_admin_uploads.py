"""The admin is a door too: a roster's scanned decision uploaded there is read like
those of the pages (visits are read-only in the admin)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collaborators.forms import RosterAdminForm
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

ROSTER = {
    "year": 2027,
    "decision_number": "12/QĐ-SCT",
    "decision_date": "2026-12-20",
    "signed_by": "Giám đốc Sở Công Thương",
}


def test_a_roster_decision_that_is_html_is_refused():
    # It went to disk as it came, under the name the user gave it.
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4\n<html><script>1</script></html>")
    form = RosterAdminForm(data=ROSTER, files={"document": fake})
    assert not form.is_valid()
    assert "Tệp này không phải là tệp .pdf đọc được" in str(form.errors["document"])


def test_a_roster_decision_that_is_a_pdf_is_kept_under_a_random_name():
    form = RosterAdminForm(
        data=ROSTER, files={"document": SimpleUploadedFile("quyết định.pdf", pdf_bytes())}
    )
    assert form.is_valid(), form.errors
    assert "quyết" not in form.cleaned_data["document"].name
