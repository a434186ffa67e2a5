"""`{% establishment_rows page can_manage %}`: the register list's rows written in
Python, the same markup as a row of the template: twenty-five rows through the template
engine cost as much as the rest of the page (`make bench`, "my area")."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_ROW = (
    '<div class="list-group-item d-flex gap-2 align-items-start">\n    {}\n'
    '    <div class="flex-grow-1">\n'
    '      <a class="fw-semibold" href="{}">{}</a>\n      {}\n      {}\n'
    '      <div class="small text-muted">{} · {} · {}{}</div>\n'
    "    </div>\n  </div>\n"
)


@register.simple_tag
def establishment_rows(establishments, can_manage: bool):
    """One row per establishment: name (a link), verified and possible-duplicate badges,
    legal form, sector, commune and tax code; staff get a box to select the unverified
    ones for verification."""
    rows = []
    select, tin = _("Select"), _("TIN")
    verified = format_html('<span class="badge text-bg-success">{}</span>', _("verified"))
    duplicate = format_html(
        '<span class="badge text-bg-warning">{}</span>', _("possible duplicate")
    )
    for e in establishments:
        box = ""
        if can_manage and not e.verified:
            box = format_html(
                '<input class="form-check-input mt-1" type="checkbox" name="ids" value="{}" '
                'aria-label="{} {}">',
                e.pk,
                select,
                e.name,
            )
        rows.append(
            format_html(
                _ROW,
                box,
                e.get_absolute_url(),
                e.name,
                verified if e.verified else "",
                duplicate if e.possible_duplicate_of_id else "",
                e.get_legal_form_display(),
                e.get_sector_display(),
                e.commune.name,
                format_html(" · {} {}", tin, e.tax_code) if e.tax_code else "",
            )
        )
    if not rows:
        return format_html(
            '<div class="list-group-item text-muted">{}</div>', _("No establishment matches.")
        )
    return mark_safe("".join(rows))
