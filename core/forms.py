import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

# Refusals of Django's own that its Vietnamese catalogue lacks (hostile input meets them).
# Named here, they enter ours, which Django reads before its own.
DJANGO_MESSAGES_WITHOUT_VIETNAMESE = (
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. "
        "Allowed extensions are: %(allowed_extensions)s."
    ),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists."
    ),
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
)


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# A date picker on phones; typed dates in either ISO or Vietnamese order.
DATE_INPUT = {
    "input_formats": ["%Y-%m-%d", "%d/%m/%Y"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}

GROUPED = re.compile(r"-?\d{1,3}(?:\.\d{3})+|-?\d{1,3}(?:,\d{3})+")
MAX_VND = 10**13  # ten thousand billion đồng: beyond any provincial programme


class MoneyField(forms.IntegerField):
    """Whole đồng, typed the way an office types it: 1.234.567, 1 234 567 or
    1234567 đ all mean the same amount."""

    def __init__(self, *, min_value=0, max_value=MAX_VND, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter an amount in whole đồng, e.g. 1.500.000.")}
        )
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            cleaned = value.strip()
            for token in ("₫", "đồng", "đ", "VNĐ", "VND", "vnd"):
                cleaned = cleaned.replace(token, "")
            cleaned = "".join(cleaned.split())  # spaces, including non-breaking ones
            # Dots or commas only as thousands separators: "1,5" is not fifteen đồng.
            if GROUPED.fullmatch(cleaned):
                cleaned = cleaned.replace(".", "").replace(",", "")
            value = cleaned
        return super().to_python(value)
