"""Issuing: the number of the year for the unit, never twice, never reused."""

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from documents.models import Document, DocumentTemplate
from documents.rendering import default_template_path
from documents.services import (
    document_create_draft,
    document_issue,
    document_void,
    kind_for,
    template_upload,
)
from tests.factories import UserFactory, document_plan


def _draft(staff, code="plan_decision", obj=None):
    return document_create_draft(actor=staff, kind=kind_for(code), obj=obj or document_plan())


def _issue(staff, draft, day):
    return document_issue(actor=staff, document=draft, issued_on=day, signer_name="Nguyễn Văn An")


@pytest.mark.django_db
def test_numbers_run_across_types_and_restart_each_year(staff_user, contract_project):
    first = _issue(staff_user, _draft(staff_user), dt.date(2026, 1, 5))
    contract = _issue(
        staff_user, _draft(staff_user, "contract", contract_project), dt.date(2026, 2, 1)
    )
    next_year = _issue(staff_user, _draft(staff_user), dt.date(2027, 1, 2))
    assert (first.notation, contract.notation) == ("01/QĐ-TTKC", "02/HĐ-TTKC")
    assert next_year.notation == "01/QĐ-TTKC"
    assert next_year.year == 2027


@pytest.mark.django_db
def test_a_voided_number_is_never_given_again(staff_user):
    first = _issue(staff_user, _draft(staff_user), dt.date(2026, 1, 5))
    document_void(actor=staff_user, document=first, reason="Sai trích yếu")
    second = _issue(staff_user, _draft(staff_user), dt.date(2026, 1, 6))
    first.refresh_from_db()
    assert (first.status, first.notation, first.void_reason) == (
        "voided",
        "01/QĐ-TTKC",
        "Sai trích yếu",
    )
    assert second.notation == "02/QĐ-TTKC"
    with pytest.raises(ValidationError):
        document_void(actor=staff_user, document=first, reason="again")


@pytest.mark.django_db
def test_only_center_staff_issue(make_user):
    staff = make_user(Role.CENTER_STAFF)
    draft = _draft(staff)
    with pytest.raises(PermissionDenied):
        _issue(make_user(Role.OFFICIAL), draft, dt.date(2026, 1, 5))
    assert not Document.objects.filter(number__isnull=False).exists()


@pytest.mark.django_db
def test_an_issued_paper_cannot_be_issued_again(staff_user):
    document = _issue(staff_user, _draft(staff_user), dt.date(2026, 1, 5))
    with pytest.raises(ValidationError):
        _issue(staff_user, document, dt.date(2026, 1, 6))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_once_get_consecutive_numbers(localities_committed):
    if connection.vendor != "postgresql":
        from tests.conftest import skip_or_fail

        skip_or_fail("needs PostgreSQL (DATABASE_URL) for concurrent connections")
    clerks = [UserFactory(role=Role.CENTER_STAFF) for _ in range(2)]
    drafts = [_draft(clerk) for clerk in clerks]
    barrier = threading.Barrier(len(clerks))
    numbers, errors = [], []

    def issue(clerk, draft):
        try:
            barrier.wait()
            numbers.append(_issue(clerk, draft, dt.date(2026, 3, 2)).number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=issue, args=pair) for pair in zip(clerks, drafts, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(numbers) == [1, 2]
    assert sorted(Document.objects.values_list("notation", flat=True)) == [
        "01/QĐ-TTKC",
        "02/QĐ-TTKC",
    ]


# --- templates ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_uploaded_template_is_tried_and_versioned(staff_user, plan_with_items):
    kind = kind_for("plan_decision")
    source = default_template_path("plan_decision").read_bytes()
    first = template_upload(
        actor=staff_user, kind=kind, file=SimpleUploadedFile("mau.docx", source)
    )
    second = template_upload(
        actor=staff_user, kind=kind, file=SimpleUploadedFile("mau.docx", source)
    )
    first.refresh_from_db()
    assert (first.version, first.active, second.version, second.active) == (1, False, 2, True)
    issued = _issue(staff_user, _draft(staff_user, obj=plan_with_items), dt.date(2026, 1, 5))
    assert issued.template == second


def _docx_saying(text: str) -> bytes:
    from docx import Document as Docx

    doc = Docx()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_template_with_an_unknown_field_is_refused_in_vietnamese(
    client, staff_user, plan_with_items
):
    client.force_login(staff_user)
    kind = kind_for("plan_decision")
    response = client.post(
        reverse("documents:template_upload", args=[kind.code]),
        {"file": SimpleUploadedFile("mau.docx", _docx_saying("Số: {{ so_van_ban }}"))},
        follow=True,
    )
    assert "so_van_ban" in response.content.decode()
    assert "Mẫu" in response.content.decode()  # the Vietnamese message
    assert not DocumentTemplate.objects.exists()
    broken = _docx_saying("{% for row in rows %} không đóng vòng lặp")
    response = client.post(
        reverse("documents:template_upload", args=[kind.code]),
        {"file": SimpleUploadedFile("mau.docx", broken)},
        follow=True,
    )
    assert not DocumentTemplate.objects.exists()


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_issuing_from_the_page_says_what_will_happen_then_takes_the_number(client, staff_user):
    draft = _draft(staff_user)
    client.force_login(staff_user)
    url = reverse("documents:issue", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "không bao giờ" in page  # the number can never be given again
    draft.refresh_from_db()
    assert draft.number is None  # GET writes nothing
    response = client.post(
        url,
        {
            "issued_on": "05/01/2026",
            "signer_authority": "KT. GIÁM ĐỐC",
            "signer_title": "PHÓ GIÁM ĐỐC",
            "signer_name": "Lê Thị Mai",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.notation, draft.signer_name, draft.issued_on) == (
        "01/QĐ-TTKC",
        "Lê Thị Mai",
        dt.date(2026, 1, 5),
    )


@pytest.mark.django_db
def test_the_register_filters_and_exports_with_vietnamese_headers(
    client, staff_user, django_assert_max_num_queries
):
    for day in (dt.date(2025, 12, 30), dt.date(2026, 1, 5), dt.date(2026, 1, 6)):
        _issue(staff_user, _draft(staff_user), day)
    client.force_login(staff_user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("documents:register"), {"year": 2026}).content.decode()
    assert page.count("/QĐ-TTKC") == 2
    response = client.get(reverse("documents:export"), {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["Số, ký hiệu", "Ngày", "Loại văn bản", "Trích yếu"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width == 60
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["02/QĐ-TTKC", "01/QĐ-TTKC"]


@pytest.mark.django_db
def test_the_project_page_links_to_its_papers_for_staff_only(client, staff_user, contract_project):
    url = reverse("projects:detail", args=[contract_project.pk])
    papers = reverse("documents:for_object", args=["project", contract_project.pk])
    client.force_login(staff_user)
    assert papers in client.get(url).content.decode()
    page = client.get(papers).content.decode()
    assert (
        reverse("documents:draft_create", args=["project", contract_project.pk, "contract"]) in page
    )
    client.force_login(UserFactory(role=Role.OFFICIAL))
    assert papers not in client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.CENTER_STAFF, True), (Role.OFFICIAL, True), (Role.COLLABORATOR, False)],
)
def test_the_register_is_in_the_navigation_bar_of_those_who_read_it(client, role, shown):
    client.force_login(UserFactory(role=role))
    page = client.get(reverse("home")).content.decode()
    link = f'href="{reverse("documents:register")}"'
    assert (link in page) is shown
    if shown:
        assert "Văn bản đi" in page
