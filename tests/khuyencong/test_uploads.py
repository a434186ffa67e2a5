"""Uploads are not trusted: photos are re-encoded without their metadata (and measured
before they are decoded), documents are parsed as what their name says, and no user file
name reaches the disk."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from core.uploads import (
    MAX_SIDE,
    SHEET_MAIN,
    WORD_MAIN,
    clean_document,
    clean_photo,
    clean_photos,
)
from tests.factories import pdf_bytes


def _jpeg_with_gps(size=(40, 20)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to stand upright
    exif[0x8825] = {1: "N", 2: (21.0, 18.0, 0.0)}  # GPS: where the phone was
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("IMG_2024 nhà ông A.jpg", buffer.getvalue(), "image/jpeg")


def test_a_photo_loses_its_gps_and_stands_upright_under_a_random_name():
    cleaned = clean_photo(_jpeg_with_gps())

    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.format == "JPEG"
    assert image.size == (20, 40)  # turned by its orientation tag
    assert not image.getexif()  # no GPS, no camera, nothing
    assert cleaned.name.endswith(".jpg")
    assert "nhà" not in cleaned.name
    assert len(cleaned.name) == 36


def test_a_transparent_png_becomes_a_jpeg_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (255, 0, 0, 0)).save(buffer, format="PNG")
    cleaned = clean_photo(SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.mode == "RGB"
    assert image.getpixel((4, 4))[0] > 240  # white where it was transparent


def test_a_huge_photo_is_scaled_down():
    buffer = io.BytesIO()
    Image.new("RGB", (MAX_SIDE * 2, 100), (0, 0, 0)).save(buffer, format="PNG")
    cleaned = clean_photo(SimpleUploadedFile("wide.png", buffer.getvalue()))
    assert Image.open(io.BytesIO(cleaned.read())).size[0] == MAX_SIDE


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"GIF89a not really", b""],
)
def test_what_is_not_a_photo_is_refused(content):
    with pytest.raises(ValidationError):
        clean_photo(SimpleUploadedFile("anh.jpg", content, "image/jpeg"))


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 7_000)).save(buffer, format="PNG")  # 70 million pixels, tiny file
    with pytest.raises(ValidationError):
        clean_photo(SimpleUploadedFile("bom.png", buffer.getvalue()))


def _png(mode: str, size: tuple[int, int], name: str = "anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def _jpeg(size: tuple[int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), "image/jpeg")


def test_a_tiny_file_declaring_sixty_megapixels_is_refused_from_its_header():
    photo = _png("1", (7000, 8500))
    assert photo.size < 10_000  # 7 KB on the wire, 60 MB to 240 MB once decoded
    with pytest.raises(ValidationError) as refused:
        clean_photo(photo)
    assert "Ảnh quá lớn để xử lý (7000 x 8500 điểm ảnh): tối đa 13 megapixel" in str(refused.value)


def test_a_phones_twelve_megapixel_photo_passes():
    assert Image.open(io.BytesIO(clean_photo(_png("RGB", (4032, 3024))).read())).size == (
        MAX_SIDE,
        1920,
    )
    # A JPEG is decoded at half its size, which still prints 15 cm wide at 300 dpi.
    assert Image.open(io.BytesIO(clean_photo(_jpeg((4032, 3024))).read())).size == (2016, 1512)


def test_a_huge_jpeg_is_decoded_at_a_fraction_of_its_size():
    # 75 megapixels: refused if decoded whole, accepted because libjpeg decodes 1/4.
    cleaned = clean_photo(_jpeg((10000, 7500)))
    assert Image.open(io.BytesIO(cleaned.read())).size == (2500, 1875)


def test_a_forms_photos_together_are_bounded_before_any_is_decoded():
    photos = [_png("1", (3000, 3000), f"anh-{i}.png") for i in range(5)]  # 9 MP each
    with pytest.raises(ValidationError) as refused:
        clean_photos(photos)
    assert "cộng lại quá lớn để xử lý (45 megapixel): mỗi lần gửi tối đa 40" in str(refused.value)
    assert len(clean_photos(photos[:4])) == 4


# --- documents ---------------------------------------------------------------------------


def _package(main_type: str | None, *, extra: dict | None = None) -> bytes:
    """An Office package: [Content_Types].xml naming `main_type` for its main part."""
    override = (
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>' if main_type else ""
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/content-types">{override}</Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _empty_pdf() -> bytes:
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    return buffer.getvalue()


def test_a_document_keeps_its_kind_and_loses_its_name():
    upload = SimpleUploadedFile("../../etc/quyết định.pdf", pdf_bytes())
    cleaned = clean_document(upload)
    assert cleaned.name.endswith(".pdf")
    assert "/" not in cleaned.name
    assert "quyết" not in cleaned.name
    assert cleaned.read() == pdf_bytes()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.docx", _package(WORD_MAIN)),
        ("bang-tinh.xlsx", _xlsx()),
        ("quyet-dinh.pdf", pdf_bytes(pages=3)),
    ],
)
def test_real_office_files_and_pdfs_pass(name, content):
    cleaned = clean_document(SimpleUploadedFile(name, content))
    assert cleaned.name.rsplit(".", 1)[1] == name.rsplit(".", 1)[1]


def test_a_scan_sent_as_an_image_is_cleaned_like_a_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40)).save(buffer, format="PNG")
    cleaned = clean_document(SimpleUploadedFile("scan.png", buffer.getvalue()))
    assert cleaned.name.endswith(".jpg")
    assert Image.open(io.BytesIO(cleaned.read())).format == "JPEG"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        # Each of these starts the way its kind starts: first bytes let them in before.
        (
            "hop-dong.pdf",
            b"%PDF-1.4\n<html><script>alert(1)</script></html>",
            "không phải là tệp .pdf",
        ),
        ("bao-cao.docx", b"PK\x03\x04<html><script>alert(1)</script></html>", "tệp .docx"),
        ("bao-cao.docx", _package(None, extra={"index.html": "<script>1</script>"}), ".docx"),
        ("bao-cao.docx", _package(SHEET_MAIN), "tệp .docx"),  # a workbook named .docx
        (
            "bao-cao.docx",
            _package("application/vnd.ms-word.document.macroEnabled.main+xml"),
            ".docx",
        ),
        ("bang-tinh.xlsx", _package(WORD_MAIN), "tệp .xlsx"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1<html>not a Word file</html>", ".doc"),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
        ("mat-khau.pdf", _encrypted_pdf(), "được đặt mật khẩu"),
        ("trong.pdf", _empty_pdf(), "không có trang nào"),
        ("virus.exe", b"MZ\x90\x00", "Hãy tải lên tệp thuộc các loại"),
        ("khong-duoi", pdf_bytes(), "Hãy tải lên tệp thuộc các loại"),
        ("trang.html", b"<html></html>", "Hãy tải lên tệp thuộc các loại"),
    ],
)
def test_a_document_that_does_not_read_as_its_kind_is_refused(name, content, says):
    with pytest.raises(ValidationError) as refused:
        clean_document(SimpleUploadedFile(name, content))
    assert says in str(refused.value)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(settings):
    settings.KHUYENCONG_PACKAGE_MAX_UNPACKED_MB = 1
    bomb = _package(WORD_MAIN, extra={"word/media/a.bin": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000
    with pytest.raises(ValidationError) as refused:
        clean_document(SimpleUploadedFile("bao-cao.docx", bomb))
    assert "khi giải nén lớn hơn 1 MB" in str(refused.value)
