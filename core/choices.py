"""Choice labels without rebuilding the field's choices on every call.

Django's `get_<field>_display()` rebuilds a dictionary of all the field's choices each
time it is called (about 30 µs); lists call it for every row and column (a status, a
legal form, a content type), so a page of fifty projects spent milliseconds on it. At
start-up each model's default `get_<field>_display` is replaced by one that keeps that
dictionary per field (rebuilt if the field's choices object is replaced). Labels stay
lazy, so they follow the language of each request. A model's own `get_..._display`
method is left alone.
"""

from functools import partialmethod

from django.apps import apps
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_CACHE_ATTRIBUTE = "_khuyencong_labels"


def _labels(field) -> dict:
    cached = field.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is None or cached[0] is not field.choices:
        cached = (field.choices, dict(make_hashable(field.flatchoices)))
        field.__dict__[_CACHE_ATTRIBUTE] = cached
    return cached[1]


def _display(self, field):
    """Django's Model._get_FIELD_display, with the choices' dictionary kept."""
    value = getattr(self, field.attname)
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


def install() -> int:
    """Replace every model's default `get_<field>_display`; how many were replaced."""
    replaced = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            name = f"get_{field.name}_display"
            current = model.__dict__.get(name)
            if isinstance(current, partialmethod) and current.keywords.get("field") is field:
                setattr(model, name, partialmethod(_display, field=field))
                replaced += 1
    return replaced
