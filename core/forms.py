import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
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

# What an office types for an amount: ASCII digits, grouped by threes with dots or spaces
# (a non-breaking space is what a copied, formatted number carries), or not grouped at
# all, and perhaps the đồng sign after it. Nothing else: Python's int() would also take
# Arabic-Indic or full-width digits, "1_000" and "+5", which no one means as money.
MONEY = re.compile(
    r"(?P<minus>-)?"
    r"(?P<digits>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)"
    r"(?:[ \u00a0\u202f]?[đ₫])?",
    re.ASCII,
)
MAX_VND = 10**13  # ten thousand billion đồng: beyond any provincial programme


class MoneyField(forms.IntegerField):
    """Whole đồng, typed the way an office types it: 150.000.000, 150 000 000,
    150000000 and 150.000.000 đ all mean the same amount. Every amount a user types
    goes through this field."""

    default_error_messages = {
        "invalid": _("Enter an amount in whole đồng, e.g. 150.000.000 (digits 0-9 only)."),
    }

    def __init__(self, *, min_value=0, max_value=MAX_VND, **kwargs):
        # data-money: forms.js groups the digits by threes as they are typed.
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "data-money": "", "autocomplete": "off"}
            ),
        )
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def widget_attrs(self, widget):
        # A text box: the browser's min/max of a number box would refuse "150.000.000".
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return attrs

    def prepare_value(self, value):
        """An amount shown back in a form is grouped as it was typed: 150.000.000."""
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        match = MONEY.fullmatch(str(value).strip())
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        digits = re.sub(r"[. \u00a0\u202f]", "", match["digits"])
        if len(digits) > len(str(MAX_VND)) + 1:  # far beyond any limit: not worth int()
            raise ValidationError(
                MaxValueValidator.message,
                code="max_value",
                params={"limit_value": self.max_value or MAX_VND},
            )
        return -int(digits) if match["minus"] else int(digits)
