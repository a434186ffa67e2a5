"""A real LibreOffice conversion: the PDF carries what the DOCX says."""

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from documents import pdf
from documents.models import PdfStatus
from documents.services import document_attach_pdf
from tests.conftest import skip_or_fail
from tests.documents.test_templates import issue

SCREENS = Path("/work/notes/screens")


def _text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def soffice():
    if not pdf.available():
        skip_or_fail("LibreOffice (soffice) is not installed")


def _convert(code, obj, tmp_path) -> tuple[str, object]:
    document, _docx = issue(code, obj, issued_on=dt.date(2026, 1, 5))
    document = document_attach_pdf(document_id=document.pk)
    assert document.pdf_status == PdfStatus.DONE
    out = tmp_path / f"{code}.pdf"
    with document.pdf_file.open("rb") as handle:
        out.write_bytes(handle.read())
    if SCREENS.is_dir():  # the first page, to look at (pdftoppm)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out), str(SCREENS / code)],
            check=True,
            timeout=60,
        )
    return _text(out), document


@pytest.mark.libreoffice
@pytest.mark.django_db
@pytest.mark.usefixtures("soffice")
def test_the_plan_decision_pdf_carries_the_number_totals_and_names(plan_with_items, tmp_path):
    text, document = _convert("plan_decision", plan_with_items, tmp_path)
    assert "Số: 01/QĐ-TTKC" in text
    assert "Bắc Ninh, ngày 05 tháng 01 năm 2026" in text
    assert "270.500.000" in text  # the plan's total support
    assert "DP-26-003" in text  # a code of the annex (names wrap in their cells)
    assert "Phụ lục" in text
    assert "Nguyễn Văn An" in text
    assert document.notation == "01/QĐ-TTKC"


@pytest.mark.libreoffice
@pytest.mark.django_db
@pytest.mark.usefixtures("soffice")
def test_the_contract_pdf_carries_the_value_in_words(contract_project, tmp_path):
    text, _document = _convert("contract", contract_project, tmp_path)
    assert "Số: 01/HĐ-TTKC" in text
    assert "Một trăm ba mươi lăm triệu đồng" in text
    assert "Hợp tác xã mây tre DP-26-010" in text


@pytest.mark.django_db
def test_without_libreoffice_the_paper_stays_docx_with_a_note(settings, contract_project):
    settings.KHUYENCONG_SOFFICE = "/nonexistent/soffice"
    document, _docx = issue("contract", contract_project)
    document = document_attach_pdf(document_id=document.pk)
    assert document.pdf_status == PdfStatus.UNAVAILABLE
    assert not document.pdf_file
    assert "chưa cài LibreOffice" in document.get_pdf_status_display()
