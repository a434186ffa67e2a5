"""The establishment's own portal, as its representative uses it: only what the
establishments they act for own, through the same services as the center."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from establishments.models import ChangeProposal, Establishment, SupportRequest
from establishments.services import (
    change_proposal_apply,
    change_proposal_refuse,
    representative_end,
    representative_link,
)
from projects.models import OutcomeFollowUp, ProgressReport
from tests.factories import (
    EstablishmentFactory,
    ProductFactory,
    SupportRequestFactory,
    UserFactory,
    make_document,
    published_certificate,
    this_year,
)
from tests.selfservice.conftest import paid_project

pytestmark = pytest.mark.django_db


def test_one_establishment_opens_straight(rep_client, household):
    response = rep_client.get(reverse("selfservice:home"))
    assert response["Location"] == reverse("selfservice:establishment", args=[household.pk])
    page = rep_client.get(response["Location"]).text
    assert "Cơ sở Mộc Đồng Kỵ" in page


def test_several_establishments_are_picked_from_a_list(rep_client, staff, person, household):
    other = EstablishmentFactory(name="HTX Mây tre Tân Yên")
    representative_link(actor=staff, user=person, establishment=other)
    page = rep_client.get(reverse("selfservice:home")).text
    assert f'data-testid="pick-{household.pk}"' in page
    assert f'data-testid="pick-{other.pk}"' in page


def test_a_person_awaiting_confirmation_sees_the_link_asked_for(client):
    from establishments.services import representative_request

    person = UserFactory()
    representative_request(
        user=person,
        establishment=EstablishmentFactory(name="HTX Gốm Phù Lãng"),
        via="oidc",
        facts={},
        exact=False,
    )
    client.force_login(person)
    page = client.get(reverse("selfservice:home")).text
    assert 'data-testid="waiting-links"' in page
    assert "HTX Gốm Phù Lãng" in page


def test_submit_a_request_and_answer_the_center(rep_client, person, household, staff):
    url = reverse("selfservice:request_create", args=[household.pk])
    response = rep_client.post(
        url,
        {
            "content_type": "machinery",
            "description": "Máy chà nhám băng tải",
            "estimated_cost_vnd": "180.000.000",
            "desired_year": str(this_year() + 1),
        },
    )
    created = SupportRequest.objects.get(establishment=household)
    assert response["Location"] == reverse("selfservice:request_detail", args=[created.pk])
    assert created.submitted_by == person
    assert created.estimated_cost_vnd == 180_000_000
    # The center sees it in its queue, and asks a question.
    from establishments.services import support_request_comment

    support_request_comment(actor=staff, request=created, note="Máy cũ công suất bao nhiêu?")
    page = rep_client.get(response["Location"]).text
    assert "Máy cũ công suất bao nhiêu?" in page
    rep_client.post(
        reverse("selfservice:request_answer", args=[created.pk]), {"note": "Máy cũ 2 kW"}
    )
    assert created.events.filter(actor=person, note="Máy cũ 2 kW").exists()


def test_a_request_form_error_is_shown_in_vietnamese(rep_client, household):
    url = reverse("selfservice:request_create", args=[household.pk])
    response = rep_client.post(url, {"content_type": "machinery", "description": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.text
    assert not SupportRequest.objects.exists()


def test_requests_of_my_establishment_only(rep_client, household):
    mine = SupportRequestFactory(establishment=household)
    theirs = SupportRequestFactory()
    page = rep_client.get(reverse("selfservice:request_list", args=[household.pk])).text
    assert f'data-testid="my-request-{mine.pk}"' in page
    assert f"my-request-{theirs.pk}" not in page
    detail = reverse("selfservice:request_detail", args=[theirs.pk])
    assert rep_client.get(detail).status_code == 404


def test_a_proposed_correction_waits_for_the_center(rep_client, person, household, staff):
    url = reverse("selfservice:propose", args=[household.pk])
    form = {
        "name": household.name,
        "address_line": "Thôn Đồng Kỵ",
        "main_products": "Bàn ghế gỗ",
        "workers": "22",
        "local_material_share": "0",
        "contact_person": "",
        "phone": "0912345678",
        "email": "",
        "note": "Thêm thợ",
    }
    response = rep_client.post(url, form)
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get(establishment=household)
    assert proposal.changes == {
        "address_line": "Thôn Đồng Kỵ",
        "main_products": "Bàn ghế gỗ",
        "workers": 22,
        "phone": "0912345678",
    }
    household.refresh_from_db()
    assert household.workers == 10  # nothing written before the center applies it
    change_proposal_apply(actor=staff, proposal=proposal)
    household.refresh_from_db()
    assert household.workers == 22
    assert household.phone == "0912345678"
    page = rep_client.get(reverse("selfservice:establishment", args=[household.pk])).text
    assert f'data-testid="my-proposal-{proposal.pk}"' in page


def test_a_refused_correction_says_why_and_changes_nothing(person, household, staff):
    from establishments.services import change_proposal_submit

    proposal = change_proposal_submit(
        actor=person, establishment=household, changes={"name": "Tên khác"}
    )
    change_proposal_refuse(actor=staff, proposal=proposal, reason="Tên theo giấy phép")
    household.refresh_from_db()
    assert household.name == "Cơ sở Mộc Đồng Kỵ"
    proposal.refresh_from_db()
    assert proposal.decision_note == "Tên theo giấy phép"


def test_a_proposal_with_a_bad_value_is_refused_on_its_field(rep_client, household):
    url = reverse("selfservice:propose", args=[household.pk])
    response = rep_client.post(
        url,
        {"name": household.name, "workers": "10", "local_material_share": "140", "email": "x"},
    )
    assert response.status_code == 200
    assert not ChangeProposal.objects.exists()


def test_only_a_representative_proposes_and_only_staff_decide(household, person):
    from django.core.exceptions import PermissionDenied

    from establishments.services import change_proposal_submit

    with pytest.raises(PermissionDenied):
        change_proposal_submit(actor=UserFactory(), establishment=household, changes={"workers": 2})
    proposal = change_proposal_submit(actor=person, establishment=household, changes={"workers": 2})
    with pytest.raises(PermissionDenied):
        change_proposal_apply(actor=person, proposal=proposal)


def test_my_project_shows_the_money_received_and_its_contract(rep_client, household):
    project = paid_project(household, paid=(150_000_000, 46_000_000), scheduled=(50_000_000,))
    other_project = paid_project(EstablishmentFactory())
    page = rep_client.get(reverse("selfservice:project_detail", args=[project.pk])).text
    assert "196.000.000 ₫" in page  # paid only: the scheduled payment is not money received
    contract = Document.objects.get(object_id=project.pk, kind__code="contract")
    assert reverse("selfservice:document", args=[contract.pk]) in page
    response = rep_client.get(reverse("selfservice:document", args=[contract.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    b"".join(response.streaming_content)
    theirs = Document.objects.get(object_id=other_project.pk, kind__code="contract")
    assert rep_client.get(reverse("selfservice:document", args=[theirs.pk])).status_code == 404
    listing = rep_client.get(reverse("selfservice:project_list", args=[household.pk])).text
    assert "196.000.000 ₫" in listing


def test_drafts_and_voided_papers_are_not_addressed_to_me(rep_client, household):
    project = paid_project(household)
    draft = make_document(obj=project, code="contract", status="draft")
    voided = make_document(obj=project, code="contract", status="voided")
    page = rep_client.get(reverse("selfservice:project_detail", args=[project.pk])).text
    for paper in (draft, voided):
        assert reverse("selfservice:document", args=[paper.pk]) not in page
        assert rep_client.get(reverse("selfservice:document", args=[paper.pk])).status_code == 404


def test_a_draft_project_is_not_shown(rep_client, household):
    from tests.factories import ProjectFactory

    draft = ProjectFactory(status="draft")
    draft.beneficiaries.add(household)
    assert rep_client.get(reverse("selfservice:project_detail", args=[draft.pk])).status_code == 404


def test_report_the_month_through_the_centers_service(rep_client, person, household):
    project = paid_project(household)
    response = rep_client.post(
        reverse("selfservice:progress_submit", args=[project.pk]),
        {
            "period": timezone.localdate().strftime("%Y-%m"),
            "percent_done": "60",
            "narrative": "Đã lắp máy",
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(project=project)
    assert report.submitted_by == person
    assert report.percent_done == 60


def test_no_progress_report_once_the_project_is_accepted(rep_client, household):
    project = paid_project(household, status="accepted")
    response = rep_client.post(
        reverse("selfservice:progress_submit", args=[project.pk]),
        {"period": timezone.localdate().strftime("%Y-%m"), "percent_done": "60", "narrative": "x"},
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_results_after_support_through_the_same_service(rep_client, person, household, staff):
    from projects.models import Acceptance

    project = paid_project(household, status="accepted")
    Acceptance.objects.create(
        project=project,
        accepted_on=timezone.localdate() - dt.timedelta(days=200),
        minutes_number="05/BB-NT",
        result="passed",
        recorded_by=staff,
    )
    url = reverse("selfservice:followup", args=[project.pk, household.pk])
    page = rep_client.get(reverse("selfservice:project_detail", args=[project.pk])).text
    assert url in page
    response = rep_client.post(
        url,
        {
            "recorded_on": timezone.localdate().isoformat(),
            "jobs_created": "4",
            "jobs_kept": "12",
            "new_markets": "1",
            "revenue_before_vnd": "800.000.000",
            "revenue_after_vnd": "1.100.000.000",
            "capital_mobilised_vnd": "0",
        },
    )
    assert response.status_code == 302
    followup = OutcomeFollowUp.objects.get(project=project, establishment=household)
    assert followup.recorded_by == person
    assert followup.revenue_increase_vnd == 300_000_000


def test_products_and_certificates_with_their_expiry(rep_client, household):
    product = ProductFactory(establishment=household, name="Bàn ghế gỗ Đồng Kỵ")
    # Issued long enough ago to expire within the warning period.
    from products.models import certificate_valid_until

    issued = timezone.localdate() - dt.timedelta(days=1)
    while (certificate_valid_until(issued) - timezone.localdate()).days > 60:
        issued -= dt.timedelta(days=30)
    certificate = published_certificate(product, issued_on=issued)
    ProductFactory(name="Sản phẩm của người khác")
    page = rep_client.get(reverse("selfservice:product_list", args=[household.pk])).text
    assert "Bàn ghế gỗ Đồng Kỵ" in page
    assert certificate.number in page
    assert certificate.valid_until.strftime("%d/%m/%Y") in page
    assert 'data-testid="expires-soon"' in page
    assert "Sản phẩm của người khác" not in page
    home = rep_client.get(reverse("home")).text
    assert certificate.number in home


def test_the_home_page_shows_my_queue(rep_client, household):
    project = paid_project(household)
    SupportRequestFactory(establishment=household)
    page = rep_client.get(reverse("home")).text
    assert project.code in page  # this month's progress report is owed
    assert reverse("selfservice:home") in page


def test_an_ended_link_closes_the_portal(rep_client, person, household, staff):
    from establishments.models import Representative

    url = reverse("selfservice:establishment", args=[household.pk])
    assert rep_client.get(url).status_code == 200
    representative_end(Representative.objects.get(user=person), by=staff, reason="Đã chuyển nhượng")
    assert rep_client.get(url).status_code == 404


def test_the_representative_never_opens_the_centers_pages(rep_client, household):
    """Their own establishment, request and project, but the center's pages: 404."""
    project = paid_project(household)
    support_request = SupportRequestFactory(establishment=household)
    for url in (
        reverse("establishments:detail", args=[household.pk]),
        reverse("establishments:request_detail", args=[support_request.pk]),
        reverse("projects:detail", args=[project.pk]),
        reverse("funding:project_money", args=[project.pk]),
        reverse("establishments:representative_queue"),
    ):
        assert rep_client.get(url).status_code == 404, url


