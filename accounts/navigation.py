"""The navigation bar: each role sees its own entries, nothing it cannot open."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, is_center_staff, user_roles


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]  # empty: every logged-in user
    staff_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home", frozenset()),
    NavItem(_("Localities"), "localities:unit_list", frozenset()),
    NavItem(_("System status"), "system_status", frozenset(), staff_only=True),
    NavItem(_("Administration"), "admin:index", frozenset(), staff_only=True),
)


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    roles = user_roles(user)
    staff = is_center_staff(user)
    items = []
    for item in ITEMS:
        if item.staff_only and not staff:
            continue
        if item.roles and not (item.roles & roles) and not staff:
            continue
        items.append(item)
    return items


__all__ = ["ITEMS", "NavItem", "Role", "navigation_for"]
