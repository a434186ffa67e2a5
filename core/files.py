import mimetypes
from pathlib import Path

from django.http import FileResponse


def private_file_response(
    field_file, *, download: bool = False, filename: str | None = None
) -> FileResponse:
    """Serve a stored file to a user a view has already checked; never a media URL."""
    content_type, _encoding = mimetypes.guess_type(field_file.name)
    return FileResponse(
        field_file.open("rb"),
        as_attachment=download,
        filename=filename or Path(field_file.name).name,
        content_type=content_type or "application/octet-stream",
    )
