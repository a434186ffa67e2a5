"""Addresses reversed once per process: lists draw one link per row, and every page
draws the menus and breadcrumbs (some eighty addresses for center staff).

`reverse()` costs some 40 µs; a list of fifty projects spent two milliseconds on its links.
`object_url(name, pk)` reverses each address name once, with a marker in place of the
key, and then only puts the key in; `named_url(name)` is an address without arguments.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

_MARKER = 987654321987  # an integer no row has: it stands for the key once


@lru_cache(maxsize=512)
def _halves(name: str, prefix: str) -> tuple[str, str]:
    head, marker, tail = reverse(name, args=[_MARKER]).partition(str(_MARKER))
    if not marker:  # pragma: no cover - a pattern that does not show its key as given
        raise ValueError(f"{name} does not take an integer key")
    return head, tail


@lru_cache(maxsize=256)
def _named(name: str, prefix: str) -> str:
    return reverse(name)


def named_url(name: str) -> str:
    """reverse(name) for an address without arguments."""
    return _named(name, get_script_prefix())


def object_url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for an address taking one integer key."""
    if type(pk) is not int:
        return reverse(name, args=[pk])
    head, tail = _halves(name, get_script_prefix())
    return f"{head}{pk}{tail}"


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _halves.cache_clear()
        _named.cache_clear()
