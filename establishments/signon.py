"""A first sign-in through the national provider asks to act for the establishments its
facts point at (registered with the sign-in in EstablishmentsConfig.ready()).

Exact: the register holds the provider's tax code, or the identity number of a household
business's owner (`establishment_candidates`): the link is confirmed at once. Not exact:
an establishment whose name is the organisation's name as the provider gave it: the link
waits for the center's confirmation.
"""

from __future__ import annotations

from accounts.oidc.hooks import Candidate
from establishments.models import Establishment, LinkedVia
from establishments.services import (
    establishment_candidates,
    normalize_name,
    representative_request,
)

MAX_BY_NAME = 5


def _matches(facts: dict) -> list[tuple[Establishment, str, bool]]:
    exact = list(
        establishment_candidates(
            tax_code=facts.get("tax_code"), identity_number=facts.get("identity_number")
        )[:20]
    )
    found = [
        (e, "tax_code" if e.tax_code and e.tax_code == facts.get("tax_code") else "identity", True)
        for e in exact
    ]
    name = normalize_name(facts.get("organisation_name", ""))
    if name:
        by_name = (
            Establishment.objects.filter(
                normalized_name=name, merged_into__isnull=True, archived_at__isnull=True
            )
            .exclude(pk__in=[e.pk for e in exact])
            .select_related("commune")
            .order_by("id")[:MAX_BY_NAME]
        )
        found += [(e, "name", False) for e in by_name]
    return found


def describe(facts: dict) -> list[Candidate]:
    return [
        Candidate(
            name=e.name,
            address=", ".join(
                p for p in (e.address_line, e.commune.name if e.commune else "") if p
            ),
            matched_by=matched_by,
            exact=exact,
        )
        for e, matched_by, exact in _matches(facts)
    ]


def link(*, user, facts: dict, via: str) -> None:
    for establishment, _matched_by, exact in _matches(facts):
        representative_request(
            user=user,
            establishment=establishment,
            via=LinkedVia.OIDC,
            facts={**facts, "provider": via},
            exact=exact,
        )
