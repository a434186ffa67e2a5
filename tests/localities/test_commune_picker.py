import pytest
from django import forms

from localities.forms import CommuneField
from localities.models import AdminUnit, Era, Level

pytestmark = pytest.mark.django_db


class SiteForm(forms.Form):
    commune = CommuneField()


def _commune(name: str, province_code: str) -> AdminUnit:
    return AdminUnit.objects.get(
        era=Era.CURRENT, level=Level.COMMUNE, name=name, parent__code=province_code
    )


def test_picker_offers_the_configured_provinces_communes():
    html = str(SiteForm()["commune"])
    assert "Xã Tân Yên" in html
    assert html.count("<option") == 99 + 1  # communes + the empty choice
    assert "commune-picker-search" in html


def test_a_commune_of_the_province_is_accepted():
    tan_yen = _commune("Xã Tân Yên", "24")
    form = SiteForm({"commune": tan_yen.pk})
    assert form.is_valid()
    assert form.cleaned_data["commune"] == tan_yen


def test_a_commune_of_another_province_or_era_is_refused_in_vietnamese():
    elsewhere = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent__code="79")
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE).first()
    for bad in (elsewhere.first().pk, legacy.pk, "abc", 10**12):
        form = SiteForm({"commune": bad})
        assert not form.is_valid()
        assert form.errors["commune"] == [
            "Hãy chọn xã, phường trong danh sách; đơn vị vừa chọn không thuộc phạm vi này."
        ]


def test_the_queryset_can_narrow_the_choice_to_an_area():
    tan_yen = _commune("Xã Tân Yên", "24")

    class AreaForm(forms.Form):
        commune = CommuneField(queryset=AdminUnit.objects.filter(pk=tan_yen.pk))

    assert AreaForm({"commune": tan_yen.pk}).is_valid()
    other = AdminUnit.objects.filter(parent__code="24", level=Level.COMMUNE).exclude(pk=tan_yen.pk)
    assert not AreaForm({"commune": other.first().pk}).is_valid()


def test_all_provinces_mode_accepts_any_2025_commune_and_offers_a_province_selector():
    class AnyForm(forms.Form):
        commune = CommuneField(all_provinces=True)

    form = AnyForm({"commune": _commune("Phường Sài Gòn", "79").pk})
    assert form.is_valid()
    html = str(AnyForm()["commune"])
    assert "commune-picker-province" in html
    assert "Thành phố Hồ Chí Minh" in html
