"""How money and dates look to a Vietnamese office: `1.234.567 ₫`, `dd/mm/yyyy`."""

import datetime as dt

from django.utils import timezone


def format_vnd(amount: int | None) -> str:
    """VND has no minor unit; group thousands with dots. None prints as a dash."""
    if amount is None or amount == "":
        return "—"
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".") + " ₫"


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")
