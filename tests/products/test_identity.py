"""A certified product's identity — its name, group and establishment — is what was
certified: the ordinary edit no longer changes it, center staff change it with a reason,
and the public pages go on showing what each certificate was issued for."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from products import services
from products.models import Certificate, IdentityChange, Product
from tests.factories import (
    EstablishmentFactory,
    ProductFactory,
    UserFactory,
    assign_area,
    commune,
    make_round,
    published_certificate,
    seat,
)

pytestmark = pytest.mark.django_db

CERTIFIED = "Nón lá bài thơ Tân Yên"
RENAMED = "Nón lá Chuông thượng hạng"
REASON = "Cơ sở đăng ký nhãn hiệu mới (Giấy chứng nhận nhãn hiệu số 412345)."
FROZEN_NOTE = "tên, nhóm và cơ sở được giữ như khi chứng nhận"


def _text(response) -> str:
    return response.content.decode()


def _certified(*, revoked=False) -> Certificate:
    product = ProductFactory(
        name=CERTIFIED, establishment=EstablishmentFactory(name="Cơ sở nón lá Hương")
    )
    return published_certificate(product, revoked=revoked)


def _collaborator_here():
    user = UserFactory(role=Role.COLLABORATOR)
    assign_area(user, [commune("Xã Tân Yên")])
    return user


def _rename(staff, certificate, **changes) -> IdentityChange:
    product = certificate.entry.product
    fields = {
        "name": RENAMED,
        "group": product.group,
        "establishment": product.establishment,
        "reason": REASON,
        **changes,
    }
    return services.product_identity_change(actor=staff, product=product, **fields)


# --- the ordinary edit ----------------------------------------------------------------------


@pytest.mark.parametrize("revoked", [False, True], ids=["valid", "revoked"])
def test_a_collaborator_cannot_rename_a_certified_product(client, revoked):
    certificate = _certified(revoked=revoked)
    product = certificate.entry.product
    client.force_login(_collaborator_here())
    url = reverse("products:product_update", args=[product.pk])

    page = _text(client.get(url))
    assert 'name="name"' not in page
    assert 'name="group"' not in page
    assert CERTIFIED in page
    assert FROZEN_NOTE in page  # the page says why, in Vietnamese

    client.post(url, {"name": RENAMED, "group": 2, "description": "Lá cọ, vành tre mới."})

    product.refresh_from_db()
    assert product.name == CERTIFIED
    assert product.group == 1
    assert product.description == "Lá cọ, vành tre mới."  # the rest stays editable


@pytest.mark.parametrize("role", [Role.COLLABORATOR, Role.CENTER_STAFF])
@pytest.mark.parametrize("field", ["name", "group", "establishment"])
def test_the_ordinary_edit_service_refuses_to_change_a_certified_identity(role, field):
    certificate = _certified()
    product = certificate.entry.product
    actor = _collaborator_here() if role == Role.COLLABORATOR else UserFactory(role=role)
    change = {"name": RENAMED, "group": 3, "establishment": EstablishmentFactory()}[field]

    with pytest.raises(ValidationError) as refused:
        services.product_update(actor=actor, product=product, **{field: change})

    assert field in refused.value.message_dict
    fresh = Product.objects.get(pk=product.pk)
    assert (fresh.name, fresh.group, fresh.establishment_id) == (
        CERTIFIED,
        1,
        product.establishment_id,
    )


def test_an_uncertified_product_is_still_renamed_by_its_collaborator(client):
    product = ProductFactory(name=CERTIFIED)
    client.force_login(_collaborator_here())

    client.post(
        reverse("products:product_update", args=[product.pk]),
        {"name": RENAMED, "group": 2, "description": "Mô tả"},
    )

    product.refresh_from_db()
    assert (product.name, product.group) == (RENAMED, 2)


# --- the staff change -----------------------------------------------------------------------


def test_after_a_staff_rename_the_public_pages_show_the_certified_identity(client, staff_user):
    certificate = _certified()
    product = certificate.entry.product
    issued_commune = product.establishment.commune.name
    elsewhere = EstablishmentFactory(name="Hợp tác xã Nón Mới", commune=commune("Xã Lục Nam"))
    client.force_login(staff_user)
    url = reverse("products:product_identity", args=[product.pk])

    form = _text(client.get(url))
    assert "Giấy chứng nhận đã cấp không thay đổi" in form  # says what will happen
    response = client.post(
        url,
        {"name": RENAMED, "group": 2, "establishment": elsewhere.pk, "reason": REASON},
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.group, product.establishment_id) == (RENAMED, 2, elsewhere.pk)
    assert product.history.first().history_change_reason == REASON[:100]
    assert product.history.first().history_user == staff_user
    change = IdentityChange.objects.get(product=product)
    assert (change.from_name, change.to_name, change.reason, change.actor) == (
        CERTIFIED,
        RENAMED,
        REASON,
        staff_user,
    )
    client.logout()

    gallery = _text(client.get(reverse("products:gallery")))
    assert CERTIFIED in gallery
    assert "Cơ sở nón lá Hương" in gallery
    assert issued_commune in gallery
    for later in (RENAMED, "Hợp tác xã Nón Mới", "Xã Lục Nam"):
        assert later not in gallery
    # Searching finds the card by what it shows.
    assert CERTIFIED in _text(client.get(reverse("products:gallery"), {"q": "bài thơ"}))

    for url in (
        reverse("products:verify_token", args=[certificate.token]),
        reverse("products:verify") + f"?number={certificate.number}",
        reverse("products:public_product", args=[product.pk]),
    ):
        page = _text(client.get(url))
        assert CERTIFIED in page, url
        assert "Cơ sở nón lá Hương" in page, url
        assert RENAMED not in page, url
        assert "Hợp tác xã Nón Mới" not in page, url

    # Staff see on the product page that it was renamed, and why.
    client.force_login(staff_user)
    detail = _text(client.get(reverse("products:product_detail", args=[product.pk])))
    assert f"đổi tên từ “{CERTIFIED}”" in detail
    assert REASON in detail


def test_a_product_certified_again_shows_its_new_name_on_the_new_certificate(client, staff_user):
    first = _certified()
    product = first.entry.product
    _rename(staff_user, first)
    product.refresh_from_db()
    second = published_certificate(product, level="provincial")

    page = _text(client.get(reverse("products:public_product", args=[product.pk])))

    assert f'<h1 class="h3">{RENAMED}</h1>' in page  # the newest certificate's name
    assert f"cấp cho “{CERTIFIED}”" in page  # the older one says what it was issued for
    assert second.number in page
    assert first.number in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_staff_rename_without_a_reason_is_refused(client, staff_user, reason):
    certificate = _certified()
    product = certificate.entry.product
    client.force_login(staff_user)

    response = client.post(
        reverse("products:product_identity", args=[product.pk]),
        {"name": RENAMED, "group": 1, "establishment": product.establishment_id, "reason": reason},
    )

    assert response.status_code == 400
    assert "invalid-feedback" in _text(response)
    with pytest.raises(ValidationError) as refused:
        _rename(staff_user, certificate, reason=reason)
    assert "reason" in refused.value.message_dict
    product.refresh_from_db()
    assert product.name == CERTIFIED
    assert not IdentityChange.objects.exists()


def test_a_staff_change_that_changes_nothing_is_refused(staff_user):
    certificate = _certified()
    with pytest.raises(ValidationError):
        _rename(staff_user, certificate, name=CERTIFIED)
    assert not IdentityChange.objects.exists()


@pytest.mark.parametrize("role", [Role.COLLABORATOR, Role.OFFICIAL, Role.COUNCIL_MEMBER])
def test_only_center_staff_change_a_certified_identity(client, role):
    certificate = _certified()
    product = certificate.entry.product
    user = _collaborator_here() if role == Role.COLLABORATOR else UserFactory(role=role)
    if role == Role.COUNCIL_MEMBER:  # a member who sees the product through a round
        voting_round = make_round(level="provincial")
        seat(voting_round, user=user)
        voting_round.entries.create(
            product=product, group=1, nominated_from=certificate, registered_by=user
        )
    client.force_login(user)
    url = reverse("products:product_identity", args=[product.pk])

    assert client.get(url).status_code == 404
    data = {"name": RENAMED, "group": 1, "establishment": product.establishment_id}
    assert client.post(url, {**data, "reason": REASON}).status_code == 404
    with pytest.raises(PermissionDenied):
        _rename(user, certificate)
    product.refresh_from_db()
    assert product.name == CERTIFIED
    # The product page offers the change to staff only.
    page = _text(client.get(reverse("products:product_detail", args=[product.pk])))
    assert url not in page


def test_staff_are_offered_the_change_from_the_product_page(client, staff_user):
    certificate = _certified()
    client.force_login(staff_user)
    product = certificate.entry.product

    page = _text(client.get(reverse("products:product_detail", args=[product.pk])))

    assert reverse("products:product_identity", args=[product.pk]) in page


# --- the snapshot ---------------------------------------------------------------------------


def test_the_backfill_names_the_commune_the_establishment_was_in_when_certified(staff_user):
    certificate = _certified()
    establishment = certificate.entry.product.establishment
    Certificate.objects.filter(pk=certificate.pk).update(commune_name="")
    # Moved since (with its history, as the register's service does).
    establishment.commune = commune("Xã Lục Nam")
    establishment.save()
    migration = importlib.import_module("products.migrations.0005_backfill_certificate_commune")

    migration.backfill(apps, None)

    certificate.refresh_from_db()
    assert certificate.commune_name == "Xã Tân Yên"


def test_a_certificate_issued_without_history_takes_the_present_commune(staff_user):
    certificate = _certified()
    Certificate.objects.filter(pk=certificate.pk).update(commune_name="")
    certificate.history.all().delete()
    migration = importlib.import_module("products.migrations.0005_backfill_certificate_commune")

    migration.backfill(apps, None)

    certificate.refresh_from_db()
    assert certificate.commune_name == "Xã Tân Yên"
    assert certificate.product_name == CERTIFIED


def test_the_gallery_shows_what_each_certificate_was_issued_for(client):
    certificate = _certified()
    product = certificate.entry.product
    # However the rows came to differ (a rename before the freeze, an import, the admin).
    Product.objects.filter(pk=product.pk).update(name=RENAMED)
    type(product.establishment).objects.filter(pk=product.establishment_id).update(
        name="Hợp tác xã Nón Mới", commune=commune("Xã Lục Nam")
    )

    gallery = _text(client.get(reverse("products:gallery")))

    assert CERTIFIED in gallery
    assert "Cơ sở nón lá Hương" in gallery
    assert "Xã Tân Yên" in gallery
    for later in (RENAMED, "Hợp tác xã Nón Mới", "Xã Lục Nam"):
        assert later not in gallery
