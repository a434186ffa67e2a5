"""The measures of the periodic reports: a fixed set of safe aggregations over the
portal's own tables, each with parameters the center may set (stored as JSON on
`Measure`, validated here: only known keys, only values from fixed lists). Nothing a
user types becomes SQL or code.

Long module: the fixed list of kinds, each kind's parameter check and its aggregation sit
together, so that a new kind is added in one place and reviewed whole.

Each kind reads its rows either by the period's dates (money that moved: grants
approved, payments made, refunds, settlements, acceptances, follow-ups) or by the plan
years the period reports on (what was planned for those years: plans, allocations,
projects, budget lines, establishments supported). Every figure is one aggregate query
per breakdown, whatever the number of rows.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext as _

from establishments.content_types import PromotionContent
from establishments.models import LegalForm
from localities.models import MERGER_YEAR
from projects.models import (
    IMPLEMENTED_STATUSES,
    AcceptanceResult,
    FundSource,
    ProjectStatus,
)
from reports.models import MeasureKind

MONEY, COUNT, PERCENT = "money", "count", "percent"
UNIT_LABELS = {MONEY: "đồng", COUNT: "", PERCENT: "%"}

GRANT_STATUSES = ("open", "settled", "cancelled")
DISBURSEMENT_KINDS = ("advance", "interim", "final", "allowance")
GRANT_FIELDS = ("amount_vnd", "settled_vnd", "counterpart_planned_vnd", "counterpart_actual_vnd")
GRANT_DATES = ("plan_year", "approved_on", "settled_on")
BUDGET_FIELDS = ("state_support_vnd", "counterpart_vnd")
# Follow-up figures a measure may add up; "count" counts the follow-ups recorded.
FOLLOWUP_FIELDS = {
    "count": COUNT,
    "jobs_created": COUNT,
    "jobs_kept": COUNT,
    "new_markets": COUNT,
    "value_added_vnd": MONEY,
    "revenue_increase_vnd": MONEY,
    "capital_mobilised_vnd": MONEY,
}
PASSED = (AcceptanceResult.PASSED, AcceptanceResult.CONDITIONAL)
MAX_TERMS = 10


@dataclass(frozen=True)
class Period:
    """What one report covers: the dates money moved in, and the plan years."""

    start: dt.date
    end: dt.date
    first_year: int
    last_year: int

    @property
    def years(self) -> tuple[int, int]:
        return self.first_year, self.last_year


# --- parameters ----------------------------------------------------------------------------


def _choices(values) -> Callable:
    allowed = [str(v) for v in values]

    def check(value, name):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("%(name)s: give a list of codes.") % {"name": name})
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise ValidationError(
                _("%(name)s: unknown codes %(codes)s; allowed: %(allowed)s.")
                % {"name": name, "codes": ", ".join(unknown), "allowed": ", ".join(allowed)}
            )
        return [v for v in allowed if v in value]  # a fixed order, no duplicates

    return check


def _one_of(values) -> Callable:
    allowed = [str(v) for v in values]

    def check(value, name):
        if value not in allowed:
            raise ValidationError(
                _("%(name)s: choose one of %(allowed)s.")
                % {"name": name, "allowed": ", ".join(allowed)}
            )
        return value

    return check


def _flag(value, name):
    if value is not None and not isinstance(value, bool):
        raise ValidationError(_("%(name)s: true, false or null.") % {"name": name})
    return value


def _code(value, name):
    if not isinstance(value, str) or not value:
        raise ValidationError(_("%(name)s: give the code of a measure.") % {"name": name})
    return value


def _terms(value, name):
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_TERMS:
        raise ValidationError(
            _("%(name)s: a list of 1 to %(n)s terms.") % {"name": name, "n": MAX_TERMS}
        )
    terms = []
    for term in value:
        if (
            not isinstance(term, dict)
            or set(term) != {"measure", "sign"}
            or term["sign"] not in (1, -1)
            or not isinstance(term["measure"], str)
        ):
            raise ValidationError(
                _('%(name)s: each term is {"measure": code, "sign": 1 or -1}.') % {"name": name}
            )
        terms.append({"measure": term["measure"], "sign": term["sign"]})
    return terms


STATUSES = _choices(ProjectStatus.values)
CONTENTS = _choices(PromotionContent.values)
IMPLEMENTED = [str(s) for s in IMPLEMENTED_STATUSES]

# kind -> {parameter: (checker, default)}
SCHEMAS: dict[str, dict[str, tuple[Callable, object]]] = {
    MeasureKind.PROJECT_COUNT: {"statuses": (STATUSES, IMPLEMENTED), "contents": (CONTENTS, [])},
    MeasureKind.BUDGET_SUM: {
        "field": (_one_of(BUDGET_FIELDS), "state_support_vnd"),
        "statuses": (STATUSES, IMPLEMENTED),
        "contents": (CONTENTS, []),
    },
    MeasureKind.PLAN_SUM: {"contents": (CONTENTS, [])},
    MeasureKind.ALLOCATION_SUM: {},
    MeasureKind.GRANT_SUM: {
        "field": (_one_of(GRANT_FIELDS), "amount_vnd"),
        "date": (_one_of(GRANT_DATES), "plan_year"),
        "statuses": (_choices(GRANT_STATUSES), ["open", "settled"]),
        "contents": (CONTENTS, []),
    },
    MeasureKind.DISBURSEMENT_SUM: {
        "kinds": (_choices(DISBURSEMENT_KINDS), list(DISBURSEMENT_KINDS)),
        "contents": (CONTENTS, []),
    },
    MeasureKind.REFUND_SUM: {"contents": (CONTENTS, [])},
    MeasureKind.ESTABLISHMENT_COUNT: {
        "statuses": (STATUSES, IMPLEMENTED),
        "contents": (CONTENTS, []),
        "legal_forms": (_choices(LegalForm.values), []),
        "women_owned": (_flag, None),
        "minority_owned": (_flag, None),
        "craft_village": (_flag, None),
    },
    MeasureKind.TRAINED_SUM: {"contents": (CONTENTS, [])},
    MeasureKind.FOLLOWUP_SUM: {
        "field": (_one_of(FOLLOWUP_FIELDS), "count"),
        "contents": (CONTENTS, []),
    },
    MeasureKind.COMBINATION: {"terms": (_terms, None)},
    MeasureKind.RATIO: {"numerator": (_code, None), "denominator": (_code, None)},
}
COMPOSITE = frozenset({MeasureKind.COMBINATION, MeasureKind.RATIO})


def clean_params(kind: str, params, *, measure=None) -> dict:
    """The parameters of a measure of `kind`, checked and completed with defaults;
    a ValidationError on "params" names what is wrong."""
    schema = SCHEMAS[kind]
    if params in (None, ""):
        params = {}
    if not isinstance(params, dict):
        raise ValidationError({"params": _("The parameters are a JSON object.")})
    unknown = sorted(set(params) - set(schema))
    if unknown:
        raise ValidationError(
            {
                "params": _("Unknown parameters %(names)s; this aggregation takes: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(schema) or "—"}
            }
        )
    cleaned = {}
    try:
        for name, (check, default) in schema.items():
            if name in params:
                cleaned[name] = check(params[name], name)
            elif default is None and check not in (_flag,):
                raise ValidationError(_("%(name)s is required.") % {"name": name})
            else:
                cleaned[name] = default
    except ValidationError as error:
        raise ValidationError({"params": error.messages}) from None
    if kind in COMPOSITE:
        _check_references(kind, cleaned, measure)
    return cleaned


def _check_references(kind: str, params: dict, measure) -> None:
    from reports.models import Measure

    codes = (
        [t["measure"] for t in params["terms"]]
        if kind == MeasureKind.COMBINATION
        else [params["numerator"], params["denominator"]]
    )
    # A combination adds base measures; a ratio divides base measures or combinations.
    # So no measure refers to itself, directly or not.
    allowed = set(SCHEMAS) - COMPOSITE
    if kind == MeasureKind.RATIO:
        allowed |= {MeasureKind.COMBINATION}
    kinds = dict(Measure.objects.filter(code__in=codes).values_list("code", "kind"))
    for code in codes:
        if measure is not None and code == measure.code:
            raise ValidationError({"params": _("A measure cannot refer to itself.")})
        if code not in kinds:
            raise ValidationError(
                {"params": _("No measure has the code %(code)s.") % {"code": code}}
            )
        if kinds[code] not in allowed:
            raise ValidationError(
                {
                    "params": _("%(code)s cannot be used here: %(why)s")
                    % {
                        "code": code,
                        "why": _("a sum takes plain measures; a ratio, plain measures or sums."),
                    }
                }
            )


def unit(kind: str, params: dict) -> str:
    if kind in (MeasureKind.PROJECT_COUNT, MeasureKind.ESTABLISHMENT_COUNT):
        return COUNT
    if kind == MeasureKind.TRAINED_SUM:
        return COUNT
    if kind == MeasureKind.FOLLOWUP_SUM:
        return FOLLOWUP_FIELDS[params["field"]]
    if kind == MeasureKind.RATIO:
        return PERCENT
    return MONEY


# --- the aggregations ------------------------------------------------------------------------

# The breakdowns of a report and, for a row reached through `prefix` to its project,
# the fields that key and name each line.
DIMENSIONS = ("fund_source", "content_type", "commune", "legacy_province")
LEGACY_PROVINCE = "legacy_commune__parent__parent__"


def dimension_fields(dimension: str, prefix: str) -> tuple[str, str | None]:
    if dimension == "fund_source":
        return f"{prefix}fund_source", None
    if dimension == "content_type":
        return f"{prefix}content_type", None
    if dimension == "commune":
        return f"{prefix}commune__code", f"{prefix}commune__name"
    return f"{prefix}{LEGACY_PROVINCE}code", f"{prefix}{LEGACY_PROVINCE}name"


def before_merger(prefix: str) -> Q:
    """Records of before the July 2025 merger: earlier plan years, and 2025's kept with
    their former commune."""
    return Q(**{f"{prefix}plan_year__lt": MERGER_YEAR}) | Q(
        **{f"{prefix}plan_year": MERGER_YEAR, f"{prefix}legacy_commune__isnull": False}
    )


@dataclass(frozen=True)
class Source:
    """The rows one measure adds up: a queryset, the path from its rows to their project
    ("" when the rows are projects; None when they have none), and the aggregate."""

    rows: QuerySet
    prefix: str | None
    value: object


def _in_years(prefix: str, period: Period) -> Q:
    return Q(**{f"{prefix}plan_year__gte": period.first_year}) & Q(
        **{f"{prefix}plan_year__lte": period.last_year}
    )


def _in_dates(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _contents(prefix: str, params: dict) -> Q:
    if params.get("contents"):
        return Q(**{f"{prefix}content_type__in": params["contents"]})
    return Q()


def source(kind: str, params: dict, period: Period) -> Source:
    from funding.models import Allocation, Disbursement, Grant, Refund
    from projects.models import (
        Acceptance,
        AnnualPlan,
        BudgetLine,
        OutcomeFollowUp,
        PlanItem,
        Project,
    )

    if kind == MeasureKind.PROJECT_COUNT:
        rows = Project.objects.filter(
            _in_years("", period), _contents("", params), status__in=params["statuses"]
        )
        return Source(rows, "", Count("pk"))
    if kind == MeasureKind.BUDGET_SUM:
        rows = BudgetLine.objects.filter(
            _in_years("project__", period),
            _contents("project__", params),
            project__status__in=params["statuses"],
        )
        return Source(rows, "project__", Sum(params["field"]))
    if kind == MeasureKind.PLAN_SUM:
        # The version of each year's plan the department approved last.
        later = AnnualPlan.objects.filter(
            year=OuterRef("plan__year"),
            fund_source=OuterRef("plan__fund_source"),
            status="approved",
            version__gt=OuterRef("plan__version"),
        )
        rows = PlanItem.objects.filter(
            _contents("project__", params),
            plan__status="approved",
            plan__year__gte=period.first_year,
            plan__year__lte=period.last_year,
        ).filter(~Exists(later))
        return Source(rows, "project__", Sum("amount_vnd"))
    if kind == MeasureKind.ALLOCATION_SUM:
        rows = Allocation.objects.filter(year__gte=period.first_year, year__lte=period.last_year)
        return Source(rows, None, Sum("amount_vnd"))
    if kind == MeasureKind.GRANT_SUM:
        when = (
            _in_years("project__", period)
            if params["date"] == "plan_year"
            else _in_dates(params["date"], period)
        )
        rows = Grant.objects.filter(
            when, _contents("project__", params), status__in=params["statuses"]
        )
        return Source(rows, "project__", Sum(params["field"]))
    if kind == MeasureKind.DISBURSEMENT_SUM:
        rows = Disbursement.objects.filter(
            _in_dates("paid_on", period),
            _contents("grant__project__", params),
            status="paid",
            kind__in=params["kinds"],
        )
        return Source(rows, "grant__project__", Sum("amount_vnd"))
    if kind == MeasureKind.REFUND_SUM:
        rows = Refund.objects.filter(
            _in_dates("refunded_on", period), _contents("grant__project__", params)
        )
        return Source(rows, "grant__project__", Sum("amount_vnd"))
    if kind == MeasureKind.ESTABLISHMENT_COUNT:
        through = Project.beneficiaries.through
        flags = Q()
        if params["legal_forms"]:
            flags &= Q(establishment__legal_form__in=params["legal_forms"])
        for flag in ("women_owned", "minority_owned"):
            if params[flag] is not None:
                flags &= Q(**{f"establishment__{flag}": params[flag]})
        if params["craft_village"] is not None:
            in_village = ~Q(establishment__craft_village="")
            flags &= in_village if params["craft_village"] else ~in_village
        rows = through.objects.filter(
            _in_years("project__", period),
            _contents("project__", params),
            flags,
            project__status__in=params["statuses"],
        )
        return Source(rows, "project__", Count("establishment_id", distinct=True))
    if kind == MeasureKind.TRAINED_SUM:
        rows = Acceptance.objects.filter(
            _in_dates("accepted_on", period),
            _contents("project__", params),
            result__in=PASSED,
        )
        return Source(rows, "project__", Sum("people_trained"))
    if kind == MeasureKind.FOLLOWUP_SUM:
        rows = OutcomeFollowUp.objects.filter(
            _in_dates("recorded_on", period), _contents("project__", params)
        )
        field = params["field"]
        if field == "count":
            value = Count("pk")
        elif field == "revenue_increase_vnd":
            # A follow-up without both revenues adds nothing (NULL is left out of SUM).
            value = Sum(
                ExpressionWrapper(
                    F("revenue_after_vnd") - F("revenue_before_vnd"),
                    output_field=BigIntegerField(),
                )
            )
        else:
            value = Sum(field)
        return Source(rows, "project__", value)
    raise ValueError(kind)


def _number(value) -> int:
    return int(value or 0)


def aggregate(kind: str, params: dict, period: Period) -> dict:
    """One base measure over the period: its total and its line per breakdown, as
    {"total": n, dimension: {key: (name, n)}}; a breakdown the rows cannot be split by
    (allocations by commune) is None."""
    src = source(kind, params, period)
    rows = src.rows.order_by()
    result: dict = {"total": _number(rows.aggregate(v=src.value)["v"])}
    for dimension in DIMENSIONS:
        if src.prefix is None:
            if dimension != "fund_source":
                result[dimension] = None
                continue
            key, name = "fund_source", None
            scoped = rows
        else:
            key, name = dimension_fields(dimension, src.prefix)
            scoped = (
                rows.filter(before_merger(src.prefix)) if dimension == "legacy_province" else rows
            )
        fields = [key] if name is None else [key, name]
        result[dimension] = {
            row[key]: (row[name] if name else None, _number(row["v"]))
            for row in scoped.values(*fields).annotate(v=src.value).order_by()
        }
    return result


def combine(kind: str, params: dict, values: dict[str, int | float | None]):
    """A composite measure on one line, from the values of the measures it names."""
    if kind == MeasureKind.COMBINATION:
        parts = [values.get(t["measure"]) for t in params["terms"]]
        if all(p is None for p in parts):
            return None
        return sum(t["sign"] * (p or 0) for t, p in zip(params["terms"], parts, strict=True))
    numerator, denominator = values.get(params["numerator"]), values.get(params["denominator"])
    if numerator is None or not denominator:
        return None
    return round(numerator * 100 / denominator, 1)


FUND_NAMES = dict(FundSource.choices)


def guide() -> list[tuple[str, str]]:
    """For the people who edit measures: each aggregation and the parameters it takes."""
    from reports.models import MeasureKind as K

    allowed = {
        "statuses": ", ".join(ProjectStatus.values)
        + " ("
        + _("grants")
        + ": "
        + ", ".join(GRANT_STATUSES)
        + ")",
        "contents": ", ".join(PromotionContent.values),
        "legal_forms": ", ".join(LegalForm.values),
        "kinds": ", ".join(DISBURSEMENT_KINDS),
        "date": ", ".join(GRANT_DATES),
        "women_owned": "true / false / null",
        "minority_owned": "true / false / null",
        "craft_village": "true / false / null",
        "terms": '[{"measure": "da_chi", "sign": 1}, {"measure": "thu_hoi", "sign": -1}]',
        "numerator": _("a measure's code"),
        "denominator": _("a measure's code"),
    }
    fields = {
        K.BUDGET_SUM: BUDGET_FIELDS,
        K.GRANT_SUM: GRANT_FIELDS,
        K.FOLLOWUP_SUM: tuple(FOLLOWUP_FIELDS),
    }
    lines = []
    for kind, schema in SCHEMAS.items():
        described = []
        for name in schema:
            values = ", ".join(fields[kind]) if name == "field" else allowed.get(name, "")
            described.append(f"{name}: {values}")
        lines.append((str(K(kind).label), "; ".join(described) or "—"))
    return lines
