"""Providers from the environment, the login page's buttons, and the refusals that need no
provider running (the sign-in itself: tests/integration/test_oidc.py)."""

import socket

import pytest
from django.core.checks import run_checks
from django.test import Client

from accounts.models import LoginEvent
from khuyencong.env import EnvironmentError_, logout_origins
from tests.oidc_support import provider_setting


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_provider_is_read_from_its_variables():
    spec = provider_setting(
        "vneid",
        "https://xacthuc.example.gov.vn/",
        "portal",
        label="VNeID / Cổng DVC quốc gia",
        roles="establishment_user",
        acr_values="LoA2",
        mfa_acr="LoA3 urn:mfa",
        claims="identity_number=SoDinhDanh, tax_code=MaSoThue",
    )
    assert spec["issuer"] == "https://xacthuc.example.gov.vn"
    assert (
        spec["discovery_url"] == "https://xacthuc.example.gov.vn/.well-known/openid-configuration"
    )
    assert spec["roles"] == ["establishment_user"]
    assert spec["mfa_acr"] == ["LoA3", "urn:mfa"]
    assert spec["claims"] == {"identity_number": "SoDinhDanh", "tax_code": "MaSoThue"}
    assert spec["scopes"] == "openid profile"
    assert spec["token_auth"] == "client_secret_basic"
    assert spec["logout"] is True


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"roles": ""}, "KHUYENCONG_OIDC_VNEID_ROLES"),
        ({"roles": "official", "token_auth": "private_key_jwt"}, "TOKEN_AUTH"),
        ({"roles": "official", "claims": "identity_number"}, "CLAIMS"),
    ],
)
def test_a_provider_misconfigured_is_refused_with_its_variable_named(extra, named):
    with pytest.raises(EnvironmentError_, match=named):
        provider_setting("vneid", "https://id.example.gov.vn", "portal", **extra)


def test_an_issuer_that_is_not_a_url_is_refused():
    with pytest.raises(EnvironmentError_, match="ISSUER"):
        provider_setting("sso", "sso.example.gov.vn", "portal", roles="official")


def test_a_provider_for_a_role_that_does_not_exist_stops_the_portal(settings):
    settings.KHUYENCONG_OIDC_PROVIDERS = [
        provider_setting("sso", "https://sso.example.gov.vn", "portal", roles="official,boss")
    ]
    errors = [e for e in run_checks() if e.id == "accounts.E001"]
    assert len(errors) == 1
    assert "boss" in errors[0].msg


@pytest.mark.django_db
def test_without_providers_the_login_page_shows_no_provider_button(settings):
    settings.KHUYENCONG_OIDC_PROVIDERS = []
    page = Client().get("/accounts/login/").content.decode()
    assert "Đăng nhập bằng" not in page
    assert 'name="password"' in page


@pytest.mark.django_db
def test_the_login_page_shows_one_button_per_provider(settings):
    settings.KHUYENCONG_OIDC_PROVIDERS = [
        provider_setting(
            "vneid", "https://id.example.gov.vn", "p", label="VNeID", roles="establishment_user"
        ),
        provider_setting(
            "sso", "https://sso.example.gov.vn", "p", label="SSO tỉnh", roles="official"
        ),
    ]
    page = Client().get("/accounts/login/?next=/projects/").content.decode()
    assert "Đăng nhập bằng VNeID" in page
    assert "Đăng nhập bằng SSO tỉnh" in page
    assert "/accounts/oidc/start/?provider=vneid&amp;next=/projects/" in page
    assert 'name="password"' in page  # local passwords stay


@pytest.mark.django_db
def test_an_unknown_provider_is_not_found(settings):
    settings.KHUYENCONG_OIDC_PROVIDERS = []
    assert Client().get("/accounts/oidc/start/?provider=vneid").status_code == 404


@pytest.mark.django_db
def test_a_provider_that_cannot_be_reached_sends_back_to_the_login_page(settings):
    settings.KHUYENCONG_OIDC_PROVIDERS = [
        provider_setting(
            "sso",
            f"http://127.0.0.1:{_closed_port()}/o",
            "p",
            label="SSO tỉnh",
            roles="official",
            timeout="2",
        )
    ]
    response = Client().get("/accounts/oidc/start/?provider=sso", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Hiện không kết nối được SSO tỉnh" in response.content.decode()


@pytest.mark.django_db
def test_a_callback_not_started_here_is_refused_and_audited():
    response = Client().get("/accounts/oidc/callback/?code=x&state=forged", follow=True)
    assert "đã hết hạn hoặc không bắt đầu từ đây" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert LoginEvent.objects.get().kind == "refused"


@pytest.mark.django_db
def test_the_confirmation_page_with_nothing_waiting_sends_back_to_login():
    response = Client().get("/accounts/oidc/confirm/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Không có thông tin nào đang chờ xác nhận" in response.content.decode()


@pytest.mark.django_db
def test_the_logout_form_may_lead_to_the_providers_logout_pages_and_nowhere_else(settings):
    providers = [
        provider_setting("vneid", "https://xacthuc.example.gov.vn/", "p", roles="official"),
        provider_setting(
            "sso", "https://sso.example.gov.vn:8443/oauth2/token", "p", roles="official"
        ),
        provider_setting(
            "quiet", "https://quiet.example.gov.vn", "p", roles="official", logout="false"
        ),
    ]
    settings.KHUYENCONG_FORM_ACTION_ORIGINS = logout_origins(providers)
    policy = Client().get("/accounts/login/")["Content-Security-Policy"]
    assert (
        "form-action 'self' https://sso.example.gov.vn:8443 https://xacthuc.example.gov.vn;"
        in policy
    )
