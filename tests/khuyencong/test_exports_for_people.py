"""Every file the portal hands a person (the register's XLSX and CSV and its import
template, the papers' register, each report's XLSX and PDF, the open data CSV) shows
labels and names, never an internal choice code; every workbook has its header frozen,
bold and its columns sized, money and counts grouped, dates as dd/mm/yyyy."""

import csv
import datetime as dt
import io
import re
import subprocess

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from establishments.models import FieldVisit
from reports import builders
from reports.periodic import builder as periodic
from tests.conftest import skip_or_fail
from tests.factories import (
    AllocationFactory,
    CollaboratorFactory,
    EstablishmentFactory,
    ProductFactory,
    UserFactory,
    make_document,
    published_certificate,
)

pytestmark = pytest.mark.django_db


def choice_codes() -> set[str]:
    """Every code of every choice field of the portal's models (that is not a number)."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                codes |= {
                    k for k, _v in field.flatchoices if isinstance(k, str) and re.search("[a-z]", k)
                }
    return codes


CODES = choice_codes()


@pytest.fixture
def portal(staff_user):
    """A year of the programme: a household business in the register, a brand and
    showroom project approved in a plan, a published voting round, a field visit, an
    issued paper."""
    from funding import plans
    from projects.services import Line, project_appraise, project_create, project_transition

    year = timezone.localdate().year
    AllocationFactory(year=year, fund_source="national", amount_vnd=1_500_000_000)
    household = EstablishmentFactory(
        name="Hộ kinh doanh Mây tre Hoa",
        legal_form="household_business",
        size_class="micro",
        sector="handicraft",
        workers=1250,
    )
    project = project_create(
        actor=staff_user,
        code="QG-PE-001",
        title="Xây dựng thương hiệu và phòng trưng bày mây tre",
        plan_year=year,
        fund_source="national",
        content_type="brand_showroom",
        implementing_unit="Trung tâm Khuyến công",
        beneficiaries=[household],
        site_communes=[household.commune],
        budget_lines=[Line("Phòng trưng bày", 280_000_000, 400_000_000)],
    )
    project_transition(actor=staff_user, project=project, target="submitted")
    project_appraise(
        actor=staff_user,
        project=project,
        appraised_on=timezone.localdate(),
        score=85,
        recommendation="approve",
        summary="Đạt",
    )
    plan = plans.plan_create(actor=staff_user, year=year, fund_source="national")
    plans.plan_add_item(actor=staff_user, plan=plan, project=project)
    plans.plan_submit(actor=staff_user, plan=plan)
    plans.plan_approve(
        actor=UserFactory(role=Role.OFFICIAL),
        plan=plan,
        decision_number="45/QĐ-UBND",
        decision_date=timezone.localdate(),
    )
    certificate = published_certificate(ProductFactory(establishment=household))
    collaborator = CollaboratorFactory(full_name="Nguyễn Thị Lan")
    FieldVisit.objects.create(
        collaborator=collaborator,
        establishment=household,
        visited_on=timezone.localdate(),
        purpose="survey",
    )
    make_document()
    return {"year": year, "round": certificate.entry.round}


def _download(client, name: str, **params) -> bytes:
    response = client.get(reverse(name), params)
    assert response.status_code == 200, name
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _workbooks(client, staff_user, portal) -> dict[str, bytes]:
    client.force_login(staff_user)
    year = portal["year"]
    today = timezone.localdate()
    summary = builders.period_summary(from_year=year, to_year=year)
    report = periodic.periodic_report(start=dt.date(year, 1, 1), end=today)
    return {
        "register": _download(client, "establishments:export"),
        "template": _download(client, "establishments:import_template"),
        "papers": _download(client, "documents:export"),
        "summary": builders.period_summary_xlsx(summary),
        "plan": builders.write_xlsx(builders.plan_implementation_sheets(year=year), title="x"),
        "collaborators": builders.write_xlsx(
            builders.collaborator_activity_sheets(year=year), title="x"
        ),
        "voting": builders.write_xlsx(
            builders.voting_results_sheets(round_id=portal["round"].pk), title="x"
        ),
        "periodic": periodic.periodic_xlsx(report),
    }


def _leaks(values) -> set[str]:
    found = set()
    for value in values:
        text = str(value).strip()
        if text in CODES:
            found.add(text)
        found |= {code for code in CODES if "_" in code and code in text}
    return found


def test_no_workbook_shows_a_code_and_every_sheet_is_laid_out_for_people(
    client, staff_user, portal
):
    workbooks = _workbooks(client, staff_user, portal)
    seen = set()
    for name, content in workbooks.items():
        workbook = load_workbook(io.BytesIO(content))
        for sheet in workbook.worksheets:
            cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
            seen |= {str(c.value) for c in cells}
            assert not _leaks(c.value for c in cells), (name, sheet.title, _leaks(cells))
            assert sheet.freeze_panes, (name, sheet.title)
            assert sheet.freeze_panes.endswith("2"), (name, sheet.title)
            header = [c for c in sheet[1] if c.value is not None]
            assert header, (name, sheet.title)
            assert all(c.font.bold for c in header), (name, sheet.title)
            money = {c.column for c in header if "đồng" in str(c.value)}
            for cell in header:
                width = sheet.column_dimensions[cell.column_letter].width
                assert width, (name, sheet.title, cell.value)
                assert width >= 8, (name, sheet.title, cell.value)
            for cell in cells:
                number = isinstance(cell.value, int) and not isinstance(cell.value, bool)
                if cell.row > 1 and number and (cell.column in money or cell.value > 9999):
                    assert cell.number_format == "#,##0", (name, sheet.title, cell.value)
                if isinstance(cell.value, dt.datetime | dt.date):
                    assert cell.number_format == "dd/mm/yyyy", (name, cell.value)
    # What a person looks for is there, in words.
    for label in (
        "Hộ kinh doanh",
        "Siêu nhỏ",
        "Thủ công mỹ nghệ",
        "Thương hiệu, phòng trưng bày, xúc tiến thương mại",
    ):
        assert any(label in value for value in seen), label


def test_money_in_the_workbooks_is_grouped_by_thousands(client, staff_user, portal):
    workbooks = _workbooks(client, staff_user, portal)
    sheet = load_workbook(io.BytesIO(workbooks["plan"])).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(sheet.iter_rows(min_row=2))
    planned = row[header.index("Kế hoạch (đồng)")]
    assert planned.value == 280_000_000
    assert planned.number_format == "#,##0"
    summary = load_workbook(io.BytesIO(workbooks["summary"]))["Theo nội dung"]
    assert summary["A1"].value == "Nội dung khuyến công"
    support = summary.cell(row=2, column=3)
    assert support.value == 280_000_000
    assert support.number_format == "#,##0"


def test_the_csv_files_show_no_code(client, staff_user, portal):
    client.force_login(staff_user)
    for name, params in (
        ("establishments:export", {"format": "csv"}),
        ("opendata:csv", {}),
    ):
        text = _download(client, name, **params).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2, name
        body = [v for line in rows[1:] for v in line]
        assert not _leaks(body), (name, _leaks(body))


def _pdf_text(content: bytes) -> str:
    try:
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
        )
    except FileNotFoundError:
        skip_or_fail("pdftotext (poppler-utils) is not installed")
    return result.stdout.decode()


def test_the_report_pdfs_name_contents_and_show_no_code(staff_user, portal):
    year = portal["year"]
    summary = builders.period_summary(from_year=year, to_year=year)
    report = periodic.periodic_report(start=dt.date(year, 1, 1), end=timezone.localdate())
    for content in (builders.period_summary_pdf(summary), periodic.periodic_pdf(report)):
        text = _pdf_text(content)
        words = set(re.findall(r"[a-z][a-z_]+", text))
        assert not (CODES & words), CODES & words
        flat = " ".join(text.split())
        assert "Thương hiệu, phòng trưng bày" in flat
        assert "280.000.000" in flat  # money as a person writes it
