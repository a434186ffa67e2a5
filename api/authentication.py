"""`Authorization: Bearer <token>`: the token names an API client, read from the database
on every call, so a revoked token is refused on its very next call."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiClient, Scope
from .services import token_hash


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as: Authorization: Bearer <token>."))
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid or revoked token.")) from None
        client = (
            ApiClient.objects.select_related("user")
            .filter(token_hash=token_hash(token), revoked_at__isnull=True)
            .first()
        )
        if client is None:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        # A collaborator's client acts as that person: it ends when their account does.
        if client.scope == Scope.COLLABORATOR and not client.user.is_active:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        return client.user, client

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
