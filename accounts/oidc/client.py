"""The authorization code flow against one provider, on mozilla-django-oidc's pieces.

Its request view makes the state, the nonce and the PKCE pair (S256) and keeps them in
the session under the state; its backend exchanges the code (with the verifier), fetches
the provider's keys (JWKS) and checks the ID token's signature and nonce. On top of it the
issuer, the audience, the expiry and the issue time are required, and the userinfo
answer must name the same subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import jwt
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from accounts.oidc.providers import Provider

CALLBACK_URL = "accounts:oidc_callback"
LEEWAY_SECONDS = 60
STATES_KEY = "oidc_states"  # mozilla-django-oidc's: state -> nonce, verifier, time


def _settings_for(provider: Provider, endpoints) -> dict:
    extra = {"acr_values": provider.acr_values} if provider.acr_values else {}
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": endpoints.authorization,
        "OIDC_OP_TOKEN_ENDPOINT": endpoints.token,
        "OIDC_OP_USER_ENDPOINT": endpoints.userinfo,
        "OIDC_OP_JWKS_ENDPOINT": endpoints.jwks,
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_RP_SIGN_ALGO": provider.sign_algo,
        "OIDC_RP_SCOPES": provider.scopes,
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": extra,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_TOKEN_USE_BASIC_AUTH": provider.token_auth == "client_secret_basic",
        "OIDC_TIMEOUT": provider.timeout,
        "OIDC_VERIFY_SSL": True,
        "OIDC_VERIFY_KID": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
    }


class _ProviderSettings:
    """Reads a provider's values where mozilla-django-oidc reads global settings."""

    oidc_settings: dict

    def get_settings(self, attr, *args):
        if attr in self.oidc_settings:
            return self.oidc_settings[attr]
        return import_from_settings(attr, *args)


class AuthorizationRequest(_ProviderSettings, OIDCAuthenticationRequestView):
    def __init__(self, provider: Provider):
        View.__init__(self)
        self.provider = provider
        self.oidc_settings = _settings_for(provider, provider.endpoints())
        self.OIDC_OP_AUTH_ENDPOINT = self.oidc_settings["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = provider.client_id


def authorization_redirect(request, provider: Provider):
    """The redirect to the provider's authorization endpoint; the session remembers, under
    the state, the nonce, the PKCE verifier and which provider it was."""
    response = AuthorizationRequest(provider).get(request)
    state = parse_qs(urlparse(response["Location"]).query)["state"][0]
    states = request.session[STATES_KEY]
    states[state]["provider"] = provider.key
    request.session[STATES_KEY] = states
    return response


@dataclass(frozen=True)
class Verified:
    """What a provider said about a person, once its token was checked."""

    provider: Provider
    claims: dict  # the ID token's claims, completed by the userinfo answer
    id_token: str

    @property
    def subject(self) -> str:
        return str(self.claims["sub"])

    def claim(self, ours: str) -> str:
        value = self.claims.get(self.provider.claim_name(ours))
        if isinstance(value, dict):  # an OIDC address is an object
            value = value.get("formatted") or ", ".join(str(v) for v in value.values() if v)
        return "" if value is None else str(value).strip()


class TokenCheck(_ProviderSettings, OIDCAuthenticationBackend):
    """Exchanges the code and checks the ID token; never a Django authentication backend
    of its own (which account signs in is decided in accounts.oidc.linking)."""

    def __init__(self, provider: Provider):
        self.provider = provider
        self.oidc_settings = _settings_for(provider, provider.endpoints())
        self.OIDC_OP_TOKEN_ENDPOINT = self.oidc_settings["OIDC_OP_TOKEN_ENDPOINT"]
        self.OIDC_OP_USER_ENDPOINT = self.oidc_settings["OIDC_OP_USER_ENDPOINT"]
        self.OIDC_OP_JWKS_ENDPOINT = self.oidc_settings["OIDC_OP_JWKS_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is not signed with the expected algorithm.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def verify_token(self, token, **kwargs):
        if not kwargs.get("nonce"):
            raise SuspiciousOperation("No nonce was sent for this sign-in.")
        return super().verify_token(token, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            info = self.get_userinfo(access_token, id_token, payload)
            if str(info.get("sub")) != str(payload.get("sub")):
                raise SuspiciousOperation("The userinfo answer names another subject.")
            # The ID token's own claims (issuer, nonce, acr, times) are not overridden.
            claims = {**info, **payload}
        return Verified(provider=self.provider, claims=claims, id_token=id_token)

    def check(self, request, *, nonce: str, code_verifier: str) -> Verified:
        """Exchange the code of this callback; refuse (SuspiciousOperation) what fails."""
        verified = self.authenticate(request, nonce=nonce, code_verifier=code_verifier)
        if not isinstance(verified, Verified):
            raise SuspiciousOperation("The provider's answer could not be used.")
        return verified
