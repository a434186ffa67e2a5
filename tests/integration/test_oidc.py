"""Signing in through a real OpenID Connect provider (django-oauth-toolkit, a process of
its own on loopback, started here): the authorization code flow with PKCE, state and
nonce, the person's consent at the provider, the first sign-in's confirmation and
linking, tokens refused (a forged signature, a nonce the portal never sent), and a logout
that ends the session at the provider."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginEvent, OidcIdentity, User
from accounts.roles import Role, user_roles
from establishments.models import Representative
from tests.factories import EstablishmentFactory, UserFactory
from tests.oidc_support import Walker, client_spec, provider_setting, running_provider

pytestmark = [pytest.mark.oidc, pytest.mark.django_db]

CITIZEN = {
    "username": "nguyenvana",
    "password": "mat-khau-cong-dan",
    "claims": {
        "name": "Nguyễn Văn An",
        "SoDinhDanh": "001085012345",
        "birthdate": "1985-03-14",
        "phone_number": "0912345678",
        "address": {"formatted": "Thôn Đông, xã Tiên Du, tỉnh Bắc Ninh"},
        "MaSoThue": "2300123456",
        "acr": "LoA2",
    },
}
OFFICIAL = {
    "username": "canbo.so",
    "password": "mat-khau-can-bo",
    "claims": {"name": "Trần Thị Bình", "identity_number": "027190000111", "acr": "pwd"},
}
OFFICIAL_MFA = {
    "username": "canbo.mfa",
    "password": "mat-khau-can-bo-2",
    "claims": {"name": "Lê Văn Cường", "identity_number": "027190000222", "acr": "mfa"},
}
ORGANISATION = {
    "username": "htx.maytre",
    "password": "mat-khau-to-chuc",
    "claims": {
        "name": "Phạm Văn Dũng",
        "organisation_name": "HTX Mây tre đan Tân Yên",
        "organisation_id": "TC-0240000123",
        "MaSoThue": "2300999999",
        "acr": "LoA2",
    },
}
STRANGER = {
    "username": "nguoi.la",
    "password": "mat-khau-nguoi-la",
    "claims": {"name": "Người Lạ", "identity_number": "099999999999", "acr": "pwd"},
}
FORGED = {**STRANGER, "username": "forged", "behaviour": "rogue_signature"}
WRONG_NONCE = {**STRANGER, "username": "replayed", "behaviour": "wrong_nonce"}
PEOPLE = [CITIZEN, ORGANISATION, OFFICIAL, OFFICIAL_MFA, STRANGER, FORGED, WRONG_NONCE]


@pytest.fixture(scope="module")
def issuer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("provider")
    with running_provider(
        folder, people=PEOPLE, clients=[client_spec("portal-vneid"), client_spec("portal-sso")]
    ) as url:
        yield url


@pytest.fixture
def vneid(issuer, settings):
    """The national provider: citizens and organisations, with its own claim names."""
    spec = provider_setting(
        "vneid",
        issuer,
        "portal-vneid",
        label="VNeID / Cổng DVC quốc gia",
        roles="establishment_user",
        acr_values="LoA2",
        claims="identity_number=SoDinhDanh,tax_code=MaSoThue",
    )
    settings.KHUYENCONG_OIDC_PROVIDERS = [spec]
    return spec


@pytest.fixture
def sso(issuer, settings):
    """The province's sign-on: staff and officials, whose acr "mfa" means a second factor."""
    spec = provider_setting(
        "sso",
        issuer,
        "portal-sso",
        label="SSO tỉnh",
        roles="center_staff,official",
        mfa_acr="mfa",
    )
    settings.KHUYENCONG_OIDC_PROVIDERS = [spec]
    return spec


def sign_in(client: Client, issuer: str, key: str, person: dict, *, first: bool = True) -> Walker:
    """From the portal's button to the provider's consent, back to the portal."""
    walker = Walker(client, issuer)
    walker.go(f"/accounts/oidc/start/?provider={key}")
    if "/login/" in walker.url and walker.url.startswith(walker.provider_origin):
        walker.sign_in_at_provider(person["username"], person["password"])
    walker.consent()
    return walker


