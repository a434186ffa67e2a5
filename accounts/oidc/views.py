"""The pages of a sign-in through a provider: start, callback, confirmation."""

from __future__ import annotations

import datetime as dt
import logging
import time

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import two_factor
from accounts.audit import origin
from accounts.models import LoginEvent
from accounts.oidc import linking, providers
from accounts.oidc.client import STATES_KEY, TokenCheck, Verified, authorization_redirect

log = logging.getLogger(__name__)
PENDING_KEY = "oidc_pending"  # a verified identity waiting for the person's confirmation
SIGNED_IN_KEY = "oidc_signed_in"  # provider and ID token of this session, for logout
NEXT_KEY = "oidc_login_next"  # mozilla-django-oidc's: where to go after signing in
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refuse(request, *, provider_key: str, message: str, detail: str, username: str = ""):
    LoginEvent.objects.create(
        kind=LoginEvent.Kind.REFUSED,
        username=username[:150],
        provider=provider_key,
        detail=detail[:200],
        **origin(request),
    )
    messages.error(request, message)
    return redirect("accounts:login")


def _next(request, *, citizen: bool) -> str:
    target = request.session.pop(NEXT_KEY, None) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    # The people the portal serves land in their own portal; staff on the home page.
    if citizen:
        return reverse(settings.KHUYENCONG_OIDC_SELF_SERVICE_URL)
    return reverse(settings.LOGIN_REDIRECT_URL)


@require_GET
def start(request):
    """To the provider's sign-in page (?provider=<key>), with a fresh state, nonce and
    PKCE challenge."""
    key = request.GET.get("provider", "")
    provider = providers.get(key)
    if provider is None:
        raise Http404
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    try:
        return authorization_redirect(request, provider)
    except (requests.RequestException, ImproperlyConfigured, KeyError, ValueError) as exc:
        log.warning("provider %s unreachable: %s", key, exc)
        messages.error(
            request,
            _("%(provider)s cannot be reached just now. Try again later.")
            % {"provider": provider.label},
        )
        return redirect("accounts:login")


def _sign_in(request, user, verified: Verified):
    provider = verified.provider
    target = _next(request, citizen=provider.self_service and linking.is_citizen(user))
    request.oidc_provider = provider.key  # the login audit records which provider
    auth.login(request, user, backend=MODEL_BACKEND)
    # No password was given here: changing the second factor asks for it (sudo mode).
    # A provider whose acr level says it checked a second factor spares the portal's own.
    two_factor.signed_in_through_provider(
        request, mfa=verified.claims.get("acr") in provider.mfa_acr
    )
    linking.identity_used(provider=provider, subject=verified.subject)
    request.session[SIGNED_IN_KEY] = {"provider": provider.key, "id_token": verified.id_token}
    return redirect(target)


@require_GET
def callback(request):
    """Where the provider sends the person back: state, code, token, then the account."""
    state = request.GET.get("state", "")
    states = request.session.get(STATES_KEY) or {}
    entry = states.pop(state, None) if state else None
    request.session[STATES_KEY] = states
    if not isinstance(entry, dict) or "provider" not in entry:
        return _refuse(
            request,
            provider_key="",
            message=_("This sign-in has expired or was not started here. Start again."),
            detail="unknown state",
        )
    provider = providers.get(entry["provider"])
    if provider is None:
        raise Http404
    if request.GET.get("error"):
        return _refuse(
            request,
            provider_key=provider.key,
            message=_("The sign-in at %(provider)s was cancelled or refused.")
            % {"provider": provider.label},
            detail=f"provider error: {request.GET['error']}",
        )
    try:
        verified = TokenCheck(provider).check(
            request, nonce=entry.get("nonce") or "", code_verifier=entry.get("code_verifier")
        )
    except (SuspiciousOperation, requests.RequestException, ValueError, KeyError) as exc:
        log.warning("sign-in through %s refused: %s", provider.key, exc)
        return _refuse(
            request,
            provider_key=provider.key,
            message=_("%(provider)s's answer could not be verified, so you were not signed in.")
            % {"provider": provider.label},
            detail=str(exc),
        )
    decision = linking.decide(verified)
    if decision.kind == linking.REFUSE:
        return _refuse(
            request,
            provider_key=provider.key,
            message=decision.message,
            detail=decision.detail,
            username=decision.user.get_username() if decision.user else "",
        )
    if decision.kind == linking.SIGN_IN:
        return _sign_in(request, decision.user, verified)
    request.session[PENDING_KEY] = {
        "provider": provider.key,
        "claims": verified.claims,
        "id_token": verified.id_token,
        "at": time.time(),
    }
    return redirect("accounts:oidc_confirm")


def _pending(request) -> Verified | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    provider = providers.get(pending.get("provider", ""))
    age = time.time() - float(pending.get("at", 0))
    if provider is None or not 0 <= age < settings.KHUYENCONG_OIDC_CONFIRM_MINUTES * 60:
        request.session.pop(PENDING_KEY, None)
        return None
    return Verified(provider=provider, claims=pending["claims"], id_token=pending["id_token"])


@require_http_methods(["GET", "POST"])
def confirm(request):
    """The first sign-in: what the provider said, and what confirming will do."""
    verified = _pending(request)
    if verified is None:
        messages.error(request, _("Nothing is waiting for confirmation. Sign in again."))
        return redirect("accounts:login")
    if request.method == "POST":
        if request.POST.get("action") != "confirm":
            request.session.pop(PENDING_KEY, None)
            messages.info(request, _("Nothing was linked. You are not signed in."))
            return redirect("accounts:login")
        user, decision = linking.identity_link(verified=verified, request_origin=origin(request))
        request.session.pop(PENDING_KEY, None)
        if decision.kind == linking.REFUSE:
            return _refuse(
                request,
                provider_key=verified.provider.key,
                message=decision.message,
                detail=decision.detail,
            )
        messages.success(
            request,
            _("Your %(provider)s identity is linked to this account. Welcome, %(name)s.")
            % {"provider": verified.provider.label, "name": user.display_name},
        )
        return _sign_in(request, user, verified)
    decision = linking.decide(verified)
    facts = linking.facts_of(verified)
    try:  # dd/mm/yyyy, as every date of the portal
        born = dt.date.fromisoformat(facts.get("birthdate", ""))
        facts["birthdate"] = f"{born:%d/%m/%Y}"
    except ValueError:
        pass
    return render(
        request,
        "accounts/oidc_confirm.html",
        {
            "provider": verified.provider,
            "facts": facts,
            "decision": decision,
            "minutes": settings.KHUYENCONG_OIDC_CONFIRM_MINUTES,
        },
    )


def end_session_url(request, signed_in: dict | None) -> str | None:
    """The provider's logout address for this session's sign-in (RP-initiated logout),
    where the provider offers one; it sends the person back to the login page."""
    if not isinstance(signed_in, dict):
        return None
    provider = providers.get(signed_in.get("provider", ""))
    if provider is None or not provider.logout:
        return None
    try:
        endpoint = provider.endpoints().end_session
    except (requests.RequestException, ImproperlyConfigured, KeyError, ValueError) as exc:
        log.warning("provider %s unreachable for logout: %s", provider.key, exc)
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": signed_in.get("id_token", ""),
            "client_id": provider.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
