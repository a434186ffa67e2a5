"""How a sign-in reaches the establishments (a higher app) without naming it.

The establishments app registers, in its AppConfig.ready(), two functions: one that
describes which establishments a provider's facts match (shown on the confirmation page),
and one that asks, for a new establishment account, to act for them (exact matches are
confirmed at once, the others wait for the center). With none registered, a citizen's
account is made without establishments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """An establishment the facts point at, as the confirmation page shows it."""

    name: str
    address: str
    matched_by: str  # "tax_code" or "identity_number"
    exact: bool


_describe: list[Callable[[dict], list[Candidate]]] = []
_link: list[Callable[..., None]] = []


def register_establishment_linker(
    *, describe: Callable[[dict], list[Candidate]], link: Callable[..., None]
) -> None:
    if describe not in _describe:
        _describe.append(describe)
    if link not in _link:
        _link.append(link)


def establishments_for(facts: dict) -> list[Candidate]:
    return [candidate for describe in _describe for candidate in describe(facts)]


def link_establishments(*, user, facts: dict, via: str) -> None:
    for link in _link:
        link(user=user, facts=facts, via=via)
