"""Uploads are never trusted: a photo is decoded and re-encoded (which drops anything hidden
in it, including the GPS position a phone writes into EXIF), and a document must start the
way its kind of file starts. Both get a random name: the user's file name is not kept on
disk."""

import io
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 2560  # pixels: plenty for a 10x15 cm print at 300 dpi
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding

# How each kind of document starts (its "magic" bytes).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def clean_photo(upload) -> SimpleUploadedFile:
    """The photo decoded and saved again as a JPEG of at most MAX_SIDE pixels a side,
    turned upright, without metadata, under a random name."""
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo is too large (%(w)s x %(h)s pixels).") % {"w": width, "h": height}
                )
            probe.load()
            image = ImageOps.exif_transpose(probe)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, (255, 255, 255))
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not a photo the portal can read (JPEG or PNG).")
        ) from exc
    return SimpleUploadedFile(random_name("jpg"), buffer.getvalue(), content_type="image/jpeg")


def clean_document(upload, allowed: tuple[str, ...] = tuple(SIGNATURES)):
    """The document if it starts the way its extension says, under a random name."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension not in allowed or extension not in SIGNATURES:
        raise ValidationError(
            _("Upload a file of these kinds: %(kinds)s.")
            % {"kinds": ", ".join(sorted(set(allowed)))}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("This file is not really a .%(ext)s file: its content does not match its name.")
            % {"ext": extension}
        )
    upload.name = random_name(extension)
    return upload
