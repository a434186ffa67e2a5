import pytest
from django.core.management import CommandError, call_command

from localities.loader import DatasetMissing, load_localities
from localities.models import AdminUnit, AdminUnitSuccession, DivisionType, Era, Level
from localities.selectors import current_unit

pytestmark = pytest.mark.django_db


def _count(era, level):
    return AdminUnit.objects.filter(era=era, level=level).count()


def test_both_eras_are_complete():
    assert _count(Era.LEGACY, Level.PROVINCE) == 63
    assert _count(Era.LEGACY, Level.DISTRICT) == 696
    assert _count(Era.LEGACY, Level.COMMUNE) == 10035
    assert _count(Era.CURRENT, Level.PROVINCE) == 34
    assert _count(Era.CURRENT, Level.COMMUNE) == 3321
    assert not AdminUnit.objects.filter(era=Era.CURRENT, level=Level.DISTRICT).exists()


def test_reused_codes_mean_different_places_per_era():
    legacy_24 = AdminUnit.objects.get(era=Era.LEGACY, level=Level.PROVINCE, code="24")
    current_24 = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="24")
    assert legacy_24.name == "Tỉnh Bắc Giang"
    assert current_24.name == "Tỉnh Bắc Ninh"


@pytest.mark.parametrize(
    ("legacy_name", "current_name"),
    [
        ("Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"),
        ("Tỉnh Bắc Ninh", "Tỉnh Bắc Ninh"),
        ("Tỉnh Bình Dương", "Thành phố Hồ Chí Minh"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Tỉnh Yên Bái", "Tỉnh Lào Cai"),
        ("Tỉnh Cao Bằng", "Tỉnh Cao Bằng"),
    ],
)
def test_legacy_provinces_map_to_their_2025_province(legacy_name, current_name):
    legacy = AdminUnit.objects.get(era=Era.LEGACY, level=Level.PROVINCE, name=legacy_name)
    assert current_unit(legacy).name == current_name


def test_every_legacy_commune_has_exactly_one_default_successor():
    communes = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE)
    defaults = AdminUnitSuccession.objects.filter(old__in=communes, is_default=True)
    assert defaults.count() == communes.count()
    assert defaults.values("old").distinct().count() == communes.count()


def test_a_split_commune_lists_all_successors_and_one_default():
    split = AdminUnitSuccession.objects.filter(is_default=False).select_related("old").first().old
    successors = AdminUnitSuccession.objects.filter(old=split)
    assert successors.count() >= 2
    assert successors.filter(is_default=True).count() == 1
    assert current_unit(split) == successors.get(is_default=True).new


def test_a_legacy_commune_of_bac_giang_maps_into_2025_bac_ninh():
    viet_lap = AdminUnit.objects.get(
        era=Era.LEGACY, level=Level.COMMUNE, key="xavietlap", parent__key="huyentanyen"
    )
    new = current_unit(viet_lap)
    assert new.era == Era.CURRENT
    assert new.parent.name == "Tỉnh Bắc Ninh"


def test_island_district_without_communes_becomes_a_special_zone():
    con_dao = AdminUnit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, key="huyencondao")
    assert current_unit(con_dao).division_type == DivisionType.SPECIAL_ZONE


def test_a_legacy_district_belongs_to_the_2025_province_of_its_province():
    tan_yen = AdminUnit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, key="huyentanyen")
    assert current_unit(tan_yen).name == "Tỉnh Bắc Ninh"


def test_division_types_follow_the_names():
    hanoi = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="01")
    assert hanoi.division_type == DivisionType.MUNICIPALITY
    bac_ninh = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="24")
    assert bac_ninh.division_type == DivisionType.PROVINCE
    types = set(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).values_list(
            "division_type", flat=True
        )
    )
    assert types == {DivisionType.COMMUNE, DivisionType.WARD, DivisionType.SPECIAL_ZONE}


def test_second_load_changes_nothing():
    before = (AdminUnit.objects.count(), AdminUnitSuccession.objects.count())
    report = load_localities()
    assert not report.changed
    assert (AdminUnit.objects.count(), AdminUnitSuccession.objects.count()) == before


def test_load_repairs_a_tampered_unit_and_mapping():
    unit = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="24")
    unit.name = "Wrong"
    unit.save(update_fields=["name"])
    AdminUnitSuccession.objects.filter(new=unit).delete()
    report = load_localities()
    assert report.updated["2025 province"] == 1
    assert report.created["successions"] == 2
    unit.refresh_from_db()
    assert unit.name == "Tỉnh Bắc Ninh"


def test_command_reports_a_missing_dataset_in_one_message(tmp_path, monkeypatch):
    monkeypatch.setattr("localities.loader.dataset_dir", lambda: tmp_path)
    with pytest.raises(CommandError, match=r"dataset is incomplete: dataset\.db, converter_2025"):
        call_command("load_localities")


def test_a_corrupt_dataset_is_reported_not_crashed_on(tmp_path):
    (tmp_path / "dataset.db").write_bytes(b"not a database")
    (tmp_path / "converter_2025.json").write_text("{}")
    with pytest.raises(DatasetMissing, match="cannot be read"):
        load_localities(tmp_path)
