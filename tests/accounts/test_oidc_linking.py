"""Which account a verified identity opens (accounts.oidc.linking), case by case; the
whole flow against a real provider is in tests/integration/test_oidc.py."""

import pytest

from accounts.models import OidcIdentity, User
from accounts.oidc import linking
from accounts.oidc.client import Verified
from accounts.oidc.providers import Provider
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _provider(key: str, roles: str) -> Provider:
    return Provider(
        key=key,
        label=key.upper(),
        issuer=f"https://{key}.example.gov.vn",
        discovery_url="",
        client_id="portal",
        client_secret="",
        scopes="openid",
        acr_values="",
        mfa_acr=(),
        roles=frozenset(roles.split(",")),
        claims={},
    )


SSO = _provider("sso", "center_staff,official")
VNEID = _provider("vneid", "establishment_user")


def _said(provider: Provider, **claims) -> Verified:
    return Verified(provider=provider, claims={"sub": "s-1", **claims}, id_token="t")


def test_an_email_links_only_when_the_provider_says_it_is_verified():
    official = UserFactory(role=Role.OFFICIAL, email="binh@sct.example.gov.vn")
    unverified = _said(SSO, email="binh@sct.example.gov.vn")
    assert linking.decide(unverified).kind == linking.REFUSE
    verified = _said(SSO, email="BINH@sct.example.gov.vn", email_verified=True)
    decision = linking.decide(verified)
    assert (decision.kind, decision.user) == (linking.LINK, official)


def test_two_accounts_with_the_same_number_are_refused_not_guessed():
    UserFactory(role=Role.OFFICIAL, identity_number="027190000111")
    UserFactory(role=Role.CENTER_STAFF, identity_number="027190000111")
    decision = linking.decide(_said(SSO, identity_number="027190000111"))
    assert decision.kind == linking.REFUSE
    assert decision.detail == "several accounts match"


def test_an_account_already_linked_at_the_provider_is_not_linked_a_second_time():
    official = UserFactory(role=Role.OFFICIAL, identity_number="027190000111")
    OidcIdentity.objects.create(provider="sso", subject="someone-else", user=official)
    decision = linking.decide(_said(SSO, identity_number="027190000111"))
    assert decision.kind == linking.REFUSE


def test_the_national_provider_never_opens_a_staff_or_admin_account():
    UserFactory(role=Role.CENTER_STAFF, identity_number="001085012345")
    UserFactory(identity_number="001085012345", is_superuser=True, is_staff=True)
    decision = linking.decide(_said(VNEID, identity_number="001085012345"))
    assert decision.kind == linking.CREATE  # a new account of its own, no staff's


def test_a_linked_account_that_was_disabled_is_refused():
    user = UserFactory(is_active=False)
    OidcIdentity.objects.create(provider="vneid", subject="s-1", user=user)
    decision = linking.decide(_said(VNEID))
    assert (decision.kind, decision.detail) == (linking.REFUSE, "inactive")


def test_an_account_made_through_the_provider_has_no_password_and_no_role_of_its_own():
    user, decision = linking.identity_link(
        verified=_said(VNEID, name="Nguyễn Văn An", identity_number="001085012345"),
        request_origin={},
    )
    assert decision.kind == linking.CREATE
    user = User.objects.get(pk=user.pk)
    assert not user.has_usable_password()
    assert not user.groups.exists()  # no establishment matched: nothing to act for
    assert user.username.startswith("vneid-")
    assert OidcIdentity.objects.get(user=user).claims["identity_number"] == "001085012345"
