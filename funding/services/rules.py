"""Support rules as grants apply them: a rule saved, and a proposed grant assessed
against the rule in force (its cap, and the cost it was computed on)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.formatting import format_vnd
from projects.models import Project

from ..models import SupportRule
from ..rules import cap_for, rule_in_force
from .locking import require_staff


@transaction.atomic
def support_rule_save(*, actor, rule: SupportRule) -> SupportRule:
    """Add or edit a rule. Grants already made keep the caps they were given."""
    require_staff(actor)
    rule.full_clean()
    rule._change_reason = _("Edited by %(user)s") % {"user": actor.display_name}
    rule.save()
    return rule


@dataclass(frozen=True)
class Assessment:
    """What the rules say about a proposed grant, before anything is written."""

    rule_reason: str
    cap: int
    cap_explanation: str
    cost: int
    counterpart: int
    rule: object


def project_cost(project: Project) -> tuple[int, int]:
    totals = project.budget_lines.aggregate(
        support=Sum("state_support_vnd"), counterpart=Sum("counterpart_vnd")
    )
    support, counterpart = totals["support"] or 0, totals["counterpart"] or 0
    return support + counterpart, counterpart


def assess(project: Project, on: dt.date) -> Assessment:
    applied = rule_in_force(
        content_type=project.content_type, fund_source=project.fund_source, on=on
    )
    cost, counterpart = project_cost(project)
    cap = cap_for(applied.rule, cost)
    return Assessment(applied.reason, cap.amount, cap.explanation, cost, counterpart, applied.rule)


def check_cap(project: Project, amount: int, assessment: Assessment) -> None:
    if amount > assessment.cap:
        basis = assessment.rule.legal_basis if assessment.rule else _("the project's cost")
        raise ValidationError(
            {
                "amount_vnd": _(
                    "%(code)s: %(amount)s exceeds the support cap of %(basis)s — %(why)s — "
                    "by %(excess)s."
                )
                % {
                    "code": project.code,
                    "amount": format_vnd(amount),
                    "basis": basis,
                    "why": assessment.cap_explanation,
                    "excess": format_vnd(amount - assessment.cap),
                }
            }
        )
