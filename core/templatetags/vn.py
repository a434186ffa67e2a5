from django import template

from core.formatting import format_date, format_vnd

register = template.Library()


@register.filter
def vnd(value) -> str:
    """{{ amount|vnd }} -> 1.234.567 ₫"""
    return format_vnd(value)


@register.filter
def dmy(value) -> str:
    """{{ date|dmy }} -> 31/12/2026 (datetimes add hh:mm in local time)"""
    return format_date(value)


@register.filter
def get_item(mapping, key):
    """`{{ states|get_item:entry.pk }}`: a dict lookup by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None
