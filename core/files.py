import logging
import mimetypes
from pathlib import PurePosixPath

from django.http import FileResponse, Http404

log = logging.getLogger(__name__)


def private_file_response(
    field_file, *, download: bool = False, filename: str | None = None
) -> FileResponse:
    """Serve a stored file to a user a view has already checked; never a media URL.

    The file is read through its storage (a folder or the shared bucket) and streamed;
    a file the storage no longer has answers 404, not a server error."""
    content_type, _encoding = mimetypes.guess_type(field_file.name)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        log.error("stored file missing: %s", field_file.name)
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=download,
        filename=filename or PurePosixPath(field_file.name).name,
        content_type=content_type or "application/octet-stream",
    )
