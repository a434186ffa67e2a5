"""The certificate as a PDF, laid out after the single national template (Appendix 6 of
TT 26/2014/TT-BCT): national motto, issuing authority, title, product, establishment,
decision, validity, signature block; plus a QR code that opens the public verification."""

import io

from django.utils import translation
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from core.pdf import SERIF, SERIF_BOLD, register_fonts
from localities.selectors import configured_province

from .models import Certificate, Level

LEVEL_TITLE = {
    Level.COMMUNE: "CẤP XÃ",
    Level.PROVINCIAL: "CẤP TỈNH",
    Level.REGIONAL: "CẤP KHU VỰC",
    Level.NATIONAL: "CẤP QUỐC GIA",
}


def _authority(certificate: Certificate) -> tuple[str, str]:
    """(issuing body, who signs) for the level of the certificate."""
    voting_round = certificate.entry.round
    if certificate.level == Level.COMMUNE and voting_round.commune is not None:
        return f"ỦY BAN NHÂN DÂN {voting_round.commune.name.upper()}", "CHỦ TỊCH"
    if certificate.level == Level.PROVINCIAL:
        return f"ỦY BAN NHÂN DÂN {configured_province().name.upper()}", "CHỦ TỊCH"
    if certificate.level == Level.REGIONAL:
        return "BỘ CÔNG THƯƠNG", "CỤC TRƯỞNG"
    return "BỘ CÔNG THƯƠNG", "BỘ TRƯỞNG"


def _centered(pdf, text: str, y: float, font: str, size: float, x: float | None = None):
    pdf.setFont(font, size)
    pdf.drawCentredString(x if x is not None else pdf._pagesize[0] / 2, y, text)


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate's PDF, in Vietnamese whatever the reader's language (it is the
    legal document)."""
    register_fonts()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Giấy chứng nhận {certificate.number}")
    pdf.setAuthor("khuyencong")
    pdf.setSubject(certificate.product_name)

    # A double frame, in the red of the national template.
    pdf.setStrokeColor(colors.HexColor("#b3261e"))
    pdf.setLineWidth(3)
    pdf.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)

    authority, signer = _authority(certificate)
    left = 75 * mm
    _centered(pdf, authority, height - 28 * mm, SERIF_BOLD, 11, x=left)
    _centered(pdf, f"Số: {certificate.number}", height - 35 * mm, SERIF, 10, x=left)
    right = width - 85 * mm
    _centered(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", height - 28 * mm, SERIF_BOLD, 11, x=right)
    _centered(pdf, "Độc lập - Tự do - Hạnh phúc", height - 34 * mm, SERIF_BOLD, 11, x=right)

    pdf.setFillColor(colors.HexColor("#b3261e"))
    _centered(pdf, "GIẤY CHỨNG NHẬN", height - 58 * mm, SERIF_BOLD, 30)
    _centered(
        pdf,
        f"SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU {LEVEL_TITLE[certificate.level]}",
        height - 68 * mm,
        SERIF_BOLD,
        15,
    )
    _centered(pdf, f"NĂM {certificate.year}", height - 76 * mm, SERIF_BOLD, 13)
    pdf.setFillColor(colors.black)

    with translation.override("vi"):
        group = certificate.get_group_display()
    lines = [
        ("Sản phẩm:", certificate.product_name),
        ("Nhóm sản phẩm:", str(group)),
        ("Chủ thể:", certificate.establishment_name),
        ("Địa chỉ:", certificate.address),
        (
            "Theo Quyết định:",
            f"số {certificate.decision_number} ngày {certificate.decision_date:%d/%m/%Y}",
        ),
        ("Giá trị đến hết ngày:", f"{certificate.valid_until:%d/%m/%Y}"),
    ]
    y = height - 94 * mm
    for label, value in lines:
        pdf.setFont(SERIF, 12)
        pdf.drawString(40 * mm, y, label)
        pdf.setFont(SERIF_BOLD, 13)
        pdf.drawString(95 * mm, y, _fit(pdf, value, SERIF_BOLD, 13, width - 150 * mm))
        y -= 9 * mm

    _centered(
        pdf,
        f"Ngày {certificate.issued_on:%d} tháng {certificate.issued_on:%m} năm "
        f"{certificate.issued_on:%Y}",
        48 * mm,
        SERIF,
        11,
        x=right,
    )
    _centered(pdf, signer, 41 * mm, SERIF_BOLD, 12, x=right)
    _centered(pdf, "(Ký, ghi rõ họ tên và đóng dấu)", 35 * mm, SERIF, 9, x=right)

    # The QR code opens the public verification page of this certificate.
    widget = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = widget.getBounds()
    size = 32 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, 22 * mm, 18 * mm)
    pdf.setFont(SERIF, 8)
    pdf.drawString(22 * mm, 16 * mm, "Quét mã để kiểm tra giấy chứng nhận")

    if certificate.revoked_at is not None:
        pdf.saveState()
        pdf.setFillColor(colors.HexColor("#b3261e"))
        pdf.setFont(SERIF_BOLD, 60)
        pdf.translate(width / 2, height / 2)
        pdf.rotate(20)
        pdf.drawCentredString(0, 0, "ĐÃ THU HỒI")
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _fit(pdf, text: str, font: str, size: float, limit: float) -> str:
    """Shorten a value that would run past the frame."""
    if pdf.stringWidth(text, font, size) <= limit:
        return text
    while text and pdf.stringWidth(text + "…", font, size) > limit:
        text = text[:-1]
    return text + "…"