def test_the_authorization_request_carries_pkce_state_nonce_and_the_acr_level(vneid, issuer):
    client = Client()
    response = client.get("/accounts/oidc/start/?provider=vneid")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{issuer}/authorize/"
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert query["acr_values"] == ["LoA2"]
    assert query["redirect_uri"] == ["http://testserver/accounts/oidc/callback/"]
    assert query["client_id"] == ["portal-vneid"]


def test_a_citizen_consents_confirms_what_the_provider_said_and_gets_an_account(vneid, issuer):
    household = EstablishmentFactory(name="Cơ sở Mộc Đông", owner_identity_number="001085012345")
    company = EstablishmentFactory(
        name="Công ty TNHH Gốm Tiên Du", legal_form="enterprise", tax_code="2300123456"
    )
    EstablishmentFactory(name="Cơ sở của người khác", owner_identity_number="001085099999")
    client = Client()
    walker = sign_in(client, issuer, "vneid", CITIZEN)
    assert walker.url == "http://testserver/accounts/oidc/confirm/"
    page = walker.text
    for shown in (
        "Nguyễn Văn An",
        "001085012345",
        "14/03/1985",
        "0912345678",
        "Thôn Đông, xã Tiên Du, tỉnh Bắc Ninh",
        "2300123456",
        "Cơ sở Mộc Đông",
        "Công ty TNHH Gốm Tiên Du",
    ):
        assert shown in page
    assert "Cơ sở của người khác" not in page
    assert not get_user(client).is_authenticated  # nothing linked before confirming
    assert not OidcIdentity.objects.exists()

    walker.go("/accounts/oidc/confirm/", "POST", {"action": "confirm"})
    user = get_user(client)
    assert user.is_authenticated
    assert user.full_name == "Nguyễn Văn An"
    assert user.identity_number == "001085012345"
    assert not user.has_usable_password()
    # Both matched the register exactly: confirmed at once, and the role came with them.
    links = Representative.objects.filter(user=user)
    assert {(r.establishment_id, r.status, r.linked_via) for r in links} == {
        (household.pk, "confirmed", "oidc"),
        (company.pk, "confirmed", "oidc"),
    }
    assert user_roles(User.objects.get(pk=user.pk)) == {Role.ESTABLISHMENT_USER}
    # They land in their own portal, with a choice of their two establishments.
    assert walker.url == "http://testserver/my/"
    assert "Cơ sở Mộc Đông" in walker.text
    identity = OidcIdentity.objects.get(user=user)
    assert identity.provider == "vneid"
    assert identity.claims["tax_code"] == "2300123456"
    kinds = list(
        LoginEvent.objects.filter(user=user).order_by("id").values_list("kind", "provider")
    )
    assert kinds == [("linked", "vneid"), ("login", "vneid")]

    # Next time the stored subject signs them in at once: no confirmation, no new account.
    client.post("/accounts/logout/")
    again = Client()
    walker = sign_in(again, issuer, "vneid", CITIZEN)
    assert get_user(again).pk == user.pk
    assert User.objects.filter(identity_number="001085012345").count() == 1
    assert Representative.objects.filter(user=user).count() == 2


