"""Pages of long lists without counting 100,000 rows on every request."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows (a COUNT over a LIMITed subquery, which walks
    only as far as the cap): a page of the register never pays for a full count. Past the
    cap the list says "more than 1,000" and its last page is the cap's; narrowing the
    filters shows the rest."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


# -- sortable columns -----------------------------------------------------------------------


def sort_order(request, columns: dict[str, tuple[str, ...]], default: str) -> tuple[str, tuple]:
    """The column a list is sorted by, from `?sort=key` or `?sort=-key` among `columns`
    (key -> the model fields, an id last so pages never overlap); anything else sorts by
    `default`. Descending reverses the first field only: the tie-breakers keep their way.
    Returns the key as asked and the fields to order_by."""
    asked = request.GET.get("sort", "")
    key = asked.removeprefix("-")
    if key not in columns:
        asked, key = default, default.removeprefix("-")
    fields = columns[key]
    if asked.startswith("-"):
        first = fields[0]
        fields = (first[1:] if first.startswith("-") else f"-{first}", *fields[1:])
    return asked, fields
