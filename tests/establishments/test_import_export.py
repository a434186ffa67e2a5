"""Import is all or nothing with a row-by-row report; export streams the same layout."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from establishments.importing import establishment_import
from establishments.models import Establishment
from establishments.resources import COLUMNS
from tests.factories import EstablishmentFactory, commune

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in COLUMNS]
TAN_YEN, TU_SON = "07339", "09367"


def _row(i: int, **overrides) -> dict:
    row = {
        "Tên cơ sở": f"Cơ sở nhập số {i}",
        "Loại hình": "Hộ kinh doanh" if i % 2 else "cooperative",
        "Quy mô": "micro",
        "Mã số thuế": f"{2400500000 + i}",
        "Mã xã": TAN_YEN if i % 3 else TU_SON,
        "Ngành nghề": "Thủ công mỹ nghệ" if i % 2 else "food",
        "Số lao động": i % 50,
        "Xuất khẩu": "có" if i % 7 == 0 else "không",
        "Chủ là nữ": "x" if i % 5 == 0 else "",
    }
    row.update(overrides)
    return row


def _xlsx(rows: list[dict], name="co-so.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


BAD = {
    10: {"Mã xã": "99999"},  # no such commune in the province
    500: {"Loại hình": "công ty đa quốc gia"},  # unknown legal form
    998: {"Mã số thuế": f"{2400500000 + 3}"},  # the tax code of row 3
}


def test_1000_rows_with_3_bad_import_nothing_and_list_the_3_rows(client, staff_user):
    rows = [_row(i, **BAD.get(i, {})) for i in range(1, 1001)]
    client.force_login(staff_user)
    response = client.post(reverse("establishments:import"), {"file": _xlsx(rows)})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert Establishment.objects.count() == 0
    # Spreadsheet rows: the header is row 1, so data row i is on row i + 1.
    assert sorted({p.row for p in outcome.problems}) == [11, 501, 999]
    by_row = {p.row: p for p in outcome.problems}
    assert by_row[11].column == "Mã xã"
    assert "99999" in by_row[11].message
    assert by_row[501].column == "Loại hình"
    assert "công ty đa quốc gia" in by_row[501].message
    assert by_row[999].column == "Mã số thuế"
    assert "dòng 4" in by_row[999].message
    page = response.content.decode()
    assert "Chưa nhập dòng nào: có 3 lỗi." in page

    fixed = [_row(i) for i in range(1, 1001)]
    response = client.post(reverse("establishments:import"), {"file": _xlsx(fixed)})
    assert response.status_code == 302
    assert Establishment.objects.count() == 1000
    sample = Establishment.objects.get(tax_code=f"{2400500000 + 10}")
    assert sample.commune == commune("Xã Tân Yên")
    assert sample.legal_form == "cooperative"
    assert sample.sector == "food"
    assert sample.registered_by == staff_user
    assert Establishment.objects.filter(women_owned=True).count() == 200

    # The same file again changes nothing.
    before = list(Establishment.objects.order_by("pk").values_list("pk", "updated_at"))
    outcome = establishment_import(actor=staff_user, upload=_xlsx(fixed))
    assert outcome.ok
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 1000)
    assert list(Establishment.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_rows_without_tax_code_match_by_name_and_commune(staff_user):
    existing = EstablishmentFactory(name="Cơ sở Mộc Hùng", commune=commune("Xã Tân Yên"))
    upload = _xlsx(
        [_row(1, **{"Tên cơ sở": "CƠ SỞ MỘC HÙNG", "Mã số thuế": "", "Số lao động": 33})]
    )
    outcome = establishment_import(actor=staff_user, upload=upload)
    assert outcome.ok
    assert outcome.updated == 1
    existing.refresh_from_db()
    assert existing.workers == 33


def test_csv_with_field_names_as_headers(staff_user):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["name", "legal_form", "commune_code", "sector", "workers"])
    writer.writerow(["Cơ sở CSV", "household_business", "7339", "handicraft", "1.200"])
    upload = SimpleUploadedFile("a.csv", text.getvalue().encode("utf-8-sig"))
    outcome = establishment_import(actor=staff_user, upload=upload)
    assert outcome.ok, outcome.problems
    created = Establishment.objects.get(name="Cơ sở CSV")
    assert created.commune.code == TAN_YEN  # Excel dropped the leading zero; we restore it
    assert created.workers == 1200


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x00\x01garbage", "x.xlsx", "Không đọc được tệp XLSX"),
        ("Tên cơ sở;Loại hình\n".encode("utf-16"), "x.csv", "UTF-8"),
    ],
)
def test_an_unreadable_file_is_one_clear_problem(staff_user, content, name, message):
    outcome = establishment_import(actor=staff_user, upload=SimpleUploadedFile(name, content))
    assert not outcome.ok
    assert message in outcome.problems[0].message


def test_unknown_and_missing_columns_are_reported(staff_user):
    workbook = Workbook()
    workbook.active.append(["Tên cơ sở", "Cột lạ"])
    workbook.active.append(["A", "B"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = establishment_import(
        actor=staff_user, upload=SimpleUploadedFile("x.xlsx", buffer.getvalue())
    )
    columns = {p.column for p in outcome.problems}
    assert {"Cột lạ", "Loại hình", "Mã xã", "Ngành nghề"} <= columns
    assert Establishment.objects.count() == 0


def test_export_xlsx_round_trips_and_neutralises_formulas(client, staff_user):
    EstablishmentFactory(name='=HYPERLINK("http://x")', tax_code="2400000001")
    EstablishmentFactory.create_batch(2)
    client.force_login(staff_user)
    response = client.get(reverse("establishments:export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    # The import's columns in their order (the export adds names and dates between them).
    assert [h for h in rows[0] if h in HEADERS] == HEADERS
    assert len(rows) == 4
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    # What we export imports back: nothing new, only the renamed row changes.
    buffer = io.BytesIO()
    source = Workbook()
    for row in rows:
        source.active.append([c if c != '\'=HYPERLINK("http://x")' else "Cơ sở X" for c in row])
    source.save(buffer)
    outcome = establishment_import(
        actor=staff_user, upload=SimpleUploadedFile("back.xlsx", buffer.getvalue())
    )
    assert outcome.ok, outcome.problems
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    assert Establishment.objects.get(tax_code="2400000001").name == "Cơ sở X"


def test_export_csv_streams_with_the_current_filters(client, staff_user):
    EstablishmentFactory(name="Cơ sở A", commune=commune("Xã Tân Yên"))
    EstablishmentFactory(name="Cơ sở B", commune=commune("Phường Từ Sơn"))
    client.force_login(staff_user)
    response = client.get(
        reverse("establishments:export"),
        {"format": "csv", "commune": commune("Xã Tân Yên").pk},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "Tên cơ sở"
    assert [line[0] for line in lines[1:]] == ["Cơ sở A"]


def test_a_blank_optional_cell_keeps_what_the_register_holds(staff_user):
    existing = EstablishmentFactory(
        name="Cơ sở Giữ MST", commune=commune("Xã Tân Yên"), tax_code="2400777777", phone="0912"
    )
    upload = _xlsx([_row(1, **{"Tên cơ sở": "Cơ sở Giữ MST", "Mã số thuế": "", "Số lao động": 9})])
    outcome = establishment_import(actor=staff_user, upload=upload)
    assert outcome.ok, outcome.problems
    existing.refresh_from_db()
    assert (existing.tax_code, existing.phone, existing.workers) == ("2400777777", "0912", 9)


def test_texts_that_look_like_formulas_round_trip(client, staff_user):
    EstablishmentFactory(name="- Thôn 2", phone="+84912345678", tax_code="2400888888")
    client.force_login(staff_user)
    xlsx = b"".join(client.get(reverse("establishments:export")).streaming_content)
    row = list(load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(values_only=True))[1]
    assert row[0] == "- Thôn 2"  # only "=" is a formula in XLSX
    csv_text = b"".join(
        client.get(reverse("establishments:export"), {"format": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert "'+84912345678" in csv_text  # Excel would run + - @ from a CSV
    assert "'- Thôn 2" in csv_text
    outcome = establishment_import(
        actor=staff_user, upload=SimpleUploadedFile("back.csv", csv_text.encode("utf-8"))
    )
    assert outcome.ok, outcome.problems
    assert outcome.unchanged == 1
