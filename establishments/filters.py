import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from establishments.models import Establishment, LegalForm, Sector
from establishments.selectors import establishment_filter_legacy_district
from establishments.services import normalize_name
from localities.models import AdminUnit

VERIFIED_CHOICES = (("true", _("Verified")), ("false", _("Not verified")))


class _ListedChoices(django_filters.fields.ModelChoiceIterator):
    """A few dozen choices read in one query: Django reads a select box's rows through
    a server-side cursor on PostgreSQL (declare, fetch, close: three round trips)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _ListedChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ListedChoices


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter over a short list of rows (an area's communes, a province's former
    districts)."""

    field_class = _ListedChoiceField


def search_establishments(queryset, text: str):
    """The accent-free name contains the text (a trigram index on PostgreSQL), or the
    tax code starts with its digits (4 or more; a prefix index). The register's box
    and the admin's search both use it."""
    needle = normalize_name(text)
    if not needle:
        return queryset
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "-")
    condition = Q(normalized_name__contains=needle)
    if len(digits) >= 4:
        condition |= Q(tax_code__startswith=digits)
    return queryset.filter(condition)


class EstablishmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or tax code"), method="filter_q")
    commune = ListedModelChoiceFilter(
        label=_("Commune"), queryset=AdminUnit.objects.none(), empty_label=_("All communes")
    )
    legacy_district = ListedModelChoiceFilter(
        label=_("Former district"),
        queryset=AdminUnit.objects.none(),
        method="filter_legacy_district",
        empty_label=_("All former districts"),
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, empty_label=_("All legal forms")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors")
    )
    verified = django_filters.ChoiceFilter(
        label=_("Verified"),
        choices=VERIFIED_CHOICES,
        method="filter_verified",
        empty_label=_("Verified or not"),
    )

    class Meta:
        model = Establishment
        fields = ("q", "commune", "legacy_district", "legal_form", "sector", "verified")

    def __init__(self, *args, communes, legacy_districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["commune"].queryset = communes
        self.filters["legacy_district"].queryset = legacy_districts
        for name, field in self.form.fields.items():
            css = "form-control" if name == "q" else "form-select"
            field.widget.attrs.setdefault("class", css)

    def filter_q(self, queryset, name, value):
        return search_establishments(queryset, value)

    def filter_verified(self, queryset, name, value):
        return queryset.filter(verified=value == "true") if value else queryset

    def filter_legacy_district(self, queryset, name, value):
        return establishment_filter_legacy_district(queryset, value) if value else queryset
