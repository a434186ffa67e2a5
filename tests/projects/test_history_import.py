"""The historical import of projects: all rows or none, with a row-by-row report; addresses
of either era resolved into the merged 2025 province; establishments matched or created
once; re-importing the same file changes nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from accounts.roles import Role
from establishments.content_types import PromotionContent
from establishments.models import Establishment
from localities.models import AdminUnit, AdminUnitSuccession, Era, Level
from projects.history_import import import_projects, read_rows
from projects.models import (
    BudgetLine,
    FundSource,
    Project,
    ProjectEvent,
    ProjectSource,
    ProjectStatus,
)
from tests.factories import EstablishmentFactory, UserFactory, commune

pytestmark = pytest.mark.django_db

# The headers as the Center's spreadsheets have them, in the documented order.
VI = {
    "code": "Mã đề án",
    "title": "Tên đề án",
    "year": "Năm",
    "fund_source": "Nguồn kinh phí",
    "content_type": "Nội dung",
    "establishment": "Cơ sở",
    "tax_code": "Mã số thuế",
    "address": "Địa chỉ",
    "support_vnd": "Kinh phí hỗ trợ",
    "counterpart_vnd": "Vốn đối ứng",
    "status": "Trạng thái",
}
FIELD_NAMES = {name: name for name in VI}
ALIASES = {
    "code": "Số hiệu đề án",
    "title": "TÊN ĐỀ ÁN KHUYẾN CÔNG",
    "year": "Năm kế hoạch",
    "fund_source": "Nguồn vốn",
    "content_type": "Loại nội dung",
    "establishment": "Đơn vị thụ hưởng",
    "tax_code": "MST",
    "address": "Địa chỉ cơ sở",
    "support_vnd": "Kinh phí khuyến công",
    "counterpart_vnd": "Đối ứng",
    "status": "Tình trạng",
}

# Legacy addresses of both former provinces: (commune, district, former province code,
# 2025 successor in the merged Tỉnh Bắc Ninh), as loaded from vietnamadminunits.
LEGACY = {
    "Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang": (
        "Xã Việt Lập",
        "Huyện Tân Yên",
        "24",
        "Xã Tân Yên",
    ),
    "Xã Tam Dị, Huyện Lục Nam, Tỉnh Bắc Giang": ("Xã Tam Dị", "Huyện Lục Nam", "24", "Xã Bảo Đài"),
    # "Tỉnh Bắc Giang" must not be read as the 2025 ward "Phường Bắc Giang".
    "Phường Ngô Quyền, Thành phố Bắc Giang, Tỉnh Bắc Giang": (
        "Phường Ngô Quyền",
        "Thành phố Bắc Giang",
        "24",
        "Phường Bắc Giang",
    ),
    # Từ Sơn has been a city since 2021; older records still say "Thị xã".
    "Phường Đồng Nguyên, Thị xã Từ Sơn, Tỉnh Bắc Ninh": (
        "Phường Đồng Nguyên",
        "Thành phố Từ Sơn",
        "27",
        "Phường Đồng Nguyên",
    ),
    "Thị trấn Lim, Huyện Tiên Du, Tỉnh Bắc Ninh": (
        "Thị trấn Lim",
        "Huyện Tiên Du",
        "27",
        "Xã Tiên Du",
    ),
    "Phường Thị Cầu, Thành phố Bắc Ninh, Tỉnh Bắc Ninh": (
        "Phường Thị Cầu",
        "Thành phố Bắc Ninh",
        "27",
        "Phường Vũ Ninh",
    ),
}
VIET_LAP = "Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang"
DONG_NGUYEN = "Phường Đồng Nguyên, Thị xã Từ Sơn, Tỉnh Bắc Ninh"
TAN_YEN_2025 = "Xã Tân Yên, Tỉnh Bắc Ninh"
HA_NOI = "Phường Hoàn Kiếm, Thành phố Hà Nội"


def _row(i: int, **fields) -> dict:
    row = {
        "code": f"KC-{2015 + i % 10}-{i:03d}",
        "title": f"Hỗ trợ máy chà nhám cho cơ sở số {i}",
        "year": 2015 + i % 10,
        "fund_source": "local",
        "content_type": "machinery",
        "establishment": f"Cơ sở mộc lịch sử số {i}",
        "tax_code": f"{2400900000 + i}",
        "address": TAN_YEN_2025,
        "support_vnd": 100_000_000 + i,
        "counterpart_vnd": 200_000_000 + i,
        "status": None,
    }
    row.update(fields)
    return row


def _xlsx(rows: list[dict], headers: dict[str, str] = VI) -> bytes:
    """A workbook as the Center would upload it: a header row, one project per row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers.values()))
    for row in rows:
        sheet.append([row.get(name) for name in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(rows: list[dict], headers: dict[str, str] = VI) -> list[list]:
    return read_rows(io.BytesIO(_xlsx(rows, headers)))


def _import(actor, rows: list[dict], headers: dict[str, str] = VI, filename="lich-su.xlsx"):
    return import_projects(actor=actor, rows=_read(rows, headers), filename=filename)


def _import_one(actor, **fields) -> Project:
    outcome = _import(actor, [_row(1, **fields)])
    assert outcome.ok, outcome.problems
    return Project.objects.get()


def _counts() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        Establishment.objects.count(),
        BudgetLine.objects.count(),
        ProjectEvent.objects.count(),
    )


def _legacy(name: str, district: str, province_code: str) -> AdminUnit:
    return AdminUnit.objects.select_related("parent__parent").get(
        era=Era.LEGACY,
        level=Level.COMMUNE,
        name=name,
        parent__name=district,
        parent__parent__code=province_code,
    )


def _problems(outcome) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in outcome.problems}


