"""Check your answers before an irreversible or money step.

A button that declines, rejects, cancels, approves, pays, settles, merges, issues or
publishes posts its form to its view as usual; the view validates the input, then asks
`ask(request, Confirmation(...))`. The first time, that answers a page (no JavaScript
needed) saying what will happen, to whom and for how much, with the same fields carried
in hidden inputs and a confirm button; the second POST carries `confirmed=1` and `ask`
returns None, so the view goes on and does it. Nothing is written before the second POST.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CONFIRMED = "confirmed"
DEFAULT_BUTTON = _("Confirm")
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED}

Text = str | Promise


@dataclass
class Confirmation:
    title: Text  # the step, as a heading: "Duyệt khoản chi"
    consequence: Text  # what will happen once confirmed
    rows: Sequence[tuple[Text, Text]] = field(default_factory=list)  # what, who, how much
    button: Text = ""  # the step's own verb; "Confirm" when empty
    style: str = "primary"
    cancel_url: str = ""
    warning: Text = ""  # said louder: what cannot be undone
    file_field: str = ""  # a file the first POST carried: asked again (a page cannot keep it)
    file_label: Text = ""


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def ask(request: HttpRequest, confirmation: Confirmation) -> HttpResponse | None:
    """None once the user has confirmed; else the page that asks them to."""
    if is_confirmed(request):
        return None
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "confirmation": confirmation,
            "button": confirmation.button or DEFAULT_BUTTON,
            "carried": carried,
            "action": request.get_full_path(),
        },
    )


def for_transition(transition, *, rows=(), cancel_url: str = "", title: Text = "") -> Confirmation:
    """A workflow transition's own words (its label, its `confirm` text and style)."""
    return Confirmation(
        title=title or transition.label,
        consequence=transition.confirm,
        rows=list(rows),
        button=transition.label,
        style=transition.style,
        cancel_url=cancel_url,
    )
