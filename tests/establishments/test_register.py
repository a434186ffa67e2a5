"""Staff's register: duplicates, merge, verification, history, ineligible requests."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from establishments import services
from establishments.models import Establishment, FieldVisit
from tests.factories import (
    CollaboratorFactory,
    EstablishmentFactory,
    SupportRequestFactory,
    commune,
    this_year,
)

pytestmark = pytest.mark.django_db


def _register(actor, **fields):
    data = {
        "name": "Cơ sở Gốm Thổ Hà",
        "legal_form": "household_business",
        "commune": commune("Phường Việt Yên"),
        "sector": "handicraft",
        **fields,
    }
    return services.establishment_register(actor=actor, **data)


def test_the_same_tax_code_is_refused(staff_user):
    _register(staff_user, tax_code="2400123456")
    with pytest.raises(ValidationError) as refused:
        _register(staff_user, name="Another", tax_code="2400123456")
    assert "tax_code" in refused.value.error_dict
    assert Establishment.objects.count() == 1


def test_a_malformed_tax_code_is_refused(staff_user):
    with pytest.raises(ValidationError) as refused:
        _register(staff_user, tax_code="12ab")
    assert "tax_code" in refused.value.error_dict


def test_the_same_name_in_the_same_commune_is_flagged_not_refused(staff_user):
    first = _register(staff_user)
    second = _register(staff_user, name="  cơ sở GỐM thổ hà ")
    elsewhere = _register(staff_user, commune=commune("Xã Tân Yên"))
    assert second.possible_duplicate_of == first
    assert elsewhere.possible_duplicate_of is None


def test_merge_moves_requests_and_visits_and_keeps_the_duplicate_marked(client, staff_user):
    target = _register(staff_user, workers=5)
    duplicate = _register(staff_user, name="CƠ SỞ GỐM THỔ HÀ", tax_code="2400999999", workers=12)
    request = SupportRequestFactory(establishment=duplicate)
    visit = FieldVisit.objects.create(
        collaborator=CollaboratorFactory(),
        establishment=duplicate,
        visited_on="2026-01-02",
        purpose="survey",
    )
    client.force_login(staff_user)
    duplicates = client.get(reverse("establishments:duplicates")).context["page"]
    assert [e.pk for e in duplicates] == [duplicate.pk]
    response = client.post(
        reverse("establishments:merge"),
        {"duplicate": duplicate.pk, "target": target.pk, "confirmed": "1"},
    )
    assert response["Location"] == target.get_absolute_url()
    request.refresh_from_db()
    visit.refresh_from_db()
    target.refresh_from_db()
    duplicate.refresh_from_db()
    assert request.establishment == target
    assert visit.establishment == target
    assert duplicate.merged_into == target
    assert target.tax_code == "2400999999"  # the blank field was filled from the duplicate
    assert target.workers == 12
    assert duplicate not in Establishment.objects.filter(merged_into__isnull=True)
    assert list(client.get(reverse("establishments:duplicates")).context["page"]) == []
    history = target.history.first()
    assert history.history_user == staff_user
    assert history.history_change_reason.startswith("đã gộp")


def test_not_a_duplicate_clears_the_flag(client, staff_user):
    _register(staff_user)
    second = _register(staff_user)
    client.force_login(staff_user)
    client.post(reverse("establishments:duplicate_clear", args=[second.pk]))
    second.refresh_from_db()
    assert second.possible_duplicate_of is None


def test_bulk_verify_marks_who_and_when(client, staff_user):
    chosen = EstablishmentFactory.create_batch(3)
    other = EstablishmentFactory()
    client.force_login(staff_user)
    client.post(reverse("establishments:verify"), {"ids": [e.pk for e in chosen]})
    for e in chosen:
        e.refresh_from_db()
        assert e.verified
        assert e.verified_by == staff_user
        assert e.history.first().history_user == staff_user
    other.refresh_from_db()
    assert not other.verified


def test_a_verified_establishment_is_edited_by_staff_only(client, collaborator_user, staff_user):
    from tests.factories import assign_area

    assign_area(collaborator_user, [commune("Xã Tân Yên")])
    establishment = EstablishmentFactory(verified=True)
    client.force_login(collaborator_user)
    assert client.get(establishment.get_absolute_url()).status_code == 200
    assert client.get(reverse("establishments:update", args=[establishment.pk])).status_code == 404


def test_history_records_who_changed_what(client, staff_user):
    establishment = _register(staff_user)
    client.force_login(staff_user)
    client.post(
        reverse("establishments:update", args=[establishment.pk]),
        {
            "name": "Cơ sở Gốm Thổ Hà (mới)",
            "legal_form": "cooperative",
            "size_class": "micro",
            "commune": establishment.commune_id,
            "sector": "handicraft",
            "workers": 8,
            "local_material_share": 10,
        },
    )
    latest, created = establishment.history.all()[:2]
    assert latest.history_user == staff_user
    delta = latest.diff_against(created)
    assert {c.field for c in delta.changes} >= {"name", "legal_form", "workers"}
    page = client.get(establishment.get_absolute_url()).content.decode()
    assert "Lịch sử thay đổi" in page


def test_a_request_for_an_ineligible_location_is_refused(staff_user):
    ward = commune("Phường Sài Gòn", "79")
    establishment = EstablishmentFactory(commune=ward)
    with pytest.raises(ValidationError, match="không thuộc đối tượng"):
        services.support_request_submit(
            actor=staff_user,
            establishment=establishment,
            content_type="machinery",
            description="x",
            estimated_cost_vnd=1,
            desired_year=this_year(),
        )
    establishment.craft_village = "Làng nghề Phú Lợi"
    establishment.save()
    services.support_request_submit(
        actor=staff_user,
        establishment=establishment,
        content_type="machinery",
        description="x",
        estimated_cost_vnd=1,
        desired_year=this_year(),
    )


def test_merging_two_different_tax_codes_is_refused(staff_user):
    first = _register(staff_user, tax_code="2400111111")
    second = _register(staff_user, tax_code="2400222222")
    with pytest.raises(ValidationError, match="hai chủ thể khác nhau"):
        services.establishment_merge(actor=staff_user, duplicate=second, target=first)
    second.refresh_from_db()
    assert second.merged_into is None


def test_records_merged_into_a_duplicate_follow_it(staff_user):
    keep = _register(staff_user)
    middle = _register(staff_user)
    last = _register(staff_user)
    services.establishment_merge(actor=staff_user, duplicate=last, target=middle)
    services.establishment_merge(actor=staff_user, duplicate=middle, target=keep)
    last.refresh_from_db()
    assert last.merged_into == keep


def test_a_not_a_duplicate_ruling_survives_later_edits(staff_user):
    _register(staff_user)
    second = _register(staff_user)
    services.establishment_clear_duplicate_flag(actor=staff_user, establishment=second)
    services.establishment_update(actor=staff_user, establishment=second, workers=40)
    second.refresh_from_db()
    assert second.possible_duplicate_of is None
    # The older record is never flagged against the newer one.
    first = Establishment.objects.order_by("pk").first()
    services.establishment_update(actor=staff_user, establishment=first, workers=3)
    first.refresh_from_db()
    assert first.possible_duplicate_of is None


def test_the_former_district_filter(client, staff_user):
    from localities.models import AdminUnit, Era, Level

    tan_yen = AdminUnit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, key="huyentanyen")
    viet_lap = AdminUnit.objects.get(level=Level.COMMUNE, key="xavietlap", parent=tan_yen)
    recorded = EstablishmentFactory(name="Ghi xã cũ", legacy_commune=viet_lap)
    absorbed = EstablishmentFactory(name="Không ghi xã cũ", commune=commune("Xã Tân Yên"))
    elsewhere_district = (
        AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE, parent__parent=tan_yen.parent)
        .exclude(parent=tan_yen)
        .first()
    )
    EstablishmentFactory(
        name="Xã cũ huyện khác", commune=commune("Xã Tân Yên"), legacy_commune=elsewhere_district
    )
    client.force_login(staff_user)
    page = client.get(reverse("establishments:list"), {"legacy_district": tan_yen.pk})
    assert {e.name for e in page.context["page"]} == {recorded.name, absorbed.name}
