from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts import two_factor


class TwoFactorMiddleware:
    """Sends a signed-in user who still owes the second step to it, from every page but
    the second step itself, logging out, and static files. The state lives in the
    session and is checked against the user's current roles and authenticator on every
    request (see two_factor.session_state): no query on a page for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._exempt(request.path)
            and two_factor.session_state(request) == two_factor.PENDING
        ):
            target = reverse("accounts:two_factor")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("accounts:two_factor"),
            # Setting up the second step may first ask for the password again.
            reverse("accounts:confirm_password"),
            reverse("accounts:logout"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
        return path.startswith(allowed)
