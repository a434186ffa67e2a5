"""Lists: sortable column headers and page links with numbers, keeping the filters."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label, *, current: str = "", css: str = ""):
    """A column header that sorts the list by `key` (a second click reverses it); the
    header says which way it is sorted (aria-sort) for screen readers."""
    request = context["request"]
    current = current or context.get("sort", "")
    ascending = current == key
    descending = current == f"-{key}"
    target = f"-{key}" if ascending else key
    arrow = " ▲" if ascending else (" ▼" if descending else "")
    aria = "ascending" if ascending else ("descending" if descending else "none")
    href = "?" + _query(request, sort=target, page=None)
    title = _("Sort by %(column)s") % {"column": label}
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a class="sort-link" href="{}" title="{}">{}'
        '<span aria-hidden="true">{}</span></a></th>',
        css,
        aria,
        href,
        title,
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def page_links(context, page):
    """The pages around this one, the first and the last: (number or None, query)."""
    request = context["request"]
    paginator = page.paginator
    links = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == paginator.ELLIPSIS:
            links.append((None, ""))
        else:
            links.append((number, "?" + _query(request, page=str(number))))
    return links


@register.simple_tag(takes_context=True)
def page_query(context, number):
    return "?" + _query(context["request"], page=str(number))
