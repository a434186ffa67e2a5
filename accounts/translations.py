"""Strings Django 5.2 shows but its own Vietnamese catalogue misses (the msgid changed
upstream). Marking them here puts them in our catalogue, which takes precedence."""

from django.utils.translation import ngettext_lazy

MISSING_FROM_DJANGO = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
)
