"""A collaborator works only inside their area: the communes of their membership in
the roster in force. Everything outside answers 404 and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from establishments import services
from establishments.models import Establishment, SupportRequest
from tests.factories import (
    EstablishmentFactory,
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
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên"), commune("Phường Từ Sơn")])
    return user


@pytest.fixture
def mine():
    return EstablishmentFactory(commune=commune("Xã Tân Yên"), name="Cơ sở trong địa bàn")


@pytest.fixture
def theirs():
    return EstablishmentFactory(commune=commune("Xã Lục Nam"), name="Cơ sở ngoài địa bàn")


def _form(commune_unit, **extra) -> dict:
    return {
        "name": "Cơ sở mới",
        "legal_form": "household_business",
        "size_class": "micro",
        "commune": commune_unit.pk,
        "sector": "handicraft",
        "workers": 3,
        "local_material_share": 20,
        **extra,
    }


def test_my_area_lists_only_my_communes(client, collaborator, mine, theirs):
    client.force_login(collaborator)
    page = client.get(reverse("establishments:list"))
    names = [e.name for e in page.context["page"]]
    assert names == ["Cơ sở trong địa bàn"]


@pytest.mark.parametrize(
    "url_name",
    ["establishments:detail", "establishments:update", "establishments:request_create"],
)
def test_an_establishment_outside_my_area_is_404(client, collaborator, theirs, url_name):
    client.force_login(collaborator)
    assert client.get(reverse(url_name, args=[theirs.pk])).status_code == 404


def test_editing_outside_my_area_changes_nothing(client, collaborator, theirs):
    client.force_login(collaborator)
    response = client.post(
        reverse("establishments:update", args=[theirs.pk]),
        _form(commune("Xã Tân Yên"), name="Đổi tên"),
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Cơ sở ngoài địa bàn"


def test_a_request_outside_my_area_is_404_and_cannot_be_commented(client, collaborator, theirs):
    request = SupportRequestFactory(establishment=theirs)
    client.force_login(collaborator)
    assert (
        client.get(reverse("establishments:request_detail", args=[request.pk])).status_code == 404
    )
    response = client.post(
        reverse("establishments:request_comment", args=[request.pk]), {"note": "xin chào"}
    )
    assert response.status_code == 404
    assert not request.events.exists()
    listed = client.get(reverse("establishments:request_list")).context["page"]
    assert request not in list(listed)


def test_i_cannot_register_outside_my_area(client, collaborator):
    client.force_login(collaborator)
    response = client.post(reverse("establishments:create"), _form(commune("Xã Lục Nam")))
    assert response.status_code == 200
    assert "Hãy chọn xã, phường trong danh sách" in response.content.decode()
    assert not Establishment.objects.filter(name="Cơ sở mới").exists()
    with pytest.raises(ValidationError, match="không thuộc địa bàn"):
        services.establishment_register(
            actor=collaborator,
            name="Cơ sở mới",
            legal_form="household_business",
            commune=commune("Xã Lục Nam"),
            sector="handicraft",
        )


def test_i_register_inside_my_area_and_see_it(client, collaborator):
    client.force_login(collaborator)
    response = client.post(reverse("establishments:create"), _form(commune("Phường Từ Sơn")))
    created = Establishment.objects.get(name="Cơ sở mới")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.registered_by == collaborator
    assert created.normalized_name == "co so moi"
    page = client.get(created.get_absolute_url()).content.decode()
    assert "Cơ sở ở phường thuộc tỉnh thuộc đối tượng hỗ trợ." in page


def test_i_submit_a_request_with_photos_and_follow_it(client, collaborator, mine, staff_user):
    client.force_login(collaborator)
    response = client.post(
        reverse("establishments:request_create", args=[mine.pk]),
        {
            "content_type": "machinery",
            "description": "Máy cưa CNC",
            "estimated_cost_vnd": "450000000",
            "desired_year": str(this_year() + 1),
            "photos": [tiny_png("a.png"), tiny_png("b.png")],
        },
    )
    request = SupportRequest.objects.get(establishment=mine)
    assert response["Location"] == request.get_absolute_url()
    assert request.photos.count() == 2
    photo = request.photos.first()
    served = client.get(reverse("establishments:request_photo", args=[request.pk, photo.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"  # every photo is re-encoded on upload
    # Staff comments; the collaborator sees it on the request page.
    services.support_request_comment(actor=staff_user, request=request, note="Bổ sung báo giá")
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Bổ sung báo giá" in page


def test_a_bad_request_form_says_why_in_vietnamese(client, collaborator, mine):
    client.force_login(collaborator)
    response = client.post(
        reverse("establishments:request_create", args=[mine.pk]),
        {
            "content_type": "machinery",
            "description": "",
            "estimated_cost_vnd": "-5",
            "desired_year": "1999",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in body
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 0" in body
    assert "Hãy chọn một lựa chọn hợp lệ" in body
    assert not SupportRequest.objects.exists()


def test_next_years_roster_drops_a_commune_and_access_goes_with_it(
    client, collaborator, mine, monkeypatch
):
    next_year = this_year() + 1
    assign_area(collaborator, [commune("Phường Từ Sơn")], year=next_year)
    client.force_login(collaborator)
    # Until the new year begins, this year's roster is in force...
    assert client.get(mine.get_absolute_url()).status_code == 200
    # ...from 1 January the new roster is, and Xã Tân Yên is no longer mine.
    monkeypatch.setattr("collaborators.selectors._today", lambda: dt.date(next_year, 1, 1))
    assert client.get(mine.get_absolute_url()).status_code == 404
    listed = client.get(reverse("establishments:list")).context["page"]
    assert mine not in list(listed)
    # History stays: last year's roster still names the commune.
    from collaborators.models import RosterMembership

    assert RosterMembership.objects.filter(
        collaborator__user=collaborator, roster__year=this_year(), communes=mine.commune
    ).exists()


def test_a_draft_roster_gives_no_area(client):
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên")], approved=False)
    EstablishmentFactory(commune=commune("Xã Tân Yên"))
    client.force_login(user)
    assert list(client.get(reverse("establishments:list")).context["page"]) == []


def test_an_official_reads_the_register_but_cannot_edit_or_request(client, official_user, mine):
    client.force_login(official_user)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(reverse("establishments:update", args=[mine.pk])).status_code == 404
    assert client.get(reverse("establishments:request_create", args=[mine.pk])).status_code == 404


def test_my_own_request_stays_followable_after_my_area_moves(
    client, collaborator, mine, monkeypatch
):
    request = SupportRequestFactory(establishment=mine, submitted_by=collaborator)
    other = SupportRequestFactory(establishment=mine)
    assign_area(collaborator, [commune("Phường Từ Sơn")], year=this_year() + 1)
    monkeypatch.setattr("collaborators.selectors._today", lambda: dt.date(this_year() + 1, 1, 2))
    client.force_login(collaborator)
    assert client.get(request.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 404
