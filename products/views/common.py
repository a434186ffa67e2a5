"""What the screens of products share: reading numbers and search text from a request,
showing a refusal, and who sees the rounds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from accounts.roles import is_center_staff, is_council_member, is_official

GALLERY_PAGE = 24
LIST_PAGE = 50


def positive_int(value, *, digits: int = 9) -> int | None:
    """A small positive integer from a query string or form, or None ("²" is a digit to
    str.isdigit, not to int)."""
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None


def search_text(request: HttpRequest) -> str:
    """The search box's text; without NUL characters, which PostgreSQL refuses."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


def refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def require_staff(user) -> None:
    if not is_center_staff(user):
        raise Http404


def sees_rounds(user) -> bool:
    return is_center_staff(user) or is_official(user) or is_council_member(user)
