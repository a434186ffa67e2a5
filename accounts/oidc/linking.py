"""Which account a verified identity signs in to, and linking it after confirmation.

- A subject already linked signs in to its account, if that account is active and still
  holds a role the provider is for.
- Otherwise, for a provider of staff, officials, collaborators or council members: the one
  active account with such a role whose identity number (recorded by a superuser), or
  whose e-mail when the provider says it is verified, is what the provider said, and
  that has no identity at this provider yet. Nobody becomes staff by signing in: an
  unknown person is refused.
- For a provider of citizens and organisations: an establishment account with the same
  identity number not yet linked there, or a new establishment account; its
  establishments are asked for by tax code or identity number (hooks).
Both last cases wait for the person to confirm what the provider said.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import LoginEvent, OidcIdentity, User
from accounts.oidc import hooks
from accounts.oidc.client import Verified
from accounts.oidc.providers import EXISTING_ONLY_ROLES, Provider
from accounts.roles import user_roles

SIGN_IN, LINK, CREATE, REFUSE = "sign_in", "link", "create", "refuse"
FACTS = (
    "name",
    "identity_number",
    "birthdate",
    "phone",
    "email",
    "address",
    "organisation_id",
    "organisation_name",
    "tax_code",
)


@dataclass
class Decision:
    kind: str
    user: User | None = None
    message: str = ""  # what the person reads when refused
    detail: str = ""  # what the audit records
    candidates: list = field(default_factory=list)


def facts_of(verified: Verified) -> dict:
    """What the provider said, under the portal's names (empty ones left out)."""
    facts = {name: verified.claim(name) for name in FACTS}
    facts = {name: value for name, value in facts.items() if value}
    facts["sub"] = verified.subject
    for claim in ("acr", "amr"):
        if verified.claims.get(claim):
            facts[claim] = verified.claims[claim]
    return facts


def is_citizen(user: User) -> bool:
    """An account of the people the portal serves: no staff, official, collaborator or
    council role, no admin. (The establishment role follows the links the center
    confirmed, so an account whose links wait has no role yet.)"""
    return not (user.is_staff or user.is_superuser or user_roles(user) & EXISTING_ONLY_ROLES)


def allowed(provider: Provider, user: User) -> bool:
    if user_roles(user) & provider.roles:
        return True
    return provider.self_service and is_citizen(user)


def _existing_match(provider: Provider, facts: dict, claims: dict) -> list[User]:
    wanted = Q(pk__in=[])
    if facts.get("identity_number"):
        wanted |= Q(identity_number=facts["identity_number"])
    if facts.get("email") and claims.get("email_verified") is True:
        wanted |= Q(email__iexact=facts["email"])
    return list(
        User.objects.filter(wanted, is_active=True, groups__name__in=provider.existing_roles)
        .exclude(oidc_identities__provider=provider.key)
        .distinct()[:2]
    )


def decide(verified: Verified) -> Decision:
    provider = verified.provider
    facts = facts_of(verified)
    identity = (
        OidcIdentity.objects.select_related("user")
        .filter(provider=provider.key, subject=verified.subject)
        .first()
    )
    if identity is not None:
        user = identity.user
        if not user.is_active:
            return Decision(REFUSE, message=_("This account is disabled."), detail="inactive")
        if not allowed(provider, user):
            return Decision(
                REFUSE,
                message=_("This account may not sign in through %(provider)s.")
                % {"provider": provider.label},
                detail="role not allowed",
            )
        return Decision(SIGN_IN, user=user)
    if provider.existing_roles:
        matches = _existing_match(provider, facts, verified.claims)
        if len(matches) == 1:
            return Decision(LINK, user=matches[0])
        if len(matches) > 1:
            return Decision(
                REFUSE,
                message=_("Several accounts match this identity: ask the administrator."),
                detail="several accounts match",
            )
    if provider.self_service:
        candidates = hooks.establishments_for(facts)
        if facts.get("identity_number"):
            # An account of the people served with this identity number (made by the
            # center, or through another provider), not linked here yet.
            accounts = (
                User.objects.filter(
                    identity_number=facts["identity_number"],
                    is_active=True,
                    is_staff=False,
                    is_superuser=False,
                )
                .exclude(groups__name__in=EXISTING_ONLY_ROLES)
                .exclude(oidc_identities__provider=provider.key)
                .order_by("pk")
            )
            existing = next((u for u in accounts[:2] if is_citizen(u)), None)
            if existing is not None:
                return Decision(LINK, user=existing, candidates=candidates)
        return Decision(CREATE, candidates=candidates)
    return Decision(
        REFUSE,
        message=_(
            "No account of the center matches this identity. Ask the administrator to "
            "record your identity number on your account, then sign in again."
        ),
        detail="no matching account",
    )


def _username(provider: Provider, subject: str) -> str:
    digest = hashlib.sha256(f"{provider.key}:{subject}".encode()).hexdigest()[:16]
    return f"{provider.key}-{digest}"


@transaction.atomic
def identity_link(*, verified: Verified, request_origin: dict) -> tuple[User, Decision]:
    """Link the identity the person confirmed: decided again now (an account may have
    changed since the callback). Returns the account to sign in to."""
    decision = decide(verified)
    if decision.kind in (SIGN_IN, REFUSE):
        return decision.user, decision
    provider = verified.provider
    facts = facts_of(verified)
    if decision.kind == CREATE:
        user = User(
            username=_username(provider, verified.subject),
            full_name=(facts.get("organisation_name") or facts.get("name", ""))[:150],
            phone=facts.get("phone", "")[:20],
            email=facts.get("email", "")[:254],
            identity_number=facts.get("identity_number", "")[:20],
        )
        # Signs in only through the provider: no password to guess or to lose.
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    else:
        user = decision.user
    OidcIdentity.objects.create(
        provider=provider.key,
        subject=verified.subject,
        user=user,
        claims=facts,
        last_login_at=timezone.now(),
    )
    if provider.self_service and is_citizen(user):
        # Exact matches are confirmed at once (and bring the establishment role); the
        # others wait for the center.
        hooks.link_establishments(user=user, facts=facts, via=provider.key)
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.LINKED,
        user=user,
        username=user.get_username(),
        provider=provider.key,
        **request_origin,
    )
    return user, decision


def identity_used(*, provider: Provider, subject: str) -> None:
    OidcIdentity.objects.filter(provider=provider.key, subject=subject).update(
        last_login_at=timezone.now()
    )
