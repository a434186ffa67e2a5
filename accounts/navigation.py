"""The navigation bar: each role sees its own entries, nothing it cannot open."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role, is_center_staff, user_roles


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
        return reverse(self.url_name)


ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home", frozenset()),
    NavItem(_("My establishment"), "selfservice:home", frozenset({Role.ESTABLISHMENT_USER})),
    NavItem(_("My area"), "establishments:list", frozenset({Role.COLLABORATOR})),
    NavItem(_("Establishments"), "establishments:list", frozenset({Role.OFFICIAL}), staff=True),
    NavItem(
        _("Requests"), "establishments:request_list", frozenset({Role.COLLABORATOR}), staff=True
    ),
    NavItem(_("Inbox"), "projects:inbox", frozenset({Role.OFFICIAL})),
    NavItem(_("Projects"), "projects:list", frozenset({Role.OFFICIAL}), staff=True),
    NavItem(_("Plans"), "projects:plan_list", frozenset({Role.OFFICIAL}), staff=True),
    NavItem(_("Funding"), "funding:ledger", frozenset({Role.OFFICIAL}), staff=True),
    NavItem(
        pgettext_lazy("navigation", "Outgoing documents"),
        "documents:register",
        frozenset({Role.OFFICIAL}),
        staff=True,
    ),
    NavItem(_("Products"), "products:product_list", frozenset({Role.COLLABORATOR})),
    NavItem(
        _("Voting rounds"),
        "products:round_list",
        frozenset({Role.COUNCIL_MEMBER, Role.OFFICIAL}),
        staff=True,
    ),
    NavItem(_("Dashboard"), "reports:dashboard", frozenset({Role.OFFICIAL}), staff=True),
    NavItem(_("Reports"), "reports:job_list", frozenset({Role.OFFICIAL}), staff=True),
    NavItem(_("Visits"), "collaborators:visit_list", frozenset({Role.COLLABORATOR}), staff=True),
    NavItem(_("My month"), "collaborators:my_month", frozenset({Role.COLLABORATOR})),
    NavItem(
        _("Results after support"),
        "projects:followup_due",
        frozenset({Role.COLLABORATOR}),
        staff=True,
    ),
    NavItem(_("Rosters"), "collaborators:roster_list", frozenset(), staff_only=True),
    NavItem(
        _("Asked by establishments"),
        "establishments:representative_queue",
        frozenset(),
        staff_only=True,
    ),
    NavItem(_("Localities"), "localities:unit_list", frozenset()),
    NavItem(_("Typical products"), "products:gallery", frozenset(), public=True),
    NavItem(_("Open data"), "opendata:index", frozenset(), public=True),
    NavItem(_("API clients"), "api_clients:list", frozenset(), staff_only=True),
    NavItem(_("System status"), "system_status", frozenset(), staff_only=True),
    NavItem(_("Administration"), "admin:index", frozenset(), staff_only=True),
)


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return [item for item in ITEMS if item.public]
    roles = user_roles(user)
    staff = is_center_staff(user)
    items = []
    seen = set()
    for item in ITEMS:
        if staff:
            visible = item.staff or item.staff_only or not item.roles
        else:
            visible = not item.staff_only and (not item.roles or bool(item.roles & roles))
        if visible and item.url_name not in seen:
            seen.add(item.url_name)
            items.append(item)
    return items


__all__ = ["ITEMS", "NavItem", "Role", "navigation_for"]
