import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from collaborators import services
from collaborators.models import CollaboratorRoster
from collaborators.selectors import roster_in_force
from establishments.models import FieldVisit
from establishments.services import field_visit_log
from tests.factories import (
    CollaboratorFactory,
    EstablishmentFactory,
    RosterFactory,
    SupportRequestFactory,
    UserFactory,
    assign_area,
    commune,
    this_year,
    tiny_png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def collaborator():
    user = UserFactory(role=Role.COLLABORATOR, full_name="Trần Văn Minh")
    assign_area(user, [commune("Xã Tân Yên")])
    return user


def test_log_a_visit_with_a_photo(client, collaborator):
    establishment = EstablishmentFactory()
    client.force_login(collaborator)
    today = timezone.localdate()
    response = client.post(
        reverse("collaborators:visit_create"),
        {
            "establishment": establishment.pk,
            "visited_on": today.strftime("%d/%m/%Y"),
            "purpose": "needs",
            "needs": "Cần máy sấy",
            "photo": tiny_png(),
        },
    )
    assert response.status_code == 302
    visit = FieldVisit.objects.get()
    assert (visit.establishment, visit.visited_on, visit.collaborator.user) == (
        establishment,
        today,
        collaborator,
    )
    photo = client.get(reverse("collaborators:visit_photo", args=[visit.pk]))
    assert photo.status_code == 200
    other = UserFactory(role=Role.COLLABORATOR)
    client.force_login(other)
    assert client.get(reverse("collaborators:visit_photo", args=[visit.pk])).status_code == 404


def test_a_visit_outside_my_area_or_in_the_future_is_refused(client, collaborator):
    outside = EstablishmentFactory(commune=commune("Xã Lục Nam"))
    client.force_login(collaborator)
    response = client.post(
        reverse("collaborators:visit_create"),
        {"establishment": outside.pk, "visited_on": "2026-01-05", "purpose": "survey"},
    )
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    with pytest.raises(PermissionDenied):
        field_visit_log(
            actor=collaborator,
            establishment=outside,
            visited_on=dt.date(2026, 1, 5),
            purpose="survey",
        )
    inside = EstablishmentFactory()
    with pytest.raises(ValidationError):
        field_visit_log(
            actor=collaborator,
            establishment=inside,
            visited_on=timezone.localdate() + dt.timedelta(days=1),
            purpose="survey",
        )
    assert not FieldVisit.objects.exists()


def test_my_month_lists_this_months_visits_and_requests(client, collaborator):
    establishment = EstablishmentFactory(name="Cơ sở Tháng Này")
    today = timezone.localdate()
    field_visit_log(
        actor=collaborator, establishment=establishment, visited_on=today, purpose="survey"
    )
    field_visit_log(
        actor=collaborator,
        establishment=establishment,
        visited_on=today.replace(day=1) - dt.timedelta(days=3),
        purpose="survey",
    )
    SupportRequestFactory(establishment=establishment, submitted_by=collaborator)
    client.force_login(collaborator)
    response = client.get(reverse("collaborators:my_month"))
    assert len(response.context["visits"]) == 1
    assert len(response.context["requests"]) == 1
    page = response.content.decode()
    assert f"tháng {today.month}/{today.year}" in page
    assert "Xã Tân Yên" in page  # the area
    last = today.replace(day=1) - dt.timedelta(days=1)
    previous = client.get(reverse("collaborators:my_month"), {"month": f"{last:%Y-%m}"})
    assert len(previous.context["visits"]) == 1
    assert len(previous.context["requests"]) == 0


def test_roster_approval_and_coverage(client, staff_user):
    collaborator = CollaboratorFactory()
    draft = RosterFactory(year=this_year() + 1)
    client.force_login(staff_user)
    response = client.post(reverse("collaborators:roster_approve", args=[draft.pk]), follow=True)
    assert "Hãy thêm ít nhất một cộng tác viên" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_approved
    membership = draft.memberships.create(collaborator=collaborator)
    membership.communes.set([commune("Xã Tân Yên"), commune("Phường Từ Sơn")])
    client.post(reverse("collaborators:roster_approve", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.approved_by == staff_user
    page = client.get(draft.get_absolute_url())
    uncovered = list(page.context["uncovered"])
    assert len(uncovered) == 97  # 99 communes of Bắc Ninh, 2 covered
    assert commune("Xã Tân Yên") not in uncovered
    assert "97 xã, phường của Tỉnh Bắc Ninh chưa có cộng tác viên" in page.content.decode()
    # A second approved roster for the same year is refused.
    twin = RosterFactory(year=draft.year)
    twin.memberships.create(collaborator=CollaboratorFactory())
    with pytest.raises(ValidationError):
        services.roster_approve(actor=staff_user, roster=twin)


def test_the_roster_in_force_is_the_latest_approved_year_that_has_begun():
    year = this_year()
    RosterFactory(year=year - 1, approved_at=timezone.now())
    current = RosterFactory(year=year, approved_at=timezone.now())
    RosterFactory(year=year + 1, approved_at=timezone.now())
    RosterFactory(year=year)  # a draft beside it
    assert roster_in_force() == current
    assert roster_in_force(dt.date(year + 1, 1, 1)).year == year + 1
    assert CollaboratorRoster.objects.count() == 4


def test_only_staff_approve_rosters(collaborator):
    draft = RosterFactory(year=this_year() + 2)
    with pytest.raises(PermissionDenied):
        services.roster_approve(actor=collaborator, roster=draft)


def test_last_months_report_names_last_months_area(client, monkeypatch):
    year = this_year()
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên")], year=year)
    assign_area(user, [commune("Phường Từ Sơn")], year=year + 1)
    monkeypatch.setattr("collaborators.selectors._today", lambda: dt.date(year + 1, 1, 10))
    client.force_login(user)
    december = client.get(reverse("collaborators:my_month"), {"month": f"{year}-12"})
    assert [c.name for c in december.context["area"]] == ["Xã Tân Yên"]
    january = client.get(reverse("collaborators:my_month"), {"month": f"{year + 1}-01"})
    assert [c.name for c in january.context["area"]] == ["Phường Từ Sơn"]
