import pytest

from establishments.eligibility import location_eligibility
from localities.models import AdminUnit, DivisionType, Era, Level
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_a_xa_of_a_province_is_eligible():
    assert location_eligibility(commune=commune("Xã Tân Yên")).eligible


def test_a_phuong_of_a_province_is_eligible():
    ward = commune("Phường Từ Sơn")
    assert ward.division_type == DivisionType.WARD
    assert location_eligibility(commune=ward).eligible


def test_a_phuong_of_ho_chi_minh_city_is_not_eligible_unless_in_a_craft_village():
    ward = commune("Phường Sài Gòn", "79")
    verdict = location_eligibility(commune=ward)
    assert not verdict.eligible
    assert "thành phố trực thuộc trung ương" in str(verdict.reason)
    assert location_eligibility(commune=ward, craft_village="Làng nghề X").eligible
    assert not location_eligibility(commune=ward, craft_village="   ").eligible


def test_a_xa_and_a_special_zone_of_a_centrally_run_city_are_eligible():
    xa = AdminUnit.objects.filter(
        era=Era.CURRENT, parent__code="79", division_type=DivisionType.COMMUNE
    ).first()
    assert location_eligibility(commune=xa).eligible
    con_dao = AdminUnit.objects.get(
        era=Era.CURRENT,
        level=Level.COMMUNE,
        division_type=DivisionType.SPECIAL_ZONE,
        parent__code="79",
    )
    assert location_eligibility(commune=con_dao).eligible


def test_a_legacy_unit_is_refused():
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE).first()
    assert not location_eligibility(commune=legacy).eligible
