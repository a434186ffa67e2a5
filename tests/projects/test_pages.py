import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from establishments.models import RequestStatus
from localities.models import AdminUnit, Level
from projects.models import Project, ProjectStatus
from tests.factories import (
    EstablishmentFactory,
    ProjectFactory,
    SupportRequestFactory,
    UserFactory,
    assign_area,
    commune,
    this_year,
)

pytestmark = pytest.mark.django_db


def _post_data(**overrides) -> dict:
    data = {
        "code": "DP-2027-010",
        "title": "Hỗ trợ máy cưa CNC",
        "plan_year": this_year() + 1,
        "fund_source": "local",
        "content_type": "machinery",
        "implementing_unit": "Trung tâm Khuyến công",
        "start_date": f"{this_year() + 1}-03-01",
        "end_date": f"{this_year() + 1}-10-31",
        "beneficiaries": [],
        "site_communes": [commune("Xã Tân Yên").pk],
        "objectives": "Nâng cao năng suất",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-item": "Máy cưa CNC",
        "lines-0-state_support_vnd": "300000000",
        "lines-0-counterpart_vnd": "450000000",
        "lines-1-item": "Lắp đặt",
        "lines-1-state_support_vnd": "20000000",
        "lines-1-counterpart_vnd": "5000000",
        "lines-2-item": "",
        "lines-2-state_support_vnd": "0",
        "lines-2-counterpart_vnd": "0",
    }
    data.update(overrides)
    return data


def test_staff_create_a_project_with_budget_lines_and_totals_are_derived(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("projects:create"), _post_data())
    project = Project.objects.get(code="DP-2027-010")
    assert response["Location"] == project.get_absolute_url()
    assert project.budget_lines.count() == 2
    page = client.get(project.get_absolute_url())
    assert page.context["project"].state_support_total == 320_000_000
    assert page.context["project"].counterpart_total == 455_000_000
    assert "320.000.000 ₫" in page.content.decode()
    assert project.events.get().to_status == ProjectStatus.DRAFT


