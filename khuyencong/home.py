"""The home page is "what awaits me": one section per concern, chosen by role.

Each later feature adds a provider here; a provider returns None when it has nothing
to say to this user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role, is_center_staff


@dataclass
class Link:
    label: str | Promise
    url: str


@dataclass
class Section:
    title: str | Promise
    lines: list[str | Promise] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    empty: str | Promise = ""


def _province(user) -> Section:
    from localities.selectors import commune_list, configured_province, legacy_units

    province = configured_province()
    former = list(legacy_units(province).values_list("name", flat=True))
    return Section(
        title=province.name,
        lines=[
            _("%(count)s communes and wards since 07/2025")
            % {"count": commune_list(province=province).count()},
            _("Formed from: %(names)s") % {"names": ", ".join(former)},
        ],
        links=[Link(_("Browse communes of both eras"), reverse("localities:unit_list"))],
    )


def _staff(user) -> Section | None:
    if not is_center_staff(user):
        return None
    return Section(
        title=_("Center work"),
        links=[
            Link(_("Administration"), reverse("admin:index")),
            Link(_("System status"), reverse("system_status")),
        ],
        empty=_("Registers, projects and funds appear here as they are opened."),
    )


def _collaborator(user) -> Section | None:
    if not has_role(user, Role.COLLABORATOR):
        return None
    return Section(
        title=_("My area"),
        empty=_("The center has not assigned communes to you in this year's roster yet."),
    )


def _official(user) -> Section | None:
    if not has_role(user, Role.OFFICIAL):
        return None
    return Section(title=_("Awaiting my decision"), empty=_("Nothing awaits your decision."))


def _council(user) -> Section | None:
    if not has_role(user, Role.COUNCIL_MEMBER):
        return None
    return Section(title=_("My voting rounds"), empty=_("You sit on no open voting round."))


PROVIDERS: list[Callable] = [_staff, _official, _collaborator, _council, _province]


def home_sections(user) -> list[Section]:
    return [s for s in (provider(user) for provider in PROVIDERS) if s is not None]