# --- 1. a workbook of the merged province ---------------------------------------------


def test_merged_province_workbook_imports_every_row_with_its_budget_beneficiary_and_audit(
    staff_user,
):
    addresses = [*LEGACY, TAN_YEN_2025]
    rows = [_row(i, address=a) for i, a in enumerate(addresses, start=1)]

    outcome = _import(staff_user, rows)

    assert outcome.ok, outcome.problems
    assert outcome.created == len(rows) == Project.objects.count()
    assert outcome.establishments_created == len(rows)
    for i, row in enumerate(rows, start=1):
        project = Project.objects.get(code=row["code"])
        assert project.source == ProjectSource.IMPORT
        assert project.status == ProjectStatus.SETTLED  # the status cell is empty
        assert project.title == row["title"]
        assert project.plan_year == row["year"]
        assert project.fund_source == FundSource.LOCAL
        assert project.content_type == PromotionContent.MACHINERY
        assert project.created_by == staff_user
        assert project.commune.era == Era.CURRENT
        assert project.commune.parent.code == "24"
        [line] = project.budget_lines.all()
        assert (line.state_support_vnd, line.counterpart_vnd) == (
            100_000_000 + i,
            200_000_000 + i,
        )
        [establishment] = project.beneficiaries.all()
        assert establishment.tax_code == row["tax_code"]
        assert establishment.commune == project.commune
        assert list(project.site_communes.all()) == [project.commune]
        [event] = project.events.all()
        assert event.actor == staff_user
        assert (event.from_status, event.to_status) == ("", ProjectStatus.SETTLED)
        assert "lich-su.xlsx" in event.note


@pytest.mark.parametrize("address", list(LEGACY))
def test_a_legacy_address_keeps_its_commune_and_links_the_2025_successor(staff_user, address):
    name, district, former_province, successor = LEGACY[address]

    project = _import_one(staff_user, address=address)

    legacy = project.legacy_commune
    assert legacy == _legacy(name, district, former_province)
    assert legacy.era == Era.LEGACY
    assert legacy.parent.parent.code == former_province  # Bắc Giang (24) or Bắc Ninh (27)
    assert project.commune == commune(successor)
    assert project.commune.parent.code == "24"  # the merged 2025 Tỉnh Bắc Ninh
    assert project.commune == AdminUnitSuccession.objects.get(old=legacy, is_default=True).new
    [establishment] = project.beneficiaries.all()
    assert (establishment.commune, establishment.legacy_commune) == (project.commune, legacy)


def test_a_2025_address_has_a_commune_and_no_legacy_commune(staff_user):
    project = _import_one(staff_user, address=TAN_YEN_2025)

    assert project.commune == commune("Xã Tân Yên")
    assert project.legacy_commune is None
    assert list(project.site_communes.all()) == [commune("Xã Tân Yên")]


# --- 2. headers and values as typed -----------------------------------------------------