def _rows(household, n):
    for _ in range(n):
        SupportRequestFactory(establishment=household)
        paid_project(household)
        published_certificate(ProductFactory(establishment=household))


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("selfservice:establishment", 14),
        ("selfservice:request_list", 12),
        ("selfservice:project_list", 12),
        ("selfservice:product_list", 14),
    ],
)
def test_list_pages_cost_the_same_for_many_rows(rep_client, household, name, budget):
    url = reverse(name, args=[household.pk])
    _rows(household, 2)
    few = _count(rep_client, url)
    _rows(household, 8)
    many = _count(rep_client, url)
    assert few == many, f"{name}: {few} queries for 2 rows, {many} for 10"
    assert many <= budget, f"{name}: {many} queries"


def test_the_project_page_costs_a_fixed_number_of_queries(
    rep_client, household, django_assert_max_num_queries
):
    project = paid_project(household, paid=tuple(range(1_000_000, 9_000_000, 1_000_000)))
    with django_assert_max_num_queries(16):
        assert (
            rep_client.get(reverse("selfservice:project_detail", args=[project.pk])).status_code
            == 200
        )


def test_establishment_record_is_not_changed_by_the_portal_itself(rep_client, household):
    before = Establishment.objects.values().get(pk=household.pk)
    rep_client.post(
        reverse("selfservice:propose", args=[household.pk]),
        {"name": "Đổi tên", "workers": "99", "local_material_share": "0"},
    )
    assert Establishment.objects.values().get(pk=household.pk) == before