def test_bad_project_input_is_refused_in_vietnamese(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("projects:create"),
        _post_data(**{"lines-0-state_support_vnd": "-1", "end_date": "2020-01-01"}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "lớn hơn hoặc bằng với 0" in body
    assert "Ngày kết thúc trước ngày bắt đầu." in body
    assert not Project.objects.exists()


def test_only_draft_or_returned_projects_are_edited(client, staff_user):
    client.force_login(staff_user)
    draft = ProjectFactory()
    assert client.get(reverse("projects:update", args=[draft.pk])).status_code == 200
    approved = ProjectFactory(status=ProjectStatus.APPROVED)
    assert client.get(reverse("projects:update", args=[approved.pk])).status_code == 404


def test_an_accepted_request_is_drafted_into_a_project_from_its_page(client, staff_user):
    request = SupportRequestFactory(status=RequestStatus.ACCEPTED)
    client.force_login(staff_user)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Lập đề án từ yêu cầu này" in page
    response = client.post(
        reverse("projects:from_request", args=[request.pk]), {"fund_source": "national"}
    )
    project = Project.objects.get(support_request=request)
    assert response["Location"] == project.get_absolute_url()
    assert project.code.startswith("QG-")
    page = client.get(request.get_absolute_url()).content.decode()
    assert project.code in page
    assert "Lập đề án từ yêu cầu này" not in page


def test_buttons_and_timeline_on_the_project_page(client, staff_user):
    project = ProjectFactory()
    client.force_login(staff_user)
    client.post(reverse("projects:transition", args=[project.pk]), {"target": "submitted"})
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Ghi kết quả thẩm định" in page  # the appraisal form for a submitted project
    client.post(
        reverse("projects:appraise", args=[project.pk]),
        {
            "appraised_on": "2026-04-02",
            "score": "85",
            "recommendation": "approve",
            "summary": "Đạt yêu cầu",
            "council": "Hội đồng thẩm định cơ sở",
        },
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPRAISED
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Đạt yêu cầu" in page
    assert "85/100" in page


def test_an_official_cannot_press_a_staff_button(client, official_user):
    project = ProjectFactory()
    client.force_login(official_user)
    response = client.post(
        reverse("projects:transition", args=[project.pk]), {"target": "submitted"}
    )
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_a_collaborator_sees_only_projects_of_their_area(client):
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên")])
    mine = ProjectFactory(title="Của địa bàn")
    mine.beneficiaries.add(EstablishmentFactory(commune=commune("Xã Tân Yên")))
    theirs = ProjectFactory(title="Ngoài địa bàn")
    theirs.beneficiaries.add(EstablishmentFactory(commune=commune("Xã Lục Nam")))
    client.force_login(user)
    listed = [p.title for p in client.get(reverse("projects:list")).context["page"]]
    assert listed == ["Của địa bàn"]
    assert client.get(theirs.get_absolute_url()).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_project_list_is_flat(client, staff_user):
    client.force_login(staff_user)
    ProjectFactory.create_batch(2)
    few = _count(client, reverse("projects:list") + "?fund_source=local")
    ProjectFactory.create_batch(18)
    many = _count(client, reverse("projects:list") + "?fund_source=local")
    assert few == many <= 8


def _fill_every_list(project, user, n: int) -> None:
    """n rows in each list the project page shows."""
    today = dt.date(this_year(), 1, 1)
    project.beneficiaries.add(*EstablishmentFactory.create_batch(n))
    communes = AdminUnit.objects.filter(level=Level.COMMUNE)
    project.site_communes.add(*communes.exclude(pk__in=project.site_communes.values("pk"))[:n])
    for i in range(n):
        project.budget_lines.create(item=f"Khoản {i}", state_support_vnd=i)
        project.appraisals.create(
            appraised_on=today, score=80, recommendation="approve", summary="Đạt", recorded_by=user
        )
        project.progress_reports.create(
            period=dt.date(2000, 1, 1) + dt.timedelta(days=31 * project.progress_reports.count()),
            percent_done=50,
            narrative="Đang làm",
            submitted_by=user,
        )
        project.inspections.create(
            inspected_on=today, inspector="Tổ kiểm tra", findings="Tốt", recorded_by=user
        )
        project.acceptances.create(
            accepted_on=today, minutes_number=f"NT-{i}", result="passed", recorded_by=user
        )
        project.documents.create(
            kind="contract", title=f"Hợp đồng {i}", file="projects/x.pdf", uploaded_by=user
        )
        project.events.create(actor=user, from_status="draft", to_status="submitted")


def test_project_page_is_flat(client, staff_user):
    client.force_login(staff_user)
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS)
    _fill_every_list(project, staff_user, 2)
    few = _count(client, project.get_absolute_url())
    _fill_every_list(project, staff_user, 18)
    many = _count(client, project.get_absolute_url())
    # user, roles, the project (its totals, flags and site communes' names), eight lists
    # (beneficiaries, budget, appraisals, progress, inspections, acceptances, documents,
    # timeline) + the request's savepoint pair
    assert few == many <= 13


def test_the_project_page_names_its_site_communes_in_code_order(client, staff_user):
    client.force_login(staff_user)
    project = ProjectFactory()
    sites = [commune("Xã Lục Nam"), commune("Xã Tân Yên")]
    project.site_communes.add(*sites)
    line = ", ".join(c.name for c in sorted(sites, key=lambda c: c.code))
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'<dd class="col-sm-9">{line}</dd>' in page


@pytest.mark.parametrize("typed", ["85,5", "85.5"])
def test_an_appraisal_score_may_have_a_decimal(client, staff_user, typed):
    project = ProjectFactory()
    client.force_login(staff_user)
    client.post(reverse("projects:transition", args=[project.pk]), {"target": "submitted"})
    client.post(
        reverse("projects:appraise", args=[project.pk]),
        {
            "appraised_on": "2026-04-02",
            "score": typed,
            "recommendation": "approve",
            "summary": "Đạt yêu cầu",
            "council": "Hội đồng thẩm định cơ sở",
        },
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPRAISED
    assert str(project.appraisals.get().score) == "85.5"
    assert "85,5/100" in client.get(project.get_absolute_url()).content.decode()
