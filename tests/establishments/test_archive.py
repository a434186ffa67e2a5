"""Registered records are archived, not deleted: out of the lists and choices, still
there with their history for what names them; only staff archive, only superusers delete."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from establishments import services
from establishments.models import Establishment
from projects.forms import ProjectForm
from tests.factories import (
    EstablishmentFactory,
    ProjectFactory,
    assign_area,
    commune,
)

pytestmark = pytest.mark.django_db


def _archive(client, establishment, reason="Đăng ký trùng, đã ngừng sản xuất"):
    return client.post(
        reverse("establishments:archive", args=[establishment.pk]),
        {"action": "archive", "reason": reason},
    )


def test_staff_archive_a_record_which_leaves_the_register_but_stays(client, staff_user):
    kept = EstablishmentFactory(name="Cơ sở Mây tre Tăng Tiến")
    gone = EstablishmentFactory(name="Cơ sở Gốm đã nghỉ")
    client.force_login(staff_user)

    response = _archive(client, gone)
    assert response["Location"] == gone.get_absolute_url()

    listing = client.get(reverse("establishments:list")).content.decode()
    assert kept.name in listing
    assert gone.name not in listing
    archived = client.get(reverse("establishments:list") + "?archived=1").content.decode()
    assert gone.name in archived
    assert kept.name not in archived

    page = client.get(gone.get_absolute_url()).content.decode()
    assert 'data-testid="archived"' in page
    assert "Đăng ký trùng, đã ngừng sản xuất" in page
    gone.refresh_from_db()
    assert gone.archived_by == staff_user
    last = gone.history.latest("history_date")
    assert last.archived_at is not None
    assert last.history_user == staff_user
    assert Establishment.objects.filter(pk=gone.pk).exists()  # nothing deleted


def test_a_reason_is_required(client, staff_user):
    establishment = EstablishmentFactory()
    client.force_login(staff_user)
    response = _archive(client, establishment, reason="   ")
    page = client.get(response["Location"]).content.decode()
    assert "Hãy nêu lý do lưu trữ" in page
    establishment.refresh_from_db()
    assert establishment.archived_at is None


def test_restoring_brings_it_back(client, staff_user):
    establishment = EstablishmentFactory(name="Cơ sở Nón lá Chuông")
    services.establishment_archive(actor=staff_user, establishment=establishment, reason="nhầm")
    client.force_login(staff_user)
    client.post(reverse("establishments:archive", args=[establishment.pk]), {"action": "restore"})
    establishment.refresh_from_db()
    assert establishment.archived_at is None
    assert establishment.archive_reason == ""
    assert establishment.name in client.get(reverse("establishments:list")).content.decode()
    reasons = list(establishment.history.values_list("history_change_reason", flat=True))
    assert any("restored" in (r or "") or "khôi phục" in (r or "") for r in reasons)


@pytest.mark.parametrize("role", [Role.COLLABORATOR, Role.OFFICIAL, Role.COUNCIL_MEMBER])
def test_other_roles_cannot_archive_and_do_not_see_archived_records(role, client, make_user):
    user = make_user(role)
    place = commune("Xã Tân Yên")
    if role == Role.COLLABORATOR:
        assign_area(user, [place])
    establishment = EstablishmentFactory(commune=place)
    client.force_login(user)
    assert _archive(client, establishment).status_code == 404
    establishment.refresh_from_db()
    assert establishment.archived_at is None
    with pytest.raises(PermissionDenied):
        services.establishment_archive(actor=user, establishment=establishment, reason="x")

    establishment.archived_at = establishment.created_at
    establishment.save()
    assert client.get(establishment.get_absolute_url()).status_code == 404
    assert client.get(reverse("establishments:list") + "?archived=1").status_code == 404


def test_an_archived_record_is_no_new_choice_but_projects_keep_it(staff_user):
    establishment = EstablishmentFactory(name="Cơ sở Rèn Đa Sỹ")
    project = ProjectFactory()
    project.beneficiaries.add(establishment)
    services.establishment_archive(actor=staff_user, establishment=establishment, reason="x")

    new_form = ProjectForm()
    assert establishment not in new_form.fields["beneficiaries"].queryset
    existing = ProjectForm(instance=project)
    assert establishment in existing.fields["beneficiaries"].queryset
    with pytest.raises(PermissionDenied):  # no new request for it either
        services.support_request_submit(
            actor=staff_user,
            establishment=establishment,
            content_type="machinery",
            description="Máy",
            estimated_cost_vnd=100_000_000,
            desired_year=2027,
        )
    with pytest.raises(ValidationError):
        services.establishment_archive(actor=staff_user, establishment=establishment, reason="y")


def test_only_a_superuser_may_delete_in_the_admin(client, make_user):
    establishment = EstablishmentFactory()
    staff = make_user(Role.CENTER_STAFF, is_staff=True)
    client.force_login(staff)
    url = reverse("admin:establishments_establishment_delete", args=[establishment.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Establishment.objects.filter(pk=establishment.pk).exists()
    client.force_login(make_user(None, is_superuser=True, is_staff=True))
    client.post(url, {"post": "yes"})
    assert not Establishment.objects.filter(pk=establishment.pk).exists()
