"""Uploads are never trusted. A photo is decoded and re-encoded (which drops anything hidden
in it, including the GPS position a phone writes into EXIF), but only after its header has
shown that decoding it fits the memory of a worker. A document is parsed the way its kind
of file is read — a PDF must open and have pages, a Word or Excel file must be a real
Office package — because first bytes are easy to fake. Every file gets a random name: the
user's file name is not kept on disk."""

import io
import uuid
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from xml.etree import ElementTree

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader

MAX_SIDE = 2560  # pixels: what is kept of a photo
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (libjpeg does it for free) as long
# as its longer side keeps at least this many pixels: 15 cm printed at 300 dpi.
PRINT_SIDE = 1772

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
MAX_PACKAGE_ENTRIES = 10_000
IMAGE_KINDS = ("jpg", "jpeg", "png")


def photo_max_pixels() -> int:
    return settings.KHUYENCONG_PHOTO_MAX_PIXELS


def package_max_unpacked_bytes() -> int:
    return settings.KHUYENCONG_PACKAGE_MAX_UNPACKED_MB * 1024 * 1024


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """The size that fits `size` into a square of `side` pixels, keeping its shape."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _decoding_size(image: Image.Image) -> tuple[int, int]:
    """The size decoding will produce, read from the header: a large JPEG is told to
    decode at a reduced scale first (nothing is decoded yet)."""
    if image.format == "JPEG":
        image.draft(None, _fit(image.size, PRINT_SIDE))
    return image.size


def _too_large(width: int, height: int) -> ValidationError:
    return ValidationError(
        _(
            "The photo is too large to process (%(w)s x %(h)s pixels): at most "
            "%(mp)s megapixels. Save it smaller or take it at a lower resolution."
        )
        % {"w": width, "h": height, "mp": photo_max_pixels() // 1_000_000}
    )


def _not_a_photo() -> ValidationError:
    return ValidationError(_("This file is not a photo the portal can read (JPEG or PNG)."))


def photo_pixels(upload) -> int:
    """How many pixels decoding the photo takes, from its header; a photo above
    KHUYENCONG_PHOTO_MAX_PIXELS is refused here."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            declared = image.size
            width, height = _decoding_size(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _not_a_photo() from exc
    finally:
        upload.seek(0)
    if width * height > photo_max_pixels():
        raise _too_large(*declared)
    return width * height


def clean_photo(upload) -> SimpleUploadedFile:
    """The photo decoded and saved again as a JPEG of at most MAX_SIDE pixels a side,
    turned upright, without metadata, under a random name.

    Decoding takes about four bytes a pixel whatever the file weighs (a 7 KB PNG can
    declare 60 million pixels), so the size read from the header is checked against
    KHUYENCONG_PHOTO_MAX_PIXELS before a single pixel is decoded."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            declared = image.size
            width, height = _decoding_size(image)
            if width * height > photo_max_pixels():
                raise _too_large(*declared)
            image.load()
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                transparent = image.mode in ("PA", "RGBa") or "transparency" in image.info
                image = image.convert("RGBA" if transparent else "RGB")
            # Shrink first: turning and flattening then work on the small picture.
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            ImageOps.exif_transpose(image, in_place=True)
            if image.mode in ("RGBA", "LA"):
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image.convert("RGB"), mask=image.getchannel("A"))
                image = background
            elif image.mode != "RGB":
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _not_a_photo() from exc
    return SimpleUploadedFile(random_name("jpg"), buffer.getvalue(), content_type="image/jpeg")


def clean_photos(uploads) -> list[SimpleUploadedFile]:
    """Several photos of one form: their headers are read first, and together they may
    not take more than KHUYENCONG_PHOTOS_MAX_PIXELS to decode (the time a request takes
    grows with the pixels decoded)."""
    uploads = list(uploads)
    total = sum(photo_pixels(upload) for upload in uploads)
    if total > settings.KHUYENCONG_PHOTOS_MAX_PIXELS:
        raise ValidationError(
            _(
                "Together these photos are too large to process (%(mp)s megapixels): "
                "at most %(max)s megapixels in one form. Send fewer or smaller photos."
            )
            % {
                "mp": round(total / 1_000_000),
                "max": settings.KHUYENCONG_PHOTOS_MAX_PIXELS // 1_000_000,
            }
        )
    return [clean_photo(upload) for upload in uploads]


# --- documents -------------------------------------------------------------------------


def _unreadable(extension: str) -> ValidationError:
    return ValidationError(
        _("This file is not a readable .%(ext)s file: the portal could not open it as one.")
        % {"ext": extension}
    )


def _check_pdf(upload, extension: str) -> None:
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Upload it without the password.")
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:  # a broken file can fail anywhere inside the parser
        raise _unreadable(extension) from exc
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."))


def _check_ooxml(upload, extension: str, *, main_type: str) -> None:
    """A real Word or Excel package: a zip whose [Content_Types].xml names the main part
    of that kind of document (macro-enabled packages name another type and are refused),
    and that does not unpack into more than the portal allows (a zip bomb)."""
    try:
        with zipfile.ZipFile(upload) as package:
            entries = package.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            if len(entries) > MAX_PACKAGE_ENTRIES or unpacked > package_max_unpacked_bytes():
                raise ValidationError(
                    _("This file unpacks to more than %(mb)s MB; it cannot be accepted.")
                    % {"mb": settings.KHUYENCONG_PACKAGE_MAX_UNPACKED_MB}
                )
            names = {entry.filename for entry in entries}
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                raise _unreadable(extension)
            root = ElementTree.fromstring(package.read(info))
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError) as exc:
        raise _unreadable(extension) from exc
    if root.tag != f"{CONTENT_TYPES_NS}Types":
        raise _unreadable(extension)
    main_parts = [
        override.get("PartName", "").lstrip("/")
        for override in root.iter(f"{CONTENT_TYPES_NS}Override")
        if override.get("ContentType") == main_type
    ]
    if len(main_parts) != 1 or main_parts[0] not in names:
        raise _unreadable(extension)


def _check_ole(upload, extension: str, *, streams: tuple[str, ...]) -> None:
    """An old Word or Excel file: an OLE compound file holding that program's stream."""
    try:
        with olefile.OleFileIO(upload) as ole:
            found = any(ole.exists(stream) for stream in streams)
    except Exception as exc:  # a broken file can fail anywhere inside the parser
        raise _unreadable(extension) from exc
    if not found:
        raise _unreadable(extension)


DOCUMENT_PARSERS: dict[str, Callable[..., None]] = {
    "pdf": _check_pdf,
    "docx": partial(_check_ooxml, main_type=WORD_MAIN),
    "xlsx": partial(_check_ooxml, main_type=SHEET_MAIN),
    "doc": partial(_check_ole, streams=("WordDocument",)),
    "xls": partial(_check_ole, streams=("Workbook", "Book")),
}
DOCUMENT_KINDS: tuple[str, ...] = (*DOCUMENT_PARSERS, *IMAGE_KINDS)


def clean_document(upload, allowed: tuple[str, ...] = DOCUMENT_KINDS) -> UploadedFile:
    """The document if it reads as the kind its extension names, under a random name.
    A scan sent as an image is cleaned like a photo (and becomes a JPEG)."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension not in allowed or extension not in DOCUMENT_KINDS:
        raise ValidationError(
            _("Upload a file of these kinds: %(kinds)s.")
            % {"kinds": ", ".join(sorted(set(allowed) & set(DOCUMENT_KINDS)))}
        )
    if extension in IMAGE_KINDS:
        return clean_photo(upload)
    upload.seek(0)
    try:
        DOCUMENT_PARSERS[extension](upload, extension)
    finally:
        upload.seek(0)
    upload.name = random_name(extension)
    return upload
