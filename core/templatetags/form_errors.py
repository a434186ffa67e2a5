"""`{% error_summary form formset ... %}`: what to fix, at the top of the page.

The summary names each field with its message and links to it ("Có lỗi cần sửa"); the
message is also shown on the field itself. It takes the focus when the page loads
(forms.js), so a screen reader announces it first.
"""

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


def _items(form: forms.BaseForm, number: int | None = None) -> list[dict]:
    items = []
    for error in form.non_field_errors():
        items.append({"href": "", "label": "", "message": error})
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        field = form[name]
        label = field.label or name
        if number is not None:
            label = f"{label} ({number})"
        widget_id = field.auto_id
        # Multiple widgets (radio lists) label their first box.
        if widget_id and isinstance(
            field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            widget_id = f"{widget_id}_0"
        for error in errors:
            items.append(
                {"href": f"#{widget_id}" if widget_id else "", "label": label, "message": error}
            )
    return items


@register.simple_tag
def error_summary(*forms_or_formsets):
    items = []
    for candidate in forms_or_formsets:
        if candidate is None or not getattr(candidate, "is_bound", False):
            continue
        if isinstance(candidate, forms.BaseFormSet):
            for error in candidate.non_form_errors():
                items.append({"href": "", "label": "", "message": error})
            for number, form in enumerate(candidate.forms, start=1):
                items += _items(form, number)
        else:
            items += _items(candidate)
    if not items:
        return ""
    return render_to_string("_error_summary.html", {"items": items})
