"""The configured providers (settings.KHUYENCONG_OIDC_PROVIDERS) and their endpoints."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from accounts.roles import Role

log = logging.getLogger(__name__)
DISCOVERY_CACHE_SECONDS = 3600
# Roles a provider lets in only when an account with the role already exists: nobody
# becomes staff, an official, a collaborator or a council member by signing in.
EXISTING_ONLY_ROLES = frozenset(
    {Role.CENTER_STAFF, Role.OFFICIAL, Role.COLLABORATOR, Role.COUNCIL_MEMBER}
)
# The claims the portal reads, and their standard names; a provider's own names come
# from KHUYENCONG_OIDC_<KEY>_CLAIMS.
STANDARD_CLAIMS = {
    "name": "name",
    "identity_number": "identity_number",
    "birthdate": "birthdate",
    "phone": "phone_number",
    "email": "email",
    "address": "address",
    "organisation_id": "organisation_id",
    "organisation_name": "organisation_name",
    "tax_code": "tax_code",
}


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks: str
    userinfo: str = ""
    end_session: str = ""


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    acr_values: str
    mfa_acr: tuple[str, ...]
    roles: frozenset[str]
    claims: dict = field(hash=False)
    token_auth: str = "client_secret_basic"
    sign_algo: str = "RS256"
    logout: bool = True
    timeout: float = 10.0

    @property
    def self_service(self) -> bool:
        """Whether a person unknown to the portal may get an establishment account here."""
        return establishment_role() in self.roles

    @property
    def existing_roles(self) -> frozenset[str]:
        return self.roles & EXISTING_ONLY_ROLES

    def claim_name(self, ours: str) -> str:
        return self.claims.get(ours, STANDARD_CLAIMS.get(ours, ours))

    def endpoints(self) -> Endpoints:
        return discover(self)


def establishment_role() -> str:
    """The role of people who act for establishments (from the establishments' side)."""
    return Role.ESTABLISHMENT_USER


def configured() -> list[Provider]:
    return [
        Provider(
            **{
                **spec,
                "mfa_acr": tuple(spec.get("mfa_acr", ())),
                "roles": frozenset(spec["roles"]),
                "claims": dict(spec.get("claims", {})),
            }
        )
        for spec in settings.KHUYENCONG_OIDC_PROVIDERS
    ]


def get(key: str) -> Provider | None:
    return next((p for p in configured() if p.key == key), None)


def discover(provider: Provider) -> Endpoints:
    """The provider's endpoints from its discovery document, kept for an hour. Its issuer
    must be the one configured (a document that names another is refused)."""
    cache_key = f"oidc:discovery:{provider.discovery_url}"
    document = None
    try:
        document = cache.get(cache_key)
    except Exception as exc:  # the cache is down: ask the provider
        log.warning("cache unavailable: %s", exc)
    if document is None:
        response = requests.get(provider.discovery_url, timeout=provider.timeout)
        response.raise_for_status()
        document = response.json()
        if str(document.get("issuer", "")).rstrip("/") != provider.issuer:
            raise ImproperlyConfigured(
                f"{provider.discovery_url} names issuer {document.get('issuer')!r}, "
                f"not {provider.issuer!r}."
            )
        try:
            cache.set(cache_key, document, DISCOVERY_CACHE_SECONDS)
        except Exception as exc:
            log.warning("cache unavailable: %s", exc)
    return Endpoints(
        authorization=document["authorization_endpoint"],
        token=document["token_endpoint"],
        jwks=document["jwks_uri"],
        userinfo=document.get("userinfo_endpoint", ""),
        end_session=document.get("end_session_endpoint", ""),
    )
