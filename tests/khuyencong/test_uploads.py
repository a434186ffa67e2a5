"""Uploads are not trusted: photos are re-encoded without their metadata, documents must
be what their name says, and no user file name reaches the disk."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import MAX_SIDE, clean_document, clean_photo


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


def test_a_document_keeps_its_kind_and_loses_its_name():
    upload = SimpleUploadedFile("../../etc/quyết định.pdf", b"%PDF-1.7\n...")
    cleaned = clean_document(upload)
    assert cleaned.name.endswith(".pdf")
    assert "/" not in cleaned.name
    assert "quyết" not in cleaned.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hop-dong.pdf", b"<html>not a pdf</html>"),
        ("bang.docx", b"%PDF-1.4 a pdf named docx"),
        ("virus.exe", b"MZ\x90\x00"),
        ("khong-duoi", b"%PDF-1.4"),
    ],
)
def test_a_document_that_is_not_what_its_name_says_is_refused(name, content):
    with pytest.raises(ValidationError):
        clean_document(SimpleUploadedFile(name, content))
