"""Links that higher apps add to the pages of lower apps' objects (a "Văn bản" section
on a project's page, filled by the documents app), without the lower app importing them.

A higher app registers, in its AppConfig.ready(), a function that takes the user and the
object and returns (label, url) pairs; the lower app's template shows them with
`{% object_links obj %}`."""

from collections.abc import Callable

LinkProvider = Callable[[object, object], list[tuple[str, str]]]
_providers: dict[str, list[LinkProvider]] = {}


def register_object_links(model_label: str, provider: LinkProvider) -> None:
    """`model_label` as "app_label.ModelName"; registering twice is harmless."""
    providers = _providers.setdefault(model_label.lower(), [])
    if provider not in providers:
        providers.append(provider)


def object_links(user, obj) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for provider in _providers.get(obj._meta.label_lower, ()):
        links += provider(user, obj)
    return links