def test_an_organisation_not_matched_exactly_waits_for_the_center(
    vneid, issuer, django_assert_max_num_queries
):
    cooperative = EstablishmentFactory(name="HTX Mây tre đan Tân Yên", legal_form="cooperative")
    client = Client()
    walker = sign_in(client, issuer, "vneid", ORGANISATION)
    with django_assert_max_num_queries(6):
        client.get("/accounts/oidc/confirm/")
    for shown in ("HTX Mây tre đan Tân Yên", "TC-0240000123", "2300999999"):
        assert shown in walker.text
    assert "trung tâm xác nhận trước khi anh/chị đại diện cho cơ sở" in walker.text
    walker.go("/accounts/oidc/confirm/", "POST", {"action": "confirm"})
    user = get_user(client)
    assert user.is_authenticated
    link = Representative.objects.get(user=user)
    assert (link.establishment, link.status) == (cooperative, "pending")
    assert link.facts["organisation_id"] == "TC-0240000123"
    assert not user_roles(User.objects.get(pk=user.pk))  # nothing to act for yet
    assert walker.url == "http://testserver/my/"
    assert walker.status == 200
    assert 'data-testid="pick-' not in walker.text  # no establishment to open yet

    # Waiting for the center does not lock them out: the next sign-in goes through.
    client.post("/accounts/logout/")
    again = Client()
    sign_in(again, issuer, "vneid", ORGANISATION)
    assert get_user(again).pk == user.pk


def test_an_account_the_center_made_with_the_identity_number_is_linked_not_doubled(vneid, issuer):
    prepared = UserFactory(full_name="Nguyễn Văn An", identity_number="001085012345")
    client = Client()
    walker = sign_in(client, issuer, "vneid", CITIZEN)
    assert prepared.display_name in walker.text
    walker.go("/accounts/oidc/confirm/", "POST", {"action": "confirm"})
    assert get_user(client).pk == prepared.pk
    assert User.objects.filter(identity_number="001085012345").count() == 1


def test_cancelling_the_confirmation_links_nothing(vneid, issuer):
    client = Client()
    sign_in(client, issuer, "vneid", CITIZEN)
    response = client.post("/accounts/oidc/confirm/", {"action": "cancel"})
    assert response["Location"] == "/accounts/login/"
    assert not get_user(client).is_authenticated
    assert not OidcIdentity.objects.exists()
    assert not User.objects.filter(identity_number="001085012345").exists()


def test_refusing_consent_at_the_provider_signs_nobody_in(vneid, issuer):
    client = Client()
    walker = Walker(client, issuer)
    walker.go("/accounts/oidc/start/?provider=vneid")
    walker.sign_in_at_provider(CITIZEN["username"], CITIZEN["password"])
    walker.consent(allow=False)
    assert walker.url.endswith("/accounts/login/")
    assert "bị huỷ hoặc bị từ chối" in walker.text
    assert not get_user(client).is_authenticated
    assert LoginEvent.objects.get(kind="refused").provider == "vneid"


def test_an_official_links_only_to_the_account_the_administrator_prepared(sso, issuer, settings):
    settings.KHUYENCONG_2FA_REQUIRED = True
    official = UserFactory(role=Role.OFFICIAL, identity_number="027190000111")
    TOTPDevice.objects.create(user=official, name="authenticator", confirmed=True)
    client = Client()
    walker = sign_in(client, issuer, "sso", OFFICIAL)
    assert walker.url == "http://testserver/accounts/oidc/confirm/"
    assert official.display_name in walker.text
    walker.go("/accounts/oidc/confirm/", "POST", {"action": "confirm"})
    # The provider's acr does not say it checked a second factor: the portal's own step.
    assert walker.url.startswith("http://testserver/accounts/two-factor/")
    assert client.get("/").status_code == 302  # every page leads there
    assert get_user(client).pk == official.pk
    assert OidcIdentity.objects.get(provider="sso").user == official
    assert User.objects.count() == 1  # nobody new
    # No password was given in this session: changing the second factor asks for it.
    assert "khuyencong_sudo_at" not in client.session


def test_a_provider_that_checked_a_second_factor_spares_the_portals(sso, issuer, settings):
    settings.KHUYENCONG_2FA_REQUIRED = True
    official = UserFactory(role=Role.OFFICIAL, identity_number="027190000222")
    client = Client()
    walker = sign_in(client, issuer, "sso", OFFICIAL_MFA)
    walker.go("/accounts/oidc/confirm/", "POST", {"action": "confirm"})
    assert walker.url == "http://testserver/"  # staff land on the home page
    assert walker.status == 200
    assert get_user(client).pk == official.pk


