"""Every default template, rendered and opened with python-docx: what Decree 30/2020
(Phụ lục I) fixes is there — A4, margins, Times New Roman and its sizes, the header
table, "Số: NN/QĐ-…", the italic date line, the footer with "Nơi nhận" and the signer."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from accounts.roles import Role
from documents.kinds import KINDS
from documents.models import Document
from documents.services import document_create_draft, document_issue, draft_render, kind_for
from tests.documents.conftest import make_project
from tests.factories import RosterFactory, UserFactory

pytestmark = pytest.mark.django_db
ISSUED_ON = dt.date(2026, 1, 5)


# --- one object of each kind --------------------------------------------------------------


def _plan(plan_with_items, **_):
    return plan_with_items


def _adjusted_plan(plan_with_items, **_):
    from projects.models import AnnualPlan

    second = AnnualPlan.objects.create(year=2026, fund_source="local", version=2, status="approved")
    items = list(plan_with_items.items.all())
    second.items.create(project=items[0].project, amount_vnd=100_000_000)
    second.items.create(project=items[1].project, amount_vnd=items[1].amount_vnd)
    return second


def _project(contract_project, **_):
    return contract_project


def _acceptance(acceptance, **_):
    return acceptance


def _appraised(contract_project, staff_user, **_):
    contract_project.appraisals.create(
        appraised_on=dt.date(2025, 11, 3),
        council="Hội đồng thẩm định đề án khuyến công",
        score=86,
        recommendation="approve",
        summary="Đề án khả thi, phù hợp nội dung hỗ trợ.",
        recorded_by=staff_user,
    )
    return contract_project


def _settled_grant(contract_project, **_):
    from funding.models import Grant
    from projects.models import AnnualPlan
    from tests.factories import AllocationFactory

    return Grant.objects.create(
        project=contract_project,
        allocation=AllocationFactory(year=2026),
        plan=AnnualPlan.objects.create(year=2026, fund_source="local", status="approved"),
        approved_on=dt.date(2026, 1, 5),
        amount_vnd=135_000_000,
        project_cost_vnd=350_000_000,
        committed_vnd=0,
        paid_vnd=135_000_000,
        settled_vnd=135_000_000,
        counterpart_actual_vnd=215_000_000,
        status="settled",
    )


def _published_round(**_):
    from tests.factories import ProductFactory, published_certificate

    return published_certificate(ProductFactory(name="Nón lá làng Chuông")).entry.round


def _roster(**_):
    from collaborators.models import RosterMembership
    from tests.factories import CollaboratorFactory, commune

    roster = RosterFactory(year=2026)
    membership = RosterMembership.objects.create(
        roster=roster, collaborator=CollaboratorFactory(full_name="Trần Văn Bình")
    )
    membership.communes.set([commune("Xã Tân Yên")])
    return roster


def _overdue_project(**_):
    from projects.models import Project

    project = make_project(
        "DP-26-030", support=50_000_000, counterpart=0, plan_year=2026, status="in_progress"
    )
    Project.objects.filter(pk=project.pk).update(created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    return project


def _allowance_sheet(staff_user, **_):
    from collaborators.models import AllowanceRule
    from funding.allowances import services as sheets
    from tests.factories import UserFactory, allowance_roster, network_grant

    AllowanceRule.objects.create(
        legal_basis="Nghị quyết số 55/2015/NQ-HĐND",
        valid_from=dt.date(2016, 1, 1),
        wage_percent=30,
    )
    allowance_roster(2025, 2)
    sheet = sheets.allowance_sheet_prepare(
        actor=staff_user, month=dt.date(2025, 3, 1), grant=network_grant(2025)
    )
    return sheets.allowance_sheet_approve(actor=UserFactory(role="center_staff"), sheet=sheet)


def _periodic_job(plan_with_items, staff_user, **_):
    """A finished yearly report of 2026, the year of an approved plan of 270.500.000 đ."""
    from reports.models import JobStatus
    from reports.services import job_run, job_submit

    job = job_submit(
        actor=staff_user,
        kind="periodic",
        params={"period": "year", "year": 2026},
        format="json",
    )
    assert job_run(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    return job


OBJECTS = {
    "plan_decision": _plan,
    "contract": _project,
    "acceptance_minutes": _acceptance,
    "plan_adjustment_decision": _adjusted_plan,
    "appraisal_minutes": _appraised,
    "closure_minutes": _settled_grant,
    "recognition_decision": _published_round,
    "roster_decision": _roster,
    "progress_reminder": _overdue_project,
    "allowance_sheet": _allowance_sheet,
    "periodic_report": _periodic_job,
}


@pytest.fixture
def make_object(request, staff_user):
    def make(code):
        fixtures = {}
        for name in ("plan_with_items", "contract_project", "acceptance"):
            if name in OBJECTS[code].__code__.co_varnames:
                fixtures[name] = request.getfixturevalue(name)
        return OBJECTS[code](staff_user=staff_user, **fixtures)

    return make


def issue(code, obj, *, issued_on=ISSUED_ON) -> tuple[Document, object]:
    staff = UserFactory(role=Role.CENTER_STAFF)
    kind = kind_for(code)
    kind.signer_name = "Nguyễn Văn An"
    kind.save()
    draft = document_create_draft(actor=staff, kind=kind, obj=obj)
    document = document_issue(actor=staff, document=draft, issued_on=issued_on)
    with document.docx_file.open("rb") as handle:
        return document, Docx(io.BytesIO(handle.read()))


# --- what the Decree fixes ----------------------------------------------------------------


HALF_MM = Mm(0.5)


def _near(length, expected) -> bool:
    return abs(int(length) - int(expected)) <= HALF_MM


def _font(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return fonts.get(qn("w:ascii")) if fonts is not None else None


def _paragraphs(cell_or_doc):
    return [p for p in cell_or_doc.paragraphs if p.text.strip()]


def _size(paragraph) -> float:
    return {run.font.size.pt for run in paragraph.runs if run.text.strip()}.pop()


def check_layout(docx, *, notation: str, signer: str = "Nguyễn Văn An") -> None:
    section = docx.sections[0]
    assert _near(section.page_width, Mm(210))
    assert _near(section.page_height, Mm(297))
    assert _near(section.top_margin, Mm(20))
    assert _near(section.bottom_margin, Mm(20))
    assert _near(section.left_margin, Mm(30))
    assert _near(section.right_margin, Mm(15))
    # No page number on page 1; the others carry one in the header.
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_header._element.xml
    assert "PAGE" in section.header._element.xml
    normal = docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert normal.paragraph_format.first_line_indent == Cm(1.27)
    runs = [r for p in docx.paragraphs for r in p.runs if r.text.strip()]
    for table in docx.tables:
        for cell in table._cells:
            runs += [r for p in cell.paragraphs for r in p.runs if r.text.strip()]
    assert {(_font(r) or "Times New Roman") for r in runs} == {"Times New Roman"}
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "DỰ THẢO" not in text
    assert "{{" not in text
    assert "{%" not in text

    # The header: a borderless table of two columns.
    header = docx.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(edge.get(qn("w:val")) == "nil" for edge in borders)
    left, right = (_paragraphs(c) for c in header.rows[0].cells)
    assert left[0].text == "SỞ CÔNG THƯƠNG TỈNH BẮC NINH"
    assert _size(left[0]) == 13
    assert not any(r.bold for r in left[0].runs)
    assert left[1].text == "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP"
    assert all(r.bold for r in left[1].runs)
    assert _size(left[1]) == 13
    number_line = next(p for p in left if p.text.startswith("Số:"))
    assert number_line.text == f"Số: {notation}"
    assert _size(number_line) == 13
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(r.bold for r in right[0].runs)
    assert _size(right[0]) == 13
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert all(r.bold for r in right[1].runs)
    assert _size(right[1]) == 14
    date_line = right[2]
    assert date_line.text == "Bắc Ninh, ngày 05 tháng 01 năm 2026"
    assert all(r.italic for r in date_line.runs if r.text.strip())

    # The footer: "Nơi nhận:" bold italic 12, the list in 11 ending "- Lưu: VT, …".
    footer = next(
        t for t in docx.tables if any(p.text == "Nơi nhận:" for c in t._cells for p in c.paragraphs)
    )
    cell = next(c for c in footer._cells if any(p.text == "Nơi nhận:" for p in c.paragraphs))
    lines = _paragraphs(cell)
    assert lines[0].text == "Nơi nhận:"
    assert _size(lines[0]) == 12
    assert all(r.bold and r.italic for r in lines[0].runs)
    assert all(_size(p) == 11 for p in lines[1:])
    assert lines[-1].text.startswith("- Lưu: VT, ")
    assert all(p.text.endswith(";") for p in lines[1:-1])
    assert lines[-1].text.endswith(".")
    names = [
        p
        for t in docx.tables
        for c in t._cells
        for p in c.paragraphs
        if p.text == signer and all(r.bold for r in p.runs)
    ]
    assert names, "the signer's name, bold"


def check_legal_bases(docx) -> None:
    bases = [p for p in docx.paragraphs if p.text.startswith("Căn cứ")]
    assert bases
    assert all(all(r.italic for r in p.runs if r.text.strip()) for p in bases)
    assert all(p.text.endswith(";") for p in bases[:-1])
    assert bases[-1].text.endswith(".")


@pytest.mark.parametrize("code", list(KINDS))
def test_every_default_template_follows_the_decree(code, make_object):
    obj = make_object(code)
    document, docx = issue(code, obj)
    abbreviation = KINDS[code].abbreviation
    middle = f"{abbreviation}-" if abbreviation else ""
    assert document.notation == f"01/{middle}TTKC"
    check_layout(docx, notation=f"01/{middle}TTKC")
    if KINDS[code].legal_bases:
        check_legal_bases(docx)
    text = "\n".join(p.text for p in docx.paragraphs)
    if abbreviation == "QĐ":
        assert "QUYẾT ĐỊNH" in text
        article = next(p for p in docx.paragraphs if p.text.startswith("Điều 1."))
        assert article.runs[0].text.strip() == "Điều 1."
        assert article.runs[0].bold
    assert "./." in text


@pytest.mark.parametrize("code", list(KINDS))
def test_a_draft_is_marked_and_has_no_number_or_date(code, make_object):
    obj = make_object(code)
    docx = Docx(io.BytesIO(draft_render(kind=kind_for(code), obj=obj)))
    assert docx.paragraphs[0].text == "DỰ THẢO"
    left, right = docx.tables[0].rows[0].cells
    number_line = next(p.text for p in left.paragraphs if p.text.startswith("Số:"))
    assert re.fullmatch(r"Số: \s+/.*TTKC", number_line), number_line
    assert "ngày …… tháng …… năm ……" in right.text
    assert not Document.objects.exists()


def _annex_tables(docx) -> list:
    """The tables of the annex's list: from the one with the header to the one with the
    totals."""
    start = next(i for i, t in enumerate(docx.tables) if t.rows[0].cells[1].text == "Mã đề án")
    end = next(
        i
        for i, t in enumerate(docx.tables)
        if i >= start and t.rows[-1].cells[2].text == "Tổng cộng"
    )
    return docx.tables[start : end + 1]


def test_the_plan_decision_annex_lists_each_item_and_the_plans_totals(plan_with_items):
    _document, docx = issue("plan_decision", plan_with_items)
    (annex,) = _annex_tables(docx)
    items = list(plan_with_items.items.order_by("project__code"))
    body = annex.rows[1:-1]
    assert [row.cells[1].text for row in body] == [i.project.code for i in items]
    assert body[0].cells[4].text.startswith("Hợp tác xã mây tre DP-26-001 (MST: ")
    assert body[0].cells[8].text == "135.000.000"
    assert body[0].cells[7].text == "335.000.000"  # support and counterpart
    total = annex.rows[-1]
    plan_total = sum(i.amount_vnd for i in items)
    assert plan_total == 270_500_000
    assert total.cells[8].text == "270.500.000"
    assert total.cells[9].text == "260.000.000"
    summary = next(t for t in docx.tables if t.rows[0].cells[0].text == "Nội dung")
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in summary.rows[1:]}
    assert rows["Kinh phí khuyến công địa phương"] == [
        "3",
        "530.500.000",
        "270.500.000",
        "260.000.000",
    ]
    by_content = [[c.text for c in row.cells] for row in summary.rows[1:-1]]
    assert sum(int(row[3].replace(".", "")) for row in by_content) == plan_total
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "(Kèm theo Quyết định số 01/QĐ-TTKC ngày 05/01/2026 của Giám đốc" in text
    assert "Hai trăm bảy mươi triệu năm trăm nghìn đồng" in text
    assert "Căn cứ Quyết định số 45/QĐ-UBND ngày 05 tháng 01 năm 2026" in text


def test_a_long_annex_is_cut_into_tables_that_read_as_one_list(plan_with_items, monkeypatch):
    # LibreOffice converts a plan of 1,800 projects three times faster as tables of 100
    # rows than as one table; here tables of 2 rows show the cut with 3 items.
    monkeypatch.setattr("documents.kinds.plans.ANNEX_ROWS_PER_TABLE", 2)
    _document, docx = issue("plan_decision", plan_with_items)
    first, second = _annex_tables(docx)
    assert first.rows[0].cells[1].text == "Mã đề án"
    assert [row.cells[1].text for row in first.rows[1:]] == ["DP-26-001", "DP-26-002"]
    assert second.rows[0].cells[1].text == "DP-26-003"  # no header, no total in the first
    assert [c.text for c in second.rows[-1].cells[7:]] == [
        "530.500.000",
        "270.500.000",
        "260.000.000",
    ]
    assert len(second.rows) == 2
    # A paragraph one point high keeps them two tables (Word would join adjacent ones).
    between = first._tbl.getnext()
    assert between.tag == qn("w:p")
    assert between.getnext() is second._tbl


def test_the_contract_states_the_parties_and_the_value_in_words(contract_project):
    _document, docx = issue("contract", contract_project)
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "BÊN B (Bên nhận hỗ trợ): Hợp tác xã mây tre DP-26-010" in text
    establishment = contract_project.beneficiaries.get()
    assert f"Mã số thuế: {establishment.tax_code}" in text
    assert "135.000.000 đồng (Bằng chữ: Một trăm ba mươi lăm triệu đồng)" in text
    assert "trước ngày 25" in text


def test_before_a_grant_the_contract_states_the_advance_ceiling_of_the_rule_in_force(
    contract_project, settings
):
    from funding.models import SupportRule

    # The province's own rule for the content, newer than the rules the portal ships.
    SupportRule.objects.create(
        content_type=contract_project.content_type,
        fund_source=contract_project.fund_source,
        province_code=settings.KHUYENCONG_PROVINCE_CODE,
        legal_basis="15/2026/NQ-HĐND",
        item="Máy móc thiết bị",
        valid_from=dt.date(2026, 1, 1),
        advance_max_percent=Decimal("33.5"),
    )
    _document, docx = issue("contract", contract_project)
    text = "\n".join(p.text for p in docx.paragraphs)
    # 33,5% of 135.000.000 đồng, rounded down to the đồng.
    assert "không quá 33,5% giá trị hợp đồng (45.225.000 đồng)" in text
    assert "……%" not in text


def test_the_acceptance_minutes_give_the_result(acceptance):
    _document, docx = issue("acceptance_minutes", acceptance)
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "ngày 12 tháng 11 năm 2026" in text
    assert "Đề án đạt yêu cầu." in text
    assert "Máy chạy ổn định" in text


def test_the_allowance_decision_pays_the_sheet_in_words_and_lists_it(staff_user):
    sheet = _allowance_sheet(staff_user)
    _document, docx = issue("allowance_sheet", sheet)
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "tháng 03/2025 cho 2 cộng tác viên" in text
    assert "1.404.000 đồng (bằng chữ: Một triệu bốn trăm linh bốn nghìn đồng)" in text
    assert "Căn cứ Nghị quyết số 55/2015/NQ-HĐND" in text
    annex = next(t for t in docx.tables if t.rows[0].cells[1].text == "Họ và tên")
    assert [row.cells[4].text for row in annex.rows[1:]] == ["702.000", "702.000", "1.404.000"]
    assert annex.rows[1].cells[3].text == "Không nộp"


def test_the_periodic_report_prints_the_figures_of_its_job(plan_with_items, staff_user):
    """The paper sent to the Department carries the same figures as the job's file, per
    measure, in total and per fund source, with its number from the register."""
    import json

    job = _periodic_job(plan_with_items, staff_user)
    with job.file.open("rb") as handle:
        data = json.loads(handle.read())
    document, docx = issue("periodic_report", job)
    assert document.notation == "01/BC-TTKC"
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "BÁO CÁO" in text
    assert data["period"]["name"] in text
    figures = docx.tables[1]
    rows = [[c.text for c in row.cells] for row in figures.rows]
    assert rows[0][1] == "Chỉ tiêu"
    by_name = {row[1]: row for row in rows[1:]}
    assert len(by_name) == len(data["measures"]) > 0
    for measure in data["measures"]:
        total = data["total"][measure["code"]]
        if measure["unit"] != "percent":
            assert by_name[measure["name"]][3] == f"{int(total):,}".replace(",", ".")
    planned = [m for m in data["measures"] if data["total"][m["code"]] == 270_500_000]
    assert planned, "the approved plan's amount is one of the report's figures"
    assert all(by_name[m["name"]][3] == "270.500.000" for m in planned)
