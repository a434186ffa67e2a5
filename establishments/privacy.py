"""Household businesses are people: where their names must not be shown (open data, API
clients without the personal data right), free texts that quote them are cleaned too —
a project made from a support request is titled after its establishment."""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from establishments.models import Establishment, LegalForm


def household_names(establishments: Iterable[Establishment]) -> list[str]:
    """The names a household business is known by: its own and its contact person's."""
    names = []
    for establishment in establishments:
        if establishment.legal_form != LegalForm.HOUSEHOLD_BUSINESS:
            continue
        names += [establishment.name, getattr(establishment, "contact_person", "")]
    return sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)


def without_household_names(text: str, establishments: Iterable[Establishment]) -> str:
    """`text` with every household's name replaced by "a household business"."""
    names = household_names(establishments)
    if not text or not names:
        return text
    pattern = re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)
    return pattern.sub(_("a household business"), text)
