"""The roles of the portal, as Django groups, and the helpers that ask about them."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTER_STAFF = "center_staff", _("Center staff")
    COLLABORATOR = "collaborator", _("Collaborator")
    OFFICIAL = "official", _("Department official")
    COUNCIL_MEMBER = "council_member", _("Council member")
    # Someone who acts for an establishment in its own portal; held while at least one
    # confirmed representative link lasts (establishments.services.representatives).
    ESTABLISHMENT_USER = "establishment_user", _("Establishment representative")


# Model permissions each group holds ("app_label.codename"). Later apps extend this
# mapping; the groups are re-synchronised after every migrate. In the admin they only
# open what core/admin_base.py leaves open: guarded models stay read-only whatever
# a group holds.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.CENTER_STAFF: (
        "accounts.view_user",
        "localities.view_adminunit",
        "localities.view_adminunitsuccession",
        "establishments.view_establishment",
        "establishments.add_establishment",
        "establishments.change_establishment",
        "establishments.view_supportrequest",
        "establishments.view_representative",
        "establishments.view_changeproposal",
        "collaborators.view_collaborator",
        "collaborators.add_collaborator",
        "collaborators.change_collaborator",
        "collaborators.view_collaboratorroster",
        "collaborators.add_collaboratorroster",
        "collaborators.change_collaboratorroster",
        "collaborators.view_rostermembership",
        "collaborators.add_rostermembership",
        "collaborators.change_rostermembership",
        "collaborators.delete_rostermembership",
        "establishments.view_fieldvisit",
        "projects.view_project",
        "projects.view_appraisal",
        "projects.view_outcomefollowup",
        "funding.view_allocation",
        "funding.view_supportrule",
        "funding.add_supportrule",
        "funding.change_supportrule",
        "funding.view_grant",
        "funding.view_disbursement",
        "funding.view_refund",
        "products.view_product",
        "products.view_votinground",
        "products.view_certificate",
        "products.view_complaint",
        "documents.view_documentkind",
        "documents.change_documentkind",
        "documents.view_documenttemplate",
        "documents.view_document",
        "reports.view_measure",
        "reports.add_measure",
        "reports.change_measure",
        "reports.view_reportingperiod",
        "reports.change_reportingperiod",
    ),
    # Collaborators, officials and council members work in the portal, where selectors
    # scope every read; they hold no model permissions that the admin would honour.
    Role.COLLABORATOR: ("localities.view_adminunit",),
    Role.OFFICIAL: ("localities.view_adminunit", "localities.view_adminunitsuccession"),
    Role.COUNCIL_MEMBER: ("localities.view_adminunit",),
    # The establishment's own portal reads through selectors scoped to its links.
    Role.ESTABLISHMENT_USER: (),
}

_CACHE_ATTR = "_khuyencong_roles"
log = logging.getLogger(__name__)


def _roles_key(user) -> str:
    # The join date tells apart two users who got the same id (a database rebuilt).
    joined = user.date_joined.timestamp() if getattr(user, "date_joined", None) else 0
    return f"roles:{user.pk}:{joined}"


def user_roles(user) -> frozenset[str]:
    """The role names of a user: cached on the request's user object, and across
    requests in the cache (no query on most pages). Changing a user's groups clears it
    (signals below); should the cache be down, the database answers."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        seconds = settings.KHUYENCONG_ROLES_CACHE_SECONDS
        try:
            stored = cache.get(_roles_key(user)) if seconds else None
        except Exception as exc:  # the cache is down: the database still knows
            log.warning("roles cache unavailable: %s", exc)
            stored = None
        if stored is None:
            names = user.groups.filter(name__in=Role.values).values_list("name", flat=True)
            stored = sorted(names)
            try:
                if seconds:
                    cache.set(_roles_key(user), stored, seconds)
            except Exception as exc:
                log.warning("roles cache unavailable: %s", exc)
        cached = frozenset(stored)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(users) -> None:
    """Drop the cached roles of these users (their groups changed)."""
    try:
        cache.delete_many([_roles_key(u) for u in users])
    except Exception as exc:
        log.warning("roles cache unavailable: %s", exc)
    for user in users:
        if hasattr(user, _CACHE_ATTR):
            delattr(user, _CACHE_ATTR)


def actor_roles(user) -> frozenset[str]:
    """The roles a workflow table checks: a superuser acts as center staff too."""
    roles = user_roles(user)
    if getattr(user, "is_superuser", False):
        roles = roles | {Role.CENTER_STAFF}
    return roles


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def is_center_staff(user) -> bool:
    """Center staff, or a superuser (who can do everything staff can)."""
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.CENTER_STAFF)


def is_collaborator(user) -> bool:
    return has_role(user, Role.COLLABORATOR)


def is_official(user) -> bool:
    return has_role(user, Role.OFFICIAL)


def is_council_member(user) -> bool:
    return has_role(user, Role.COUNCIL_MEMBER)


def is_establishment_user(user) -> bool:
    return has_role(user, Role.ESTABLISHMENT_USER)


def sync_role_groups(apps=None) -> None:
    """Create the role groups and give each exactly the permissions of ROLE_PERMISSIONS.

    Works with the historical app registry inside a migration and with the live one.
    Permissions of apps not migrated yet are skipped; post_migrate adds them later.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.filter(_permission_q(perms))
        group.permissions.set(wanted)


def _permission_q(perms: Iterable[str]) -> models.Q:
    q = models.Q(pk__in=[])
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        q |= models.Q(content_type__app_label=app_label, codename=codename)
    return q


def sync_role_groups_after_migrate(sender, **kwargs) -> None:
    # Cheap (five groups), so simply run after each app: its permissions exist by now.
    sync_role_groups(kwargs.get("apps"))