@pytest.mark.parametrize(
    "headers", [VI, FIELD_NAMES, ALIASES], ids=["vietnamese", "field-names", "aliases"]
)
def test_vietnamese_field_name_and_alias_headers_all_work(staff_user, headers):
    outcome = _import(staff_user, [_row(1), _row(2, address=VIET_LAP)], headers=headers)

    assert outcome.ok, outcome.problems
    assert outcome.created == 2
    project = Project.objects.get(code=_row(2)["code"])
    assert project.legacy_commune.name == "Xã Việt Lập"
    assert project.budget_lines.get().counterpart_vnd == 200_000_002


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("national", FundSource.NATIONAL),
        ("local", FundSource.LOCAL),
        ("Quốc gia", FundSource.NATIONAL),
        ("Địa phương", FundSource.LOCAL),
        ("KINH PHÍ KHUYẾN CÔNG ĐỊA PHƯƠNG", FundSource.LOCAL),
    ],
)
def test_fund_source_by_code_or_vietnamese_name(staff_user, cell, expected):
    assert _import_one(staff_user, fund_source=cell).fund_source == expected


def test_content_by_code_or_by_its_vietnamese_label(staff_user):
    with translation.override("vi"):
        label = str(PromotionContent.MACHINERY.label)
    assert label != "machinery"
    rows = [
        _row(1, content_type="machinery"),
        _row(2, content_type=label),
        _row(3, content_type=label.upper()),
        _row(4, content_type="training"),
    ]

    outcome = _import(staff_user, rows)

    assert outcome.ok, outcome.problems
    assert [Project.objects.get(code=r["code"]).content_type for r in rows] == [
        PromotionContent.MACHINERY,
        PromotionContent.MACHINERY,
        PromotionContent.MACHINERY,
        PromotionContent.TRAINING,
    ]


def test_status_by_code_or_vietnamese_label_and_settled_when_empty(staff_user):
    with translation.override("vi"):
        accepted = str(ProjectStatus.ACCEPTED.label)
    rows = [_row(1, status=None), _row(2, status="in_progress"), _row(3, status=accepted)]

    outcome = _import(staff_user, rows)

    assert outcome.ok, outcome.problems
    assert [Project.objects.get(code=r["code"]).status for r in rows] == [
        ProjectStatus.SETTLED,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.ACCEPTED,
    ]
    assert Project.objects.get(code=rows[1]["code"]).events.get().to_status == "in_progress"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (150_000_000, 150_000_000),
        ("1.500.000", 1_500_000),
        ("150.000.000 đ", 150_000_000),
        (150000000.0, 150_000_000),
        ("150000000", 150_000_000),
    ],
    ids=["int", "dotted-text", "text-with-dong", "float", "plain-text"],
)
def test_amounts_as_number_as_dotted_text_or_as_float(staff_user, cell, expected):
    project = _import_one(staff_user, support_vnd=cell, counterpart_vnd=cell)

    line = project.budget_lines.get()
    assert (line.state_support_vnd, line.counterpart_vnd) == (expected, expected)


# --- 3. all or nothing, with a row-by-row report ------------------------------------------

