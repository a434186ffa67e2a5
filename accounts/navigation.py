"""The navigation bar: each role sees its own entries, nothing it cannot open.

At most seven top entries for any role: a few direct links, the rest grouped in menus by
what a person is doing (the registers, projects, money, products, reports, the system).
The same table gives the breadcrumbs: a page sits under the entry whose address is the
longest prefix of its own.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role, is_center_staff, user_roles
from core.urls import named_url

MAX_TOP_ITEMS = 7


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]  # empty: every logged-in user
    staff: bool = False  # center staff see it too
    staff_only: bool = False
    public: bool = False  # shown to visitors who are not logged in

    @property
    def url(self) -> str:
        return named_url(self.url_name)  # reversed once per process

    def visible_to(self, *, authenticated: bool, staff: bool, roles: frozenset[str]) -> bool:
        if not authenticated:
            return self.public
        if staff:
            return self.staff or self.staff_only or not self.roles
        return not self.staff_only and (not self.roles or bool(self.roles & roles))


@dataclass(frozen=True)
class NavGroup:
    """A top entry: a single link when one child is visible, a menu when several are."""

    label: str | Promise
    key: str
    items: tuple[NavItem, ...]


@dataclass(frozen=True)
class NavEntry:
    """What the template draws for one top entry (a link or a menu)."""

    label: str | Promise
    key: str
    items: tuple[NavItem, ...]

    @property
    def is_menu(self) -> bool:
        return len(self.items) > 1

    @property
    def url(self) -> str:
        return self.items[0].url


OFFICIAL = frozenset({Role.OFFICIAL})
COLLABORATOR = frozenset({Role.COLLABORATOR})

GROUPS: tuple[NavGroup, ...] = (
    NavGroup(_("Home"), "home", (NavItem(_("Home"), "home", frozenset(), public=True),)),
    NavGroup(
        _("My establishment"),
        "mine",
        (NavItem(_("My establishment"), "selfservice:home", frozenset({Role.ESTABLISHMENT_USER})),),
    ),
    NavGroup(_("Inbox"), "inbox", (NavItem(_("Inbox"), "projects:inbox", OFFICIAL),)),
    NavGroup(
        pgettext_lazy("navigation", "Registers"),
        "registers",
        (
            # A collaborator's list is the establishments of their area; the place names
            # of both eras are "administrative units", never a second "area".
            NavItem(
                pgettext_lazy("navigation", "Establishments in my area"),
                "establishments:list",
                COLLABORATOR,
            ),
            NavItem(_("Establishments"), "establishments:list", OFFICIAL, staff=True),
            NavItem(_("Requests"), "establishments:request_list", COLLABORATOR, staff=True),
            NavItem(_("Visits"), "collaborators:visit_list", COLLABORATOR, staff=True),
            NavItem(_("My month"), "collaborators:my_month", COLLABORATOR),
            NavItem(_("Rosters"), "collaborators:roster_list", frozenset(), staff_only=True),
            NavItem(
                _("Asked by establishments"),
                "establishments:representative_queue",
                frozenset(),
                staff_only=True,
            ),
            NavItem(
                pgettext_lazy("navigation", "Administrative units"),
                "localities:unit_list",
                frozenset(),
            ),
        ),
    ),
    NavGroup(
        _("Projects"),
        "projects",
        (
            NavItem(_("Projects"), "projects:list", OFFICIAL, staff=True),
            NavItem(_("Plans"), "projects:plan_list", OFFICIAL, staff=True),
            NavItem(_("Results after support"), "projects:followup_due", COLLABORATOR, staff=True),
        ),
    ),
    NavGroup(
        _("Funding"),
        "funding",
        (
            NavItem(_("Funding"), "funding:ledger", OFFICIAL, staff=True),
            NavItem(_("My allowances"), "funding:my_allowances", COLLABORATOR),
        ),
    ),
    NavGroup(
        _("Products"),
        "products",
        (
            NavItem(_("Products"), "products:product_list", COLLABORATOR),
            NavItem(
                _("Voting rounds"),
                "products:round_list",
                frozenset({Role.COUNCIL_MEMBER, Role.OFFICIAL}),
                staff=True,
            ),
            NavItem(_("Typical products"), "products:gallery", frozenset(), public=True),
        ),
    ),
    NavGroup(
        _("Reports"),
        "reports",
        (
            NavItem(_("Dashboard"), "reports:dashboard", OFFICIAL, staff=True),
            NavItem(_("Reports"), "reports:job_list", OFFICIAL, staff=True),
            NavItem(
                pgettext_lazy("navigation", "Outgoing documents"),
                "documents:register",
                OFFICIAL,
                staff=True,
            ),
            NavItem(_("Open data"), "opendata:index", frozenset(), public=True),
        ),
    ),
    NavGroup(
        pgettext_lazy("navigation", "System"),
        "system",
        (
            NavItem(_("API clients"), "api_clients:list", frozenset(), staff_only=True),
            NavItem(_("System status"), "system_status", frozenset(), staff_only=True),
            NavItem(_("Administration"), "admin:index", frozenset(), staff_only=True),
        ),
    ),
)

# Every entry, flat (the access tests walk it).
ITEMS: tuple[NavItem, ...] = tuple(item for group in GROUPS for item in group.items)


def navigation_for(user) -> list[NavEntry]:
    authenticated = bool(getattr(user, "is_authenticated", False))
    staff = authenticated and is_center_staff(user)
    roles = user_roles(user) if authenticated else frozenset()
    entries = []
    seen = set()
    for group in GROUPS:
        items = []
        for item in group.items:
            if item.url_name in seen:
                continue
            if item.visible_to(authenticated=authenticated, staff=staff, roles=roles):
                seen.add(item.url_name)
                items.append(item)
        if items:
            label = group.label if len(items) > 1 else items[0].label
            entries.append(NavEntry(label, group.key, tuple(items)))
    return entries


@dataclass(frozen=True)
class Crumb:
    label: str | Promise
    url: str = ""


def breadcrumbs_for(entries: list[NavEntry], path: str) -> tuple[list[Crumb], str]:
    """The trail to a page from the navigation the user sees, and the key of the top
    entry it belongs to. The home page has no trail."""
    best: tuple[int, NavEntry | None, NavItem | None] = (0, None, None)
    for entry in entries:
        for item in entry.items:
            url = item.url
            if url != "/" and path.startswith(url) and len(url) > best[0]:
                best = (len(url), entry, item)
    _length, entry, item = best
    if path == "/":
        return [], "home"
    crumbs = [Crumb(_("Home"), named_url("home"))]
    if entry is None or item is None:  # a page outside the menus: home is its parent
        return crumbs, ""
    if entry.is_menu:
        crumbs.append(Crumb(entry.label))
    if path != item.url:
        crumbs.append(Crumb(item.label, item.url))
    return crumbs, entry.key


__all__ = [
    "GROUPS",
    "ITEMS",
    "MAX_TOP_ITEMS",
    "Crumb",
    "NavEntry",
    "NavGroup",
    "NavItem",
    "Role",
    "breadcrumbs_for",
    "navigation_for",
]
