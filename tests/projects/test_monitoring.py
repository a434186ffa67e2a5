import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from projects import monitoring
from projects.models import ProgressReport, Project, ProjectStatus
from tests.factories import (
    EstablishmentFactory,
    ProjectFactory,
    UserFactory,
    assign_area,
    commune,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


def test_documents_are_downloaded_only_by_who_may_see_the_project(client, staff_user):
    project = ProjectFactory()
    project.beneficiaries.add(EstablishmentFactory(commune=commune("Xã Tân Yên")))
    client.force_login(staff_user)
    client.post(
        reverse("projects:document_upload", args=[project.pk]),
        {
            "kind": "contract",
            "title": "Hợp đồng số 5",
            "file": SimpleUploadedFile("hop-dong.pdf", pdf_bytes()),
        },
    )
    document = project.documents.get()
    url = reverse("projects:document_download", args=[project.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    inside = UserFactory(role=Role.COLLABORATOR)
    assign_area(inside, [commune("Xã Tân Yên")])
    client.force_login(inside)
    assert client.get(url).status_code == 200
    outside = UserFactory(role=Role.COLLABORATOR)
    assign_area(outside, [commune("Xã Lục Nam")])
    client.force_login(outside)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.COUNCIL_MEMBER))
    assert client.get(url).status_code == 404


def test_a_document_of_a_forbidden_type_is_refused(staff_user):
    with pytest.raises(ValidationError):
        monitoring.document_upload(
            actor=staff_user,
            project=ProjectFactory(),
            kind="other",
            title="x",
            file=SimpleUploadedFile("script.exe", b"MZ"),
        )


def test_progress_reports_and_the_overdue_list(staff_user):
    under_way = ProjectFactory(status=ProjectStatus.IN_PROGRESS)
    reported = ProjectFactory(status=ProjectStatus.IN_PROGRESS)
    ProjectFactory(status=ProjectStatus.DRAFT)
    Project.objects.update(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    monitoring.progress_report_submit(
        actor=staff_user,
        project=reported,
        period=dt.date(2026, 10, 15),
        percent_done=40,
        narrative="Đã lắp đặt máy",
    )
    assert ProgressReport.objects.get().period == dt.date(2026, 10, 1)
    after_due = dt.date(2026, 10, 26)
    assert list(monitoring.overdue_progress(after_due)) == [under_way]
    before_due = dt.date(2026, 10, 20)  # October not due yet; September is
    assert set(monitoring.overdue_progress(before_due)) == {under_way, reported}
    with pytest.raises(ValidationError):
        monitoring.progress_report_submit(
            actor=staff_user,
            project=reported,
            period=dt.date(2026, 10, 1),
            percent_done=50,
            narrative="again",
        )


def test_progress_only_for_projects_under_way(staff_user):
    with pytest.raises(ValidationError):
        monitoring.progress_report_submit(
            actor=staff_user,
            project=ProjectFactory(status=ProjectStatus.APPROVED),
            period=dt.date(2026, 10, 1),
            percent_done=10,
            narrative="x",
        )


def test_acceptance_then_the_official_approves_it(client, staff_user, official_user):
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS)
    client.force_login(staff_user)
    client.post(
        reverse("projects:acceptance_record", args=[project.pk]),
        {"accepted_on": "2026-11-02", "minutes_number": "12/BB-NT", "result": "passed"},
    )
    assert project.acceptances.get().minutes_number == "12/BB-NT"
    client.force_login(official_user)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Phê duyệt nghiệm thu" in page
    client.post(
        reverse("projects:transition", args=[project.pk]), {"target": "accepted", "confirmed": "1"}
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED


def test_inspections_while_under_way(client, staff_user):
    project = ProjectFactory(status=ProjectStatus.CONTRACTED)
    client.force_login(staff_user)
    client.post(
        reverse("projects:inspection_record", args=[project.pk]),
        {"inspected_on": "2026-11-01", "inspector": "Đoàn kiểm tra Sở", "findings": "Đúng tiến độ"},
    )
    assert project.inspections.get().findings == "Đúng tiến độ"
    assert "Đoàn kiểm tra Sở" in client.get(project.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError):
        monitoring.inspection_record(
            actor=staff_user,
            project=ProjectFactory(status=ProjectStatus.DRAFT),
            inspected_on=dt.date(2026, 11, 1),
            inspector="x",
            findings="y",
        )
