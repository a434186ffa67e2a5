import io

import pytest

from accounts.roles import Role
from documents import demo
from documents.models import Document
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_with_items", "contract_project", "acceptance")
def test_the_demo_issues_a_plan_decision_and_a_contract_and_leaves_a_draft(settings):
    settings.KHUYENCONG_SOFFICE = "/nonexistent/soffice"  # the PDF is tested elsewhere
    UserFactory(username="canbo", role=Role.CENTER_STAFF)
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())  # a second run adds nothing
    issued = Document.objects.filter(status="issued").order_by("number")
    assert [d.notation.split("/")[1] for d in issued] == ["QĐ-TTKC", "HĐ-TTKC"]
    assert all(d.docx_file for d in issued)
    assert list(Document.objects.filter(status="draft").values_list("kind__code", flat=True)) == [
        "acceptance_minutes"
    ]
