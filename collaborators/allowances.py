"""A collaborator's monthly allowance, computed from the rules as data.

The allowance of a month is what the rule in force on the first day of that month gives,
with the basic wage in force on that same day: a share of the wage or a fixed amount.
Among the rules in force, one for the membership's kind beats a rule for every kind, and
a later rule beats an earlier one. An override set for the membership and the month, with
its reason, replaces the computed amount. What a month without a monthly report earns is
the rule's setting (paid, withheld, or a reduced share), applied by `after_report`.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from core.formatting import format_date, format_vnd

from .models import AllowanceOverride, AllowanceRule, BasicWage, MissingReport, RosterMembership


def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def share_of(amount: int, percent: Decimal) -> int:
    """Floor of percent % of amount, to the đồng (public money is never rounded up)."""
    return int((Decimal(amount) * Decimal(percent) / 100).to_integral_value(ROUND_FLOOR))


def percent_text(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


@dataclass(frozen=True)
class Due:
    """What a membership earns for a month before its report is looked at."""

    amount_vnd: int
    rule: AllowanceRule | None
    wage: BasicWage | None
    override: AllowanceOverride | None
    explanation: str


@dataclass(frozen=True)
class Tables:
    """The rules, wages and overrides a month's computation reads, loaded once."""

    rules: tuple[AllowanceRule, ...]
    wages: tuple[BasicWage, ...]
    overrides: dict[int, AllowanceOverride]


def tables_for(month: dt.date, memberships: Iterable[int] = ()) -> Tables:
    """Three queries, whatever the number of collaborators."""
    month = month_start(month)
    return Tables(
        rules=tuple(AllowanceRule.objects.order_by("-valid_from", "-pk")),
        wages=tuple(BasicWage.objects.order_by("-effective_from")),
        overrides={
            o.membership_id: o
            for o in AllowanceOverride.objects.filter(
                month=month, membership_id__in=list(memberships)
            ).select_related("set_by")
        },
    )


def wage_on(on: dt.date, wages: Iterable[BasicWage] | None = None) -> BasicWage | None:
    """The basic wage in force on a day: the latest that took effect by then."""
    if wages is None:
        return BasicWage.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    return max(
        (w for w in wages if w.effective_from <= on), key=lambda w: w.effective_from, default=None
    )


def rule_on(
    kind: str, on: dt.date, rules: Iterable[AllowanceRule] | None = None
) -> AllowanceRule | None:
    """The rule in force on a day for a kind of collaborator."""
    if rules is None:
        rules = AllowanceRule.objects.all()
    in_force = [
        r
        for r in rules
        if r.valid_from <= on and (r.valid_to is None or r.valid_to >= on) and r.kind in ("", kind)
    ]
    if not in_force:
        return None
    return max(in_force, key=lambda r: (r.kind == kind, r.valid_from, r.pk))


def allowance_due(
    membership: RosterMembership, month: dt.date, tables: Tables | None = None
) -> Due:
    month = month_start(month)
    if tables is None:
        tables = tables_for(month, [membership.pk])
    override = tables.overrides.get(membership.pk)
    rule = rule_on(membership.kind, month, tables.rules)
    wage = wage_on(month, tables.wages)
    if override is not None:
        return Due(
            override.amount_vnd,
            rule,
            wage,
            override,
            _("Set by hand for %(month)s: %(reason)s")
            % {"month": f"{month:%m/%Y}", "reason": override.reason},
        )
    if rule is None:
        return Due(
            0,
            None,
            wage,
            None,
            _("No allowance rule was in force on %(date)s.") % {"date": format_date(month)},
        )
    if rule.fixed_amount_vnd is not None:
        return Due(
            rule.fixed_amount_vnd,
            rule,
            wage,
            None,
            _("%(amount)s a month under %(basis)s.")
            % {"amount": format_vnd(rule.fixed_amount_vnd), "basis": rule.legal_basis},
        )
    if wage is None:
        return Due(
            0,
            rule,
            None,
            None,
            _("No basic wage is recorded for %(date)s.") % {"date": format_date(month)},
        )
    amount = share_of(wage.amount_vnd, rule.wage_percent)
    return Due(
        amount,
        rule,
        wage,
        None,
        _(
            "%(percent)s%% of the basic wage of %(wage)s (%(wage_basis)s, from %(from)s) "
            "under %(basis)s."
        )
        % {
            "percent": percent_text(rule.wage_percent),
            "wage": format_vnd(wage.amount_vnd),
            "wage_basis": wage.legal_basis,
            "from": format_date(wage.effective_from),
            "basis": rule.legal_basis,
        },
    )


def after_report(due: Due, *, report_missing: bool) -> tuple[int, str]:
    """What is paid for the month, once its report is known, and why. An amount set by
    hand is paid as set: whoever set it knew of the report."""
    if not report_missing or due.override is not None or due.rule is None:
        return due.amount_vnd, ""
    rule = due.rule
    basis = rule.missing_report_basis or rule.legal_basis
    if rule.missing_report == MissingReport.WITHHELD:
        return 0, _("No monthly report: withheld under %(basis)s.") % {"basis": basis}
    if rule.missing_report == MissingReport.PRORATED:
        percent = rule.missing_report_percent or Decimal(0)
        return share_of(due.amount_vnd, percent), _(
            "No monthly report: %(percent)s%% paid under %(basis)s."
        ) % {"percent": percent_text(percent), "basis": basis}
    return due.amount_vnd, _("No monthly report: paid in full under %(basis)s.") % {"basis": basis}
