"""`{% status_badge obj %}`: an object's status in the one palette of every workflow."""

from django import template
from django.utils.html import format_html

from core.workflow import Tone, workflow_for

register = template.Library()


@register.simple_tag
def status_badge(obj, field: str = "status", testid: str = ""):
    """The status label in the colour of its tone (draft, waiting, to act, done, refused)."""
    if obj is None:
        return ""
    workflow = workflow_for(obj, field)
    value = getattr(obj, field)
    tone = workflow.tone(value) if workflow is not None else Tone.NEUTRAL
    label = getattr(obj, f"get_{field}_display", lambda: value)()
    if testid:
        return format_html('<span class="{}" data-testid="{}">{}</span>', tone.css, testid, label)
    return format_html('<span class="{}">{}</span>', tone.css, label)


@register.simple_tag
def tone_badge(label, tone: str):
    """A badge for a state that has no workflow (a roster, a certificate), same palette."""
    return format_html('<span class="{}">{}</span>', Tone(tone).css, label)
