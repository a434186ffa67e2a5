"""DOCX to PDF through LibreOffice headless. Each run has a profile of its own (two
conversions at once would otherwise fight over one) and a time limit."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings


class Unavailable(Exception):
    """LibreOffice is not installed here: the portal keeps DOCX only."""


class ConversionFailed(Exception):
    pass


def soffice() -> str | None:
    return shutil.which(settings.KHUYENCONG_SOFFICE)


def available() -> bool:
    return soffice() is not None


def convert(docx: bytes, *, timeout: int | None = None) -> bytes:
    program = soffice()
    if program is None:
        raise Unavailable
    timeout = timeout or settings.KHUYENCONG_PDF_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="kc-soffice-") as work:
        folder = Path(work)
        source = folder / "paper.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"LibreOffice took more than {timeout} s") from exc
        target = folder / "paper.pdf"
        if result.returncode != 0 or not target.is_file():
            raise ConversionFailed(result.stderr.decode(errors="replace")[-500:])
        return target.read_bytes()
