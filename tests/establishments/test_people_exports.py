"""The register's export, template and import as a person meets them: Vietnamese labels
and commune names, widths, a frozen header, formats; a template with drop-down lists and
instructions; one clear message per cell; and an export that imports back unchanged."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from establishments.importing import establishment_import
from establishments.models import Establishment, LegalForm, Sector, SizeClass
from establishments.resources import COLUMNS
from localities.models import AdminUnit, Era, Level
from tests.factories import EstablishmentFactory, commune

pytestmark = pytest.mark.django_db

CODES = {c for choices in (LegalForm, SizeClass, Sector) for c in choices.values}


def _legacy_commune():
    province = commune("Xã Tân Yên").parent
    return (
        AdminUnit.objects.filter(
            era=Era.LEGACY, level=Level.COMMUNE, parent__parent__successions__new=province
        )
        .order_by("code")
        .first()
    )


@pytest.fixture
def register():
    """Three establishments that use every coded column and both communes."""
    old = _legacy_commune()
    return [
        EstablishmentFactory(
            name="Hộ kinh doanh Mây tre Hoa",
            legal_form="household_business",
            size_class="micro",
            sector="handicraft",
            tax_code="2400111111",
            legacy_commune=old,
            workers=1250,
            local_material_share=80,
            exports=True,
            women_owned=True,
            phone="0912345678",
            main_products="Giỏ mây; khay tre",
        ),
        EstablishmentFactory(
            name="Hợp tác xã Gốm Phù Lãng",
            legal_form="cooperative",
            size_class="small",
            sector="materials",
            commune=commune("Phường Từ Sơn"),
            verified=True,
            craft_village="Làng gốm Phù Lãng",
        ),
        EstablishmentFactory(
            name="Cơ sở không mã số thuế",
            legal_form="cooperative_group",
            size_class="na",
            sector="food",
        ),
    ]


def _export(client, user, **params) -> bytes:
    client.force_login(user)
    response = client.get(reverse("establishments:export"), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _cells(workbook) -> list:
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_the_register_export_shows_labels_names_widths_and_formats(client, staff_user, register):
    workbook = load_workbook(io.BytesIO(_export(client, staff_user)))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    hoa = rows["Hộ kinh doanh Mây tre Hoa"]

    assert (hoa["Loại hình"], hoa["Quy mô"], hoa["Ngành nghề"]) == (
        "Hộ kinh doanh",
        "Siêu nhỏ",
        "Thủ công mỹ nghệ",
    )
    # The commune's name beside its code, for both the 2025 and the former commune.
    assert header.index("Xã, phường") == header.index("Mã xã") + 1
    assert header.index("Xã, phường trước 07/2025") == header.index("Mã xã cũ") + 1
    assert (hoa["Mã xã"], hoa["Xã, phường"]) == ("07339", "Xã Tân Yên")
    old = register[0].legacy_commune
    assert (hoa["Mã xã cũ"], hoa["Xã, phường trước 07/2025"]) == (old.code, old.name)
    assert rows["Hợp tác xã Gốm Phù Lãng"]["Quy mô"] == "Nhỏ"
    assert rows["Hợp tác xã Gốm Phù Lãng"]["Đã xác minh"] == "có"
    assert rows["Cơ sở không mã số thuế"]["Loại hình"] == "Tổ hợp tác"
    assert rows["Cơ sở không mã số thuế"]["Quy mô"] == "Không áp dụng"
    # A frozen header (and the name column), bold and shaded; widths a person can read.
    assert sheet.freeze_panes == "B2"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["A"].width >= 30
    assert all(sheet.column_dimensions[c.column_letter].width >= 9 for c in sheet[1])
    # Numbers grouped by thousands, dates as dd/mm/yyyy, codes kept as text.
    row_of_hoa = next(r for r in sheet.iter_rows(2) if r[0].value == "Hộ kinh doanh Mây tre Hoa")
    by_header = dict(zip(header, row_of_hoa, strict=True))
    assert by_header["Số lao động"].value == 1250
    assert by_header["Số lao động"].number_format == "#,##0"
    registered = by_header["Ngày đăng ký"]
    assert registered.value.date() == timezone.localdate(register[0].created_at)
    assert registered.number_format == "dd/mm/yyyy"
    assert by_header["Mã số thuế"].value == "2400111111"
    # No internal code anywhere in the workbook.
    assert not CODES & {str(v) for v in _cells(workbook)}


def test_the_csv_export_shows_labels_and_dates_as_dd_mm_yyyy(client, staff_user, register):
    text = _export(client, staff_user, format="csv").decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    hoa = next(line for line in lines if line["Tên cơ sở"] == "Hộ kinh doanh Mây tre Hoa")
    assert (hoa["Loại hình"], hoa["Quy mô"], hoa["Ngành nghề"]) == (
        "Hộ kinh doanh",
        "Siêu nhỏ",
        "Thủ công mỹ nghệ",
    )
    assert hoa["Xã, phường"] == "Xã Tân Yên"
    assert hoa["Ngày đăng ký"] == timezone.localdate(register[0].created_at).strftime("%d/%m/%Y")
    assert not CODES & {v for line in lines for v in line.values()}


def _state() -> tuple[list, int]:
    fields = [f.name for f in Establishment._meta.concrete_fields]
    rows = list(Establishment.objects.order_by("pk").values_list(*fields))
    return rows, Establishment.history.count()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_register_imports_back_without_any_change(client, staff_user, register, fmt):
    content = _export(client, staff_user, **({"format": "csv"} if fmt == "csv" else {}))
    before = _state()

    outcome = establishment_import(
        actor=staff_user, upload=SimpleUploadedFile(f"so-co-so.{fmt}", content)
    )

    assert outcome.ok, outcome.problems
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, len(register))
    assert _state() == before  # no new row, no changed field, no new history entry


def _template(client, user):
    client.force_login(user)
    response = client.get(reverse("establishments:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def _validation_for(sheet, letter: str):
    validations = sheet.data_validations.dataValidation
    found = [v for v in validations if str(v.sqref).split(":")[0] == f"{letter}2"]
    assert len(found) == 1, letter
    return found[0]


def _list_values(workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.rsplit("!", 1)
    first, last = cells.replace("$", "").split(":")
    sheet = workbook[sheet_name.strip("'")]
    return [c.value for (c,) in sheet[f"{first}:{last}"] if c.value is not None]


def test_the_import_template_offers_drop_downs_of_labels_and_instructions(client, staff_user):
    workbook = _template(client, staff_user)
    assert workbook.sheetnames == ["Cơ sở CNNT", "Hướng dẫn", "Danh mục"]
    data = workbook["Cơ sở CNNT"]
    header = [c.value for c in data[1]]
    assert header == [c.header for c in COLUMNS]
    assert data.max_row == 1  # nothing to delete before filling in
    assert data.freeze_panes == "B2"
    letter = {h: data.cell(1, i).column_letter for i, h in enumerate(header, start=1)}

    legal = _validation_for(data, letter["Loại hình"])
    assert legal.type == "list"
    assert legal.errorStyle == "stop"
    assert _list_values(workbook, legal.formula1) == [
        "Doanh nghiệp nhỏ và vừa",
        "Hợp tác xã",
        "Liên hiệp hợp tác xã",
        "Tổ hợp tác",
        "Hộ kinh doanh",
    ]
    assert _list_values(workbook, _validation_for(data, letter["Quy mô"]).formula1) == [
        "Siêu nhỏ",
        "Nhỏ",
        "Vừa",
        "Không áp dụng",
    ]
    sectors = _list_values(workbook, _validation_for(data, letter["Ngành nghề"]).formula1)
    assert "Thủ công mỹ nghệ" in sectors
    assert len(sectors) == len(Sector.values)
    communes = _list_values(workbook, _validation_for(data, letter["Mã xã"]).formula1)
    assert "07339 - Xã Tân Yên" in communes
    assert _validation_for(data, letter["Xuất khẩu"]).formula1 == '"có,không"'
    assert str(_validation_for(data, letter["Loại hình"]).sqref).endswith("20001")
    # Codes typed in the template keep their leading zeros.
    assert data.column_dimensions[letter["Mã số thuế"]].number_format == "@"

    help_rows = {r[0]: r for r in workbook["Hướng dẫn"].iter_rows(2, values_only=True) if r[0]}
    assert help_rows["Loại hình"][1] == "bắt buộc"
    assert "Hộ kinh doanh" in help_rows["Loại hình"][3]
    assert "Siêu nhỏ" in help_rows["Quy mô"][3]
    assert not CODES & {str(v) for v in _cells(workbook)}
    assert not any("household_business" in str(v) for v in _cells(workbook))


def test_a_template_filled_from_its_lists_imports(client, staff_user):
    workbook = _template(client, staff_user)
    data = workbook["Cơ sở CNNT"]
    header = [c.value for c in data[1]]
    old = _legacy_commune()
    values = {
        "Tên cơ sở": "Cơ sở Mộc Đồng Kỵ",
        "Loại hình": "Hộ kinh doanh",
        "Quy mô": "Siêu nhỏ",
        "Mã xã": "07339 - Xã Tân Yên",
        "Mã xã cũ": f"{old.code} - {old.name}",
        "Ngành nghề": "Thủ công mỹ nghệ",
        "Số lao động": 12,
        "Xuất khẩu": "có",
    }
    for name, value in values.items():
        data.cell(2, header.index(name) + 1, value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    outcome = establishment_import(
        actor=staff_user, upload=SimpleUploadedFile("mau.xlsx", buffer.getvalue())
    )

    assert outcome.ok, outcome.problems
    created = Establishment.objects.get(name="Cơ sở Mộc Đồng Kỵ")
    assert (created.legal_form, created.size_class, created.sector) == (
        "household_business",
        "micro",
        "handicraft",
    )
    assert created.commune == commune("Xã Tân Yên")
    assert created.legacy_commune == old
    assert created.exports is True


def _import(staff_user, rows: list[list]):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append([c.header for c in COLUMNS])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return establishment_import(
        actor=staff_user, upload=SimpleUploadedFile("x.xlsx", buffer.getvalue())
    )


def test_each_bad_cell_has_one_message_listing_the_values_in_vietnamese(staff_user):
    headers = [c.header for c in COLUMNS]
    bad = dict.fromkeys(headers, "")
    bad |= {
        "Tên cơ sở": "Cơ sở A",
        "Loại hình": "công ty",
        "Quy mô": "to",
        "Mã xã": "99999",
        "Ngành nghề": "xyz",
    }
    blank = dict.fromkeys(headers, "") | {"Tên cơ sở": "Cơ sở B"}

    outcome = _import(staff_user, [list(bad.values()), list(blank.values())])

    assert Establishment.objects.count() == 0
    cells = [(p.row, p.column) for p in outcome.problems]
    assert len(cells) == len(set(cells))  # one message per cell
    by_cell = {(p.row, p.column): p.message for p in outcome.problems}
    legal = by_cell[(2, "Loại hình")]
    assert "công ty" in legal
    assert "“Hộ kinh doanh”" in legal
    assert "“Hợp tác xã”" in legal
    assert "Siêu nhỏ" in by_cell[(2, "Quy mô")]
    assert "Thủ công mỹ nghệ" in by_cell[(2, "Ngành nghề")]
    # The unreadable cell is not also said to be empty.
    assert not any("trống" in m or "trắng" in m for (row, _c), m in by_cell.items() if row == 2)
    assert "99999" in by_cell[(2, "Mã xã")]
    for message in by_cell.values():
        assert not any(code in message for code in CODES if "_" in code or len(code) > 4)
    # Row 3: the required columns left empty, once each; an empty "Quy mô" is the default.
    assert sorted(c for (row, c) in cells if row == 3) == ["Loại hình", "Mã xã", "Ngành nghề"]
    assert {by_cell[(3, c)] for c in ("Loại hình", "Mã xã", "Ngành nghề")} == {
        "bắt buộc: ô đang để trống"
    }


def test_codes_and_a_commune_name_alone_are_still_accepted(staff_user):
    row = dict.fromkeys([c.header for c in COLUMNS], "")
    row |= {
        "Tên cơ sở": "Cơ sở mã cũ",
        "Loại hình": "household_business",
        "Quy mô": "",
        "Mã xã": "Xã Tân Yên",
        "Ngành nghề": "handicraft",
    }
    outcome = _import(staff_user, [list(row.values())])
    assert outcome.ok, outcome.problems
    created = Establishment.objects.get(name="Cơ sở mã cũ")
    assert (created.legal_form, created.sector, created.size_class) == (
        "household_business",
        "handicraft",
        "micro",
    )
    assert created.commune == commune("Xã Tân Yên")


def test_the_import_page_links_to_the_template(client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("establishments:import")).content.decode()
    assert reverse("establishments:import_template") in page
    assert "Tải tệp mẫu (XLSX)" in page


def test_the_export_keeps_streaming_with_a_constant_number_of_queries(
    client, staff_user, django_assert_max_num_queries
):
    EstablishmentFactory.create_batch(3)
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("establishments:export"))
        content = b"".join(response.streaming_content)
    assert len(list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows())) == 4


def test_the_template_costs_a_fixed_number_of_queries(
    client, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("establishments:import_template")).status_code == 200


def test_the_admins_export_has_vietnamese_headers_and_labels(admin_client, register):
    columns = ("name", "legal_form", "size_class", "sector", "tax_code")
    fields = {f"establishmentresource_{c}": "on" for c in columns}
    response = admin_client.post(
        "/admin/establishments/establishment/export/", {"format": "1", "resource": "0", **fields}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert set(rows[0]) == {"Tên cơ sở", "Loại hình", "Quy mô", "Ngành nghề", "Mã số thuế"}
    hoa = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] == register[0].name)
    assert (hoa["Loại hình"], hoa["Quy mô"], hoa["Ngành nghề"]) == (
        "Hộ kinh doanh",
        "Siêu nhỏ",
        "Thủ công mỹ nghệ",
    )
    assert not CODES & {str(v) for r in rows for v in r}
