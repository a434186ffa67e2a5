"""Searchable selects: Tom Select (static/vendor/tom-select) asks a JSON endpoint for the
choices as the user types, so a page never carries hundreds of options.

The endpoint and the form's own queryset are both scoped to the user: the endpoint
offers only what the user may see, and the field accepts only what its queryset holds.
The page carries just the options already chosen (a form shown again, an edit).
"""

from django import forms
from django.urls import reverse_lazy

SEARCH_MEDIA = forms.Media(
    css={"all": ("vendor/tom-select/tom-select.bootstrap5.min.css",)},
    js=("vendor/tom-select/tom-select.complete.min.js", "js/search-select.js"),
)


class _Search:
    def __init__(self, url_name: str, attrs=None, **kwargs):
        attrs = {**(attrs or {}), "data-search-url": reverse_lazy(url_name)}
        super().__init__(attrs=attrs, **kwargs)

    @property
    def media(self):
        return SEARCH_MEDIA

    def optgroups(self, name, value, attrs=None):
        """Only the chosen options (and the empty one) are rendered."""
        chosen = {str(v) for v in value if v not in (None, "")}
        full = self.choices
        queryset = getattr(full, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        field = full.field
        ids = [v for v in chosen if v.isascii() and v.isdigit() and len(v) <= 18]
        options = [("", field.empty_label)] if getattr(field, "empty_label", None) else []
        options += [
            (field.prepare_value(obj), field.label_from_instance(obj))
            for obj in queryset.filter(pk__in=ids)
        ]
        self.choices = options
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = full


class SearchSelect(_Search, forms.Select):
    pass


class SearchSelectMultiple(_Search, forms.SelectMultiple):
    pass
