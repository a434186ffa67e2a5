from django.conf import settings
from django.http import HttpRequest


def center(request: HttpRequest) -> dict:
    return {"center_name": settings.KHUYENCONG_CENTER_NAME}
