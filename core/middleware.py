from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise with the language switch.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: many
    office machines run an English Windows, and the portal speaks Vietnamese first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# Scripts and styles only from our own files: no inline script anywhere in the portal.
# `data:` images are Bootstrap's icons (select arrows, the menu button). The admin keeps
# Django's own inline styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
ADMIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


class ContentSecurityPolicyMiddleware:
    """The Content Security Policy and the Permissions Policy, on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = (
            ADMIN_CONTENT_SECURITY_POLICY
            if request.path.startswith("/admin/")
            else CONTENT_SECURITY_POLICY
        )
        # Signing out of a session opened through a sign-in provider goes on to the
        # provider's logout page: the logout form may lead there, and nowhere else.
        origins = settings.KHUYENCONG_FORM_ACTION_ORIGINS
        if origins:
            policy = policy.replace("form-action 'self'", f"form-action 'self' {' '.join(origins)}")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Browser features the portal never uses are off for every page and every frame, so
# that a script slipped in somehow cannot reach them either. The visit form opens the
# phone's camera for its photo; only that page lets the portal itself use it.
PERMISSIONS_POLICY_OFF = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)


def permissions_policy(*, allow_self: tuple[str, ...] = ()) -> str:
    return ", ".join(
        f"{feature}=(self)" if feature in allow_self else f"{feature}=()"
        for feature in PERMISSIONS_POLICY_OFF
    )


PERMISSIONS_POLICY = permissions_policy()
CAMERA_PERMISSIONS_POLICY = permissions_policy(allow_self=("camera",))


def uses_camera(view):
    """The page takes photos with the camera: the portal (not a frame) may use it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Permissions-Policy"] = CAMERA_PERMISSIONS_POLICY
        return response

    return wrapped