THIS_YEAR = timezone.localdate().year
BAD_ROWS = {
    "unknown-address": ({"address": "Xã Không Có Thật, Huyện Tân Yên, Tỉnh Bắc Giang"}, "Địa chỉ"),
    "outside-province": ({"address": HA_NOI}, "Địa chỉ"),
    "comma-decimal": ({"support_vnd": "1,5"}, "Kinh phí hỗ trợ"),
    "letters": ({"counterpart_vnd": "abc"}, "Vốn đối ứng"),
    "negative": ({"support_vnd": -5_000_000}, "Kinh phí hỗ trợ"),
    "negative-text": ({"counterpart_vnd": "-1.000.000"}, "Vốn đối ứng"),
    "fractional-float": ({"support_vnd": 1500.5}, "Kinh phí hỗ trợ"),
    "duplicate-code": ({"code": _row(1)["code"].lower()}, "Mã đề án"),
    "unknown-fund": ({"fund_source": "ngân sách xã"}, "Nguồn kinh phí"),
    "unknown-content": ({"content_type": "đào tạo lái máy bay"}, "Nội dung"),
    "unknown-status": ({"status": "đã xong rồi"}, "Trạng thái"),
    "year-too-early": ({"year": 1999}, "Năm"),
    "year-in-future": ({"year": THIS_YEAR + 2}, "Năm"),
    "year-not-a-number": ({"year": "năm ngoái"}, "Năm"),
    "bad-tax-code": ({"tax_code": "24009"}, "Mã số thuế"),
    "empty-title": ({"title": None}, "Tên đề án"),
    "empty-establishment": ({"establishment": "  "}, "Cơ sở"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_one_bad_row_stops_the_whole_file_and_names_its_row_and_column(staff_user, case):
    fields, column = BAD_ROWS[case]
    before = _counts()

    outcome = _import(staff_user, [_row(1), _row(2, **fields)])

    assert not outcome.ok
    assert _problems(outcome) == {(3, column)}  # the header is row 1, the bad row is row 3
    assert outcome.created == 0
    assert _counts() == before


def test_every_problem_of_every_row_is_reported_together(staff_user):
    EstablishmentFactory(tax_code="2400900001")  # the good row's establishment, already known
    before = _counts()
    rows = [_row(1)] + [_row(i, **fields) for i, (fields, _c) in enumerate(BAD_ROWS.values(), 2)]

    outcome = _import(staff_user, rows)

    expected = {(i + 1, column) for i, (_f, column) in enumerate(BAD_ROWS.values(), 2)}
    assert _problems(outcome) == expected
    assert _counts() == before
    by_row = {p.row: p.message for p in outcome.problems}
    assert "Hà Nội" in by_row[4]  # outside the province: names where it is
    assert "2" in by_row[10]  # the duplicate code points at the row that has it first
    assert "ngân sách xã" in by_row[11]


def test_a_missing_required_column_is_a_problem_on_row_1(staff_user):
    headers = {name: header for name, header in VI.items() if name not in {"address", "year"}}

    outcome = _import(staff_user, [_row(1)], headers=headers)

    assert _problems(outcome) == {(1, "Địa chỉ"), (1, "Năm")}
    assert Project.objects.count() == 0


def test_optional_columns_may_be_left_out(staff_user):
    headers = {
        name: header
        for name, header in VI.items()
        if name not in {"tax_code", "counterpart_vnd", "status"}
    }

    outcome = _import(staff_user, [_row(1)], headers=headers)

    assert outcome.ok, outcome.problems
    project = Project.objects.get()
    assert project.status == ProjectStatus.SETTLED
    assert project.budget_lines.get().counterpart_vnd == 0
    assert project.beneficiaries.get().tax_code == ""


def test_an_empty_workbook_is_a_problem(staff_user):
    buffer = io.BytesIO()
    Workbook().save(buffer)

    outcome = import_projects(actor=staff_user, rows=read_rows(io.BytesIO(buffer.getvalue())))

    assert not outcome.ok
    assert [p.row for p in outcome.problems] == [1]
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [b"", "Mã đề án,Tên đề án\nKC-1,Máy\n".encode(), b"PK\x03\x04not really a zip"],
    ids=["empty", "csv", "broken-zip"],
)
def test_an_upload_that_is_not_xlsx_is_a_validation_error(content):
    with pytest.raises(ValidationError):
        read_rows(io.BytesIO(content))


def test_a_blank_row_in_the_middle_does_not_shift_the_row_numbers(staff_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(VI.values()))
    sheet.append([_row(1).get(name) for name in VI])
    # Spreadsheet row 3 is left blank; the bad row is row 4.
    for column, name in enumerate(VI, start=1):
        sheet.cell(row=4, column=column, value=_row(2, year=1999).get(name))
    buffer = io.BytesIO()
    workbook.save(buffer)

    outcome = import_projects(actor=staff_user, rows=read_rows(io.BytesIO(buffer.getvalue())))

    assert _problems(outcome) == {(4, "Năm")}


@pytest.mark.parametrize("cell", [None, "=2*75000000"], ids=["empty", "formula"])
def test_an_empty_support_cell_is_a_problem_not_zero_dong(staff_user, cell):
    outcome = _import(staff_user, [_row(1, support_vnd=cell)])

    assert _problems(outcome) == {(2, "Kinh phí hỗ trợ")}
    assert Project.objects.count() == 0


def test_a_code_longer_than_30_characters_is_reported_not_cut(staff_user):
    outcome = _import(staff_user, [_row(1, code="KC-" + "9" * 32)])

    assert _problems(outcome) == {(2, "Mã đề án")}
    assert Project.objects.count() == 0


# --- 4. re-importing --------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(staff_user):
    content = _xlsx([_row(1, address=VIET_LAP), _row(2, address=DONG_NGUYEN), _row(3)])
    first = import_projects(actor=staff_user, rows=read_rows(io.BytesIO(content)))
    assert first.created == 3
    before = _counts()
    stored = list(Project.objects.order_by("code").values())

    again = import_projects(actor=staff_user, rows=read_rows(io.BytesIO(content)))

    assert again.ok, again.problems
    assert (again.created, again.unchanged, again.establishments_created) == (0, 3, 0)
    assert _counts() == before
    assert list(Project.objects.order_by("code").values()) == stored


@pytest.mark.parametrize(
    "change",
    [{"support_vnd": 123_000_000}, {"counterpart_vnd": 0}, {"title": "Đề án khác"}, {"year": 2016}],
    ids=["support", "counterpart", "title", "year"],
)
def test_a_code_recorded_with_other_data_is_a_problem_and_nothing_is_written(staff_user, change):
    _import(staff_user, [_row(1), _row(2)])
    before = _counts()

    outcome = _import(staff_user, [_row(1), _row(2, **change), _row(3)])

    assert _problems(outcome) == {(3, "Mã đề án")}
    assert _row(2)["code"] in outcome.problems[0].message
    assert _counts() == before  # row 4, new, is not imported either
    assert not Project.objects.filter(code=_row(3)["code"]).exists()


def test_a_code_recorded_in_another_commune_is_a_problem(staff_user):
    _import(staff_user, [_row(1, address=TAN_YEN_2025)])

    outcome = _import(staff_user, [_row(1, address=DONG_NGUYEN)])

    assert _problems(outcome) == {(2, "Mã đề án")}


def test_a_recorded_code_typed_in_other_case_is_the_same_project(staff_user):
    _import(staff_user, [_row(1)])

    outcome = _import(staff_user, [_row(1, code=_row(1)["code"].lower())])

    assert (outcome.created, outcome.unchanged) == (0, 1)
    assert Project.objects.count() == 1


# --- 5. establishments --------------------------------------------------------------------


def test_an_establishment_is_matched_by_tax_code_even_under_another_name(staff_user):
    known = EstablishmentFactory(name="Công ty TNHH Mộc Việt", tax_code="2400123456")

    outcome = _import(
        staff_user, [_row(1, establishment="Xưởng mộc anh Hùng", tax_code="2400123456")]
    )

    assert outcome.ok, outcome.problems
    assert outcome.establishments_created == 0
    assert list(Project.objects.get().beneficiaries.all()) == [known]
    assert Establishment.objects.count() == 1


def test_without_tax_code_an_establishment_is_matched_by_name_and_2025_commune(staff_user):
    known = EstablishmentFactory(name="Cơ sở Mộc Đồng Kỵ", commune=commune("Xã Tân Yên"))

    # Another spelling, a legacy address whose successor is Xã Tân Yên.
    outcome = _import(
        staff_user, [_row(1, establishment="CO SO MOC  DONG-KY", tax_code=None, address=VIET_LAP)]
    )

    assert outcome.ok, outcome.problems
    assert outcome.establishments_created == 0
    assert list(Project.objects.get().beneficiaries.all()) == [known]


def test_the_same_name_in_another_commune_is_another_establishment(staff_user):
    EstablishmentFactory(name="Cơ sở Mộc Đồng Kỵ", commune=commune("Xã Tân Yên"))

    outcome = _import(
        staff_user, [_row(1, establishment="Cơ sở Mộc Đồng Kỵ", tax_code=None, address=DONG_NGUYEN)]
    )

    assert outcome.establishments_created == 1
    created = Project.objects.get().beneficiaries.get()
    assert created.commune == commune("Phường Đồng Nguyên")
    assert created.legacy_commune.name == "Phường Đồng Nguyên"
    assert created.registered_by == staff_user


@pytest.mark.parametrize("tax_code", ["2400777777", None], ids=["with-tax-code", "by-name"])
def test_two_rows_of_one_new_establishment_create_it_once(staff_user, tax_code):
    names = ["HTX Mây tre đan Tăng Tiến", "HTX MÂY TRE ĐAN TĂNG TIẾN", "htx may tre dan tang tien"]
    rows = [_row(i, establishment=name, tax_code=tax_code) for i, name in enumerate(names, start=1)]

    outcome = _import(staff_user, rows)

    assert outcome.ok, outcome.problems
    assert outcome.created == 3
    assert outcome.establishments_created == 1
    assert Establishment.objects.count() == 1
    establishment = Establishment.objects.get()
    assert establishment.name == "HTX Mây tre đan Tăng Tiến"  # as on its first row
    assert establishment.tax_code == (tax_code or "")
    assert establishment.projects.count() == 3


def test_a_tax_code_the_register_holds_for_a_merged_record_is_reported_at_its_row(staff_user):
    """The register's own check refuses the new establishment: the row and column are
    named, and nothing of the file is written."""
    kept = EstablishmentFactory(name="Công ty TNHH Mộc Việt")
    EstablishmentFactory(name="Xưởng mộc Việt cũ", tax_code="2400123456", merged_into=kept)
    before = _counts()

    outcome = _import(staff_user, [_row(1), _row(2, tax_code="2400123456")])

    assert _problems(outcome) == {(3, "Mã số thuế")}
    assert "2400123456" in outcome.problems[0].message
    assert (outcome.created, outcome.establishments_created) == (0, 0)
    assert _counts() == before


def test_a_new_establishment_named_like_a_registered_one_is_flagged_as_a_possible_duplicate(
    staff_user,
):
    known = EstablishmentFactory(
        name="Cơ sở Mộc Đồng Kỵ", commune=commune("Xã Tân Yên"), tax_code="2400111111"
    )

    outcome = _import(
        staff_user, [_row(1, establishment="Cơ sở Mộc Đồng Kỵ", tax_code="2400222222")]
    )

    assert outcome.ok, outcome.problems
    created = Project.objects.get().beneficiaries.get()
    assert created != known
    assert created.possible_duplicate_of == known  # as the register's pages would flag it


# --- 6. who may import, and the page ------------------------------------------------------


def test_only_center_staff_may_import(official_user):
    with pytest.raises(PermissionDenied):
        _import(official_user, [_row(1)])
    assert Project.objects.count() == 0


def test_the_page_is_for_staff_only(client, staff_user, official_user):
    url = reverse("projects:history_import")
    client.force_login(official_user)
    assert client.get(url).status_code == 404

    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_posting_a_good_file_imports_and_redirects_to_the_project_list(client, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile(
        "lich-su-2015-2024.xlsx", _xlsx([_row(1), _row(2, address=VIET_LAP)])
    )

    response = client.post(reverse("projects:history_import"), {"file": upload})

    assert response.status_code == 302
    assert response.url == reverse("projects:list")
    assert Project.objects.filter(source=ProjectSource.IMPORT).count() == 2
    event = ProjectEvent.objects.filter(project__code=_row(1)["code"]).get()
    assert event.actor == staff_user
    assert "lich-su-2015-2024.xlsx" in event.note


def test_posting_a_bad_file_lists_the_problems_and_writes_nothing(client, staff_user):
    client.force_login(staff_user)
    before = _counts()
    upload = SimpleUploadedFile("xau.xlsx", _xlsx([_row(1), _row(2, address=HA_NOI)]))

    response = client.post(reverse("projects:history_import"), {"file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-problems"' in page
    assert "Hà Nội" in page
    assert [(p.row, p.column) for p in response.context["outcome"].problems] == [(3, "Địa chỉ")]
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [("du-an.csv", "Mã đề án,Tên đề án\nKC-1,Máy\n".encode()), ("du-an.xlsx", b"not a zip")],
    ids=["csv-name", "xlsx-name-not-xlsx"],
)
def test_posting_a_file_that_is_not_a_workbook_is_a_form_error(client, staff_user, name, content):
    client.force_login(staff_user)

    response = client.post(
        reverse("projects:history_import"), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["outcome"] is None
    assert Project.objects.count() == 0


# --- 7. the management command ------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, username="quantri")


def test_the_command_imports_a_file_as_the_first_superuser(tmp_path, superuser):
    path = tmp_path / "lich-su.xlsx"
    path.write_bytes(_xlsx([_row(1), _row(2, address=VIET_LAP), _row(3, address=DONG_NGUYEN)]))
    out = io.StringIO()

    call_command("import_projects", str(path), stdout=out)

    assert "3 projects imported" in out.getvalue()
    assert Project.objects.count() == 3
    assert set(ProjectEvent.objects.values_list("actor", flat=True)) == {superuser.pk}


def test_the_command_records_the_user_given(tmp_path, superuser, make_user):
    clerk = make_user(Role.CENTER_STAFF, username="vanthu")
    path = tmp_path / "lich-su.xlsx"
    path.write_bytes(_xlsx([_row(1)]))

    call_command("import_projects", str(path), "--user", "vanthu", stdout=io.StringIO())

    assert Project.objects.get().created_by == clerk
    assert ProjectEvent.objects.get().actor == clerk


def test_the_command_fails_on_a_bad_file_and_writes_nothing(tmp_path, superuser):
    path = tmp_path / "xau.xlsx"
    path.write_bytes(_xlsx([_row(1), _row(2, support_vnd="abc")]))
    err = io.StringIO()
    before = _counts()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_projects", str(path), stdout=io.StringIO(), stderr=err)

    assert "row 3 [Kinh phí hỗ trợ]" in err.getvalue()
    assert _counts() == before


def test_the_command_fails_on_a_file_that_is_not_xlsx(tmp_path, superuser):
    path = tmp_path / "du-an.xlsx"
    path.write_bytes("Mã đề án,Tên đề án\n".encode())

    with pytest.raises(CommandError):
        call_command("import_projects", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_projects", str(tmp_path / "khong-co.xlsx"))


def test_the_command_refuses_an_unknown_user(tmp_path, superuser):
    path = tmp_path / "lich-su.xlsx"
    path.write_bytes(_xlsx([_row(1)]))

    with pytest.raises(CommandError, match="khongco"):
        call_command("import_projects", str(path), "--user", "khongco")
    assert Project.objects.count() == 0


def test_the_command_refuses_a_user_who_is_not_staff_with_a_command_error(
    tmp_path, superuser, make_user
):
    make_user(Role.OFFICIAL, username="chuyenvien")
    path = tmp_path / "lich-su.xlsx"
    path.write_bytes(_xlsx([_row(1)]))

    with pytest.raises(CommandError):
        call_command("import_projects", str(path), "--user", "chuyenvien")


# --- 8. formulas ----------------------------------------------------------------------------


def test_a_formula_in_the_title_is_refused_never_stored(staff_user):
    formula = '=HYPERLINK("http://x","y")'
    content = _xlsx([_row(1, title=formula)])
    rows = read_rows(io.BytesIO(content))
    assert formula not in rows[1]  # read as values: a formula without a cached value is None

    outcome = import_projects(actor=staff_user, rows=rows)

    assert _problems(outcome) == {(2, "Tên đề án")}
    assert Project.objects.count() == 0
    assert not Project.objects.filter(title__startswith="=").exists()


# --- found in review ----------------------------------------------------------------------


def test_a_record_after_the_merger_keeps_no_former_commune(staff_user):
    project = _import_one(staff_user, year=2026, address=VIET_LAP)
    assert project.commune.name == "Xã Tân Yên"
    assert project.legacy_commune is None


def test_a_year_with_an_odd_digit_is_a_problem_not_an_error(staff_user):
    outcome = _import(staff_user, [_row(1, year="2019²")])
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "Năm")]


def test_a_stray_cell_far_to_the_right_does_not_widen_every_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(VI.values()))
    sheet.append([_row(1).get(name) for name in VI])
    sheet["XFD1"] = "ghi chú"
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_rows(io.BytesIO(buffer.getvalue()))
    assert max(len(r) for r in rows) <= len(VI) + 20


@pytest.mark.parametrize(("year", "keeps_former"), [(2024, True), (2026, False)])
def test_a_portal_project_takes_its_place_from_its_beneficiary(staff_user, year, keeps_former):
    from projects.services import project_create

    viet_lap = _legacy("Xã Việt Lập", "Huyện Tân Yên", "24")
    establishment = EstablishmentFactory(legacy_commune=viet_lap)
    project = project_create(
        actor=staff_user,
        code=f"DP-{year}-900",
        title="Máy sấy",
        plan_year=year,
        fund_source="local",
        content_type="machinery",
        implementing_unit="Trung tâm",
        beneficiaries=[establishment],
    )
    assert project.commune_id == establishment.commune_id
    assert (project.legacy_commune_id == viet_lap.pk) is keeps_former


def test_imported_records_have_their_history(staff_user):
    project = _import_one(staff_user)
    (record,) = project.history.all()
    assert record.history_user == staff_user
    assert "lich-su.xlsx" in record.history_change_reason
    assert project.budget_lines.get().history.count() == 1
    assert project.beneficiaries.get().history.count() == 1
