"""Sections that an app higher up adds to a page of an app below it.

A page names its slot (by convention its URL name, "projects:detail"); an app above
registers a section for that slot in its AppConfig.ready(). The page renders whatever is
registered without importing the apps that fill it, so apps only import downward. A
section may name relations the page's query brings along, so that it costs no query of
its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

Render = Callable[[HttpRequest, object], str | None]


@dataclass(frozen=True)
class Section:
    render: Render
    select_related: tuple[str, ...] = ()


_sections: dict[str, list[Section]] = {}


def add_section(page: str, render: Render, *, select_related: tuple[str, ...] = ()) -> None:
    """Show `render(request, obj)` (HTML, or None for nothing) on `page`."""
    sections = _sections.setdefault(page, [])
    if all(section.render is not render for section in sections):  # ready() may run twice
        sections.append(Section(render, tuple(select_related)))


def section_relations(page: str) -> tuple[str, ...]:
    """What the page's query should select_related for its sections."""
    return tuple(name for section in _sections.get(page, ()) for name in section.select_related)


def render_sections(page: str, request: HttpRequest, obj) -> list[str]:
    return [html for section in _sections.get(page, ()) if (html := section.render(request, obj))]
