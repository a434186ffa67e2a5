from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static


def _logo_url() -> str:
    logo = settings.KHUYENCONG_LOGO
    return logo if logo.startswith(("/", "https://", "http://")) else static(logo)


def center(request: HttpRequest) -> dict:
    return {
        "center_name": settings.KHUYENCONG_CENTER_NAME,
        "center_logo": _logo_url(),
        "supervising_agency": settings.KHUYENCONG_SUPERVISING_AGENCY,
        "place_name": settings.KHUYENCONG_PLACE_NAME,
    }