def test_nobody_becomes_staff_by_signing_in(sso, issuer):
    # The number matches a collaborator, a role this sign-on is not for, and nobody else.
    UserFactory(role=Role.COLLABORATOR, identity_number=STRANGER["claims"]["identity_number"])
    before = User.objects.count()
    client = Client()
    walker = sign_in(client, issuer, "sso", STRANGER)
    assert walker.url.endswith("/accounts/login/")
    assert "Không có tài khoản nào của trung tâm" in walker.text
    assert not get_user(client).is_authenticated
    assert User.objects.count() == before
    assert not OidcIdentity.objects.exists()
    event = LoginEvent.objects.get(kind="refused")
    assert (event.provider, event.detail) == ("sso", "no matching account")


def test_an_account_that_lost_its_role_cannot_sign_in_through_the_staff_provider(sso, issuer):
    official = UserFactory(role=Role.OFFICIAL, identity_number="027190000111")
    client = Client()
    walker = sign_in(client, issuer, "sso", OFFICIAL)
    walker.go("/accounts/oidc/confirm/", "POST", {"action": "confirm"})
    client.post("/accounts/logout/")
    official.groups.clear()
    again = Client()
    walker = sign_in(again, issuer, "sso", OFFICIAL)
    assert not get_user(again).is_authenticated
    assert "không được đăng nhập qua" in walker.text


@pytest.mark.parametrize(
    ("person", "reason"),
    [(FORGED, "Signature verification failed"), (WRONG_NONCE, "Nonce verification failed")],
)
def test_a_forged_token_or_a_wrong_nonce_is_refused(vneid, issuer, person, reason):
    client = Client()
    walker = sign_in(client, issuer, "vneid", person)
    assert walker.url.endswith("/accounts/login/")
    assert "không xác minh được" in walker.text
    assert not get_user(client).is_authenticated
    assert "oidc_pending" not in client.session
    assert not User.objects.filter(identity_number=STRANGER["claims"]["identity_number"]).exists()
    event = LoginEvent.objects.get(kind="refused")
    assert event.provider == "vneid"
    assert reason in event.detail


def test_a_callback_replayed_is_refused(vneid, issuer):
    client = Client()
    walker = Walker(client, issuer)
    walker.go("/accounts/oidc/start/?provider=vneid")
    walker.sign_in_at_provider(CITIZEN["username"], CITIZEN["password"])
    callback = walker.consent(stop=lambda url: url.startswith("http://testserver"))
    assert client.get(callback)["Location"] == "/accounts/oidc/confirm/"
    # The same code and state a second time: the state was used up.
    response = client.get(callback, follow=True)
    assert "đã hết hạn hoặc không bắt đầu từ đây" in response.content.decode()
    assert LoginEvent.objects.filter(kind="refused", detail="unknown state").count() == 1


def test_logout_ends_the_session_at_the_provider(vneid, issuer):
    client = Client()
    walker = sign_in(client, issuer, "vneid", CITIZEN)
    walker.go("/accounts/oidc/confirm/", "POST", {"action": "confirm"})
    assert get_user(client).is_authenticated

    # While the provider's session lives, a new sign-in there asks for no password.
    other = Walker(Client(), issuer)
    other.provider = walker.provider
    other.go("/accounts/oidc/start/?provider=vneid")
    assert "authorizationForm" in other.text

    response = client.post("/accounts/logout/")
    end_session = response["Location"]
    assert end_session.startswith(f"{issuer}/logout/")
    assert "id_token_hint=" in end_session
    walker.go(end_session)
    assert walker.url == "http://testserver/accounts/login/"
    assert not get_user(client).is_authenticated

    # The provider's session is gone: starting again leads to its sign-in page.
    walker.go("/accounts/oidc/start/?provider=vneid")
    assert walker.url.startswith(f"{walker.provider_origin}/login/")
