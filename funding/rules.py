"""Which support rule applies to a project, and what cap it gives.

The rule in force on the approval date applies. Among the rules in force, the most
specific wins: a rule for the project's content beats a general rule of the same legal
basis; a rule of the project's own fund source beats a national one (a province with no
local rule of its own is held to the national ceiling, which its resolution may only
lower); a rule of the configured province beats a country-wide one; a later rule beats
an earlier one.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from core.formatting import format_date, format_vnd
from establishments.content_types import PromotionContent
from projects.models import FundSource

from .models import SupportRule


@dataclass(frozen=True)
class AppliedRule:
    rule: SupportRule | None
    reason: str


def percent_of(amount: int, percent: Decimal) -> int:
    """Floor of percent % of amount, to the đồng (never round public money up)."""
    return int((Decimal(amount) * Decimal(percent) / 100).to_integral_value(ROUND_FLOOR))


def rule_in_force(
    *, content_type: str, fund_source: str, on: dt.date, using: str = DEFAULT_DB_ALIAS
) -> AppliedRule:
    province = str(settings.KHUYENCONG_PROVINCE_CODE).strip()
    candidates = (
        SupportRule.objects.using(using)
        .filter(
            Q(fund_source=fund_source) | Q(fund_source=FundSource.NATIONAL),
            Q(content_type=content_type) | Q(content_type=""),
            Q(province_code="") | Q(province_code=province),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            valid_from__lte=on,
        )
        .annotate(
            specific=Case(
                When(content_type="", then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            own_fund=Case(
                When(fund_source=fund_source, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            local=Case(
                When(province_code="", then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .order_by("-specific", "-own_fund", "-local", "-valid_from", "-pk")
    )
    rule = candidates.first()
    content = PromotionContent(content_type).label
    fund = FundSource(fund_source).label
    if rule is None:
        return AppliedRule(
            None,
            _(
                "No support rule for “%(content)s” (%(fund)s) was in force on %(date)s; "
                "only the project's cost and the allocation limit the grant."
            )
            % {"content": content, "fund": fund, "date": format_date(on)},
        )
    period = (
        _("in force from %(start)s to %(end)s")
        % {"start": format_date(rule.valid_from), "end": format_date(rule.valid_to)}
        if rule.valid_to
        else _("in force from %(start)s") % {"start": format_date(rule.valid_from)}
    )
    parts = [
        _("%(basis)s (%(item)s), %(period)s, covers the approval date %(date)s.")
        % {"basis": rule.legal_basis, "item": rule.item, "period": period, "date": format_date(on)}
    ]
    if rule.content_type:
        parts.append(_("It is the rule for “%(content)s”.") % {"content": content})
    else:
        parts.append(
            _("No rule specific to “%(content)s” was in force; the general rule applies.")
            % {"content": content}
        )
    if rule.fund_source != fund_source:
        parts.append(
            _("No local rule was recorded; the national ceiling applies to %(fund)s.")
            % {"fund": fund}
        )
    if rule.province_code:
        parts.append(_("It is a rule of this province."))
    return AppliedRule(rule, " ".join(str(p) for p in parts))


@dataclass(frozen=True)
class Cap:
    amount: int  # the most the grant may be
    explanation: str


def _limits(rule: SupportRule | None, cost: int) -> list[tuple[int, Callable[[], str]]]:
    """Each limit on the grant, with how to explain it (worded only when shown)."""
    limits = [(cost, lambda: _("the project's cost %(v)s") % {"v": format_vnd(cost)})]
    if rule is not None and rule.max_percent is not None:
        value = percent_of(cost, rule.max_percent)
        limits.append(
            (
                value,
                lambda: (
                    _("%(p)s%% of the cost %(cost)s = %(v)s")
                    % {
                        "p": format_percent(rule.max_percent),
                        "cost": format_vnd(cost),
                        "v": format_vnd(value),
                    }
                ),
            )
        )
    if rule is not None and rule.max_amount_vnd is not None:
        limits.append(
            (
                rule.max_amount_vnd,
                lambda: _("the maximum amount %(v)s") % {"v": format_vnd(rule.max_amount_vnd)},
            )
        )
    return limits


def cap_amount(rule: SupportRule | None, cost: int) -> int:
    """support <= min(max_percent * cost, max_amount), and never more than the cost."""
    return min(amount for amount, _why in _limits(rule, cost))


def cap_for(rule: SupportRule | None, cost: int) -> Cap:
    """The cap and the limit that sets it, in words."""
    amount, why = min(_limits(rule, cost), key=lambda limit: limit[0])
    return Cap(amount, why())


def format_percent(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
