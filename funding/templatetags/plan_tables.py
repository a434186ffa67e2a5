"""The rows of a plan's tables, written in Python: a province's plan page shows fifty
items and up to twenty-five changes, and each row through the template engine cost more
than the rest of the page (`make bench`, the plan page). Same markup as the template's
cells: `{% plan_item_rows plan items editable %}`, `{% plan_change_rows changes %}`."""

from django import template
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.formatting import format_vnd
from core.templatetags.status import status_badge

register = template.Library()


def _appraisal(item, word: str) -> str:
    appraisal = getattr(item, "appraisal", None)
    if appraisal is None:
        return ""
    return format_html(
        '<div class="small text-muted">{}: {}/100 · {} — {}</div>',
        word,
        floatformat(appraisal.score, "-1"),
        appraisal.get_recommendation_display(),
        appraisal.summary,
    )


@register.simple_tag(takes_context=True)
def plan_item_rows(context, plan, items, editable: bool):
    """The plan's items: code (a link to the project), title with the latest appraisal,
    status, amount; while staff may edit the draft, the amount in a form and a remove
    button."""
    if not items:
        return format_html(
            '<tr><td colspan="5" class="text-muted">{}</td></tr>', _("No project yet.")
        )
    word = _("Appraisal")
    if editable:
        csrf = CsrfTokenNode().render(context)  # what {% csrf_token %} writes
        amount_label, save, remove = _("Amount"), _("Save"), _("Remove")
    rows = []
    for item in items:
        project = item.project
        if editable:
            amount = format_html(
                '<form method="post" action="{}" class="d-flex gap-1 justify-content-end">{}'
                '<input type="number" min="0" name="amount_vnd" value="{}" '
                'class="form-control form-control-sm text-end" aria-label="{}">'
                '<button class="btn btn-sm btn-outline-secondary" type="submit">{}</button>'
                "</form>",
                reverse("projects:plan_change_amount", args=[plan.pk, item.pk]),
                csrf,
                item.amount_vnd,
                amount_label,
                save,
            )
            remove_cell = format_html(
                '<td><form method="post" action="{}">{}<button class="btn btn-sm '
                'btn-outline-danger" type="submit">{}</button></form></td>',
                reverse("projects:plan_remove_item", args=[plan.pk, item.pk]),
                csrf,
                remove,
            )
        else:
            amount, remove_cell = format_vnd(item.amount_vnd), ""
        rows.append(
            format_html(
                '<tr><td><a href="{}">{}</a></td><td>{}{}</td><td>{}</td>\n'
                '<td class="money">{}</td>\n{}</tr>\n',
                project.get_absolute_url(),
                project.code,
                project.title,
                _appraisal(item, word),
                status_badge(project),
                amount,
                remove_cell,
            )
        )
    return mark_safe("".join(rows))


@register.simple_tag
def plan_change_rows(changes):
    """The changes against the previous version: code, title, what changed, before → after."""
    kinds = {"added": _("added"), "dropped": _("dropped")}
    changed = _("amount changed")
    return format_html_join(
        "",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td class="money">{} → {}</td></tr>',
        (
            (c.code, c.title, kinds.get(c.kind, changed), format_vnd(c.before), format_vnd(c.after))
            for c in changes
        ),
    )
