"""Issuing and revoking API clients. A token is shown once, when issued; only its hash
is kept."""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, is_center_staff, is_collaborator

from .models import ApiCallLog, ApiClient, Scope

TOKEN_PREFIX = "kc_"

# The group a service account of each scope holds; a public client holds none, so
# every scoped selector answers it as it answers a visitor of the public pages.
SCOPE_GROUPS = {
    Scope.CENTER_STAFF: Role.CENTER_STAFF,
    Scope.OFFICIAL: Role.OFFICIAL,
    Scope.PUBLIC: None,
}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_staff(actor) -> None:
    if not is_center_staff(actor):
        raise PermissionDenied


def _service_user(name: str, scope: str) -> User:
    """An account that acts for a client in the selectors and can never sign in."""
    username = f"api-{secrets.token_hex(6)}"
    user = User(username=username, full_name=_("API client %(name)s") % {"name": name})
    user.set_unusable_password()
    user.is_active = False
    user.full_clean()
    user.save()
    group = SCOPE_GROUPS[scope]
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@transaction.atomic
def api_client_create(
    *,
    actor,
    name: str,
    scope: str,
    personal_data: bool = False,
    acts_as: User | None = None,
    note: str = "",
) -> tuple[ApiClient, str]:
    """A new client and its token (returned once, never stored in clear). `actor` None
    is the command line of the server's operator."""
    if actor is not None:
        _require_staff(actor)
    if scope == Scope.COLLABORATOR:
        if acts_as is None or not is_collaborator(acts_as) or not acts_as.is_active:
            raise ValidationError(
                {"acts_as": _("Choose the active collaborator account this client acts as.")}
            )
        user = acts_as
    else:
        user = None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(
        name=name.strip(),
        scope=scope,
        personal_data=personal_data,
        token_hash=token_hash(token),
        token_prefix=token[:10],
        note=note,
        created_by=actor,
    )
    client.full_clean(exclude=["user"])
    client.user = user or _service_user(client.name, scope)
    client.save()
    return client, token


@transaction.atomic
def api_client_revoke(*, actor, client: ApiClient) -> ApiClient:
    """The token stops working on its next call: every call reads the client row."""
    if actor is not None:
        _require_staff(actor)
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This client is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


# "Last used" is shown to the minute: a client calling many times a minute updates it once.
LAST_USE_STEP = dt.timedelta(minutes=1)


def api_call_record(
    *,
    client: ApiClient | None,
    method: str,
    path: str,
    query: str,
    status: int,
    result_count: int | None,
    duration_ms: int,
) -> None:
    _log_without_waiting_for_the_disk()
    ApiCallLog.objects.create(
        client=client,
        method=method[:10],
        path=path[:500],
        query=query[:1000],
        status=status,
        result_count=result_count,
        duration_ms=max(0, duration_ms),
    )
    now = timezone.now()
    if client is not None and (
        client.last_used_at is None or now - client.last_used_at >= LAST_USE_STEP
    ):
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)


def _log_without_waiting_for_the_disk() -> None:
    """An API call only reads; its transaction writes only the call log. On PostgreSQL
    that commit does not wait for the disk (synchronous_commit off, for this transaction
    only): a crash of the database server could lose the last fraction of a second of
    log rows, never corrupt them, and a call no longer waits for a disk flush (the
    benchmark saw 60 ms stalls)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
