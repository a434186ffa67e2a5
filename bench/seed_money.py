"""Bench money: allocations, grants, disbursements and refunds, following the rules of
funding/services/: the grant is the plan's amount within the cap of the support rule in
force on the decision's date; advances stay within the rule's limit; paid minus refunded
never passes what the state owes; the running totals on grants and allocations are the
sums of their rows. Interim payments are spread so that the dataset holds its target
number of disbursements."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bench.seed import Context, pick_weighted, split_total, target
from bench.writer import aware
from funding.rules import AppliedRule, cap_amount, rule_in_force

if TYPE_CHECKING:
    from bench.seed_projects import P


class Rules:
    """The rule in force and the cap it gives, decided by funding.rules as the services
    decide them; one lookup per content, fund source and day."""

    def __init__(self, ctx: Context):
        self.using = ctx.using
        self.applied: dict[tuple[str, str, dt.date], AppliedRule] = {}

    def apply(self, content: str, fund: str, on: dt.date) -> AppliedRule:
        key = (content, fund, on)
        if key not in self.applied:
            self.applied[key] = rule_in_force(
                content_type=content, fund_source=fund, on=on, using=self.using
            )
        return self.applied[key]

    def in_force(self, content: str, fund: str, on: dt.date):
        return self.apply(content, fund, on).rule

    @staticmethod
    def cap(rule, cost: int) -> int:
        return cap_amount(rule, cost)


def thousands(value: float) -> int:
    return max(1000, int(value) // 1000 * 1000)


# --- money ---------------------------------------------------------------------------------


@dataclass
class Money:
    """The rows of one grant, before its totals are written."""

    payments: list[list] = field(default_factory=list)  # [kind, status, amount, due, paid]
    refunds: list[tuple[int, dt.date, str]] = field(default_factory=list)
    interims: int = 0
    weight: float = 0.0


def skeleton(ctx: Context, p: P) -> Money:
    """Which payments a grant has, by its project's status; interim payments are counted
    later, so that the dataset holds its target number of disbursements."""
    rng = ctx.rng
    m = Money()
    status = p.cancelled_from if p.status == "cancelled" else p.status
    if p.dropped or status == "approved":
        return m
    if status == "contracted":
        if rng.random() < 0.7:
            m.payments.append(["advance", pick_weighted(
                rng, (("scheduled", 3), ("approved", 2), ("paid", 5))), 0, None, None])  # fmt: skip
    else:
        if rng.random() < 0.85:
            m.payments.append(["advance", "paid", 0, None, None])
        m.weight = {"in_progress": 0.5, "accepted": 0.8, "settled": 1.0}[status]
        if p.status == "cancelled":
            m.weight = 0.3
        if status == "in_progress" and p.status != "cancelled" and rng.random() < 0.3:
            m.payments.append(["interim", rng.choice(("scheduled", "approved")), 0, None, None])
        if status == "accepted":
            final = pick_weighted(rng, (("pending", 5), ("paid", 3), ("none", 2)))
            if final == "pending":
                m.payments.append(["final", rng.choice(("scheduled", "approved")), 0, None, None])
            elif final == "paid":
                m.payments.append(["final", "paid", 0, None, None])
        if status == "settled":
            m.payments.append(["final", "paid", 0, None, None])
    if p.status == "cancelled":
        for payment in m.payments:
            if payment[1] != "paid":
                payment[1] = "cancelled"
    if m.payments and rng.random() < 0.04:
        m.payments.append(["interim", "cancelled", 0, None, None])
    return m


def amounts(ctx: Context, p: P, m: Money) -> None:
    """Amounts and dates of the payments; refunds where money came back."""
    rng = ctx.rng
    d = p.dates
    a = p.amount
    for _ in range(m.interims):
        m.payments.insert(-1 if m.payments and m.payments[-1][0] == "final" else len(m.payments),
                          ["interim", "paid", 0, None, None])  # fmt: skip
    paid = [x for x in m.payments if x[1] == "paid"]
    pending = [x for x in m.payments if x[1] in ("scheduled", "approved")]
    status = p.status
    if status == "settled" or (status == "accepted" and any(x[0] == "final" for x in paid)):
        share = rng.uniform(0.85, 1.0)
    elif status == "accepted":
        share = rng.uniform(0.6, 0.9)
    elif status == "cancelled":
        share = rng.uniform(0.2, 0.5)
    else:
        share = rng.uniform(0.3, 0.7)
    total = int(a * share) // 1000 if paid else 0
    advance = next((x for x in paid if x[0] == "advance"), None)
    rest = paid
    if advance is not None:
        advance[2] = min(total - (len(paid) - 1), max(1, int(a * rng.uniform(0.3, 0.5)) // 1000))
        total -= advance[2]
        rest = [x for x in paid if x is not advance]
    if rest:
        parts = split_total(rng, total - len(rest), [rng.random() + 0.3 for _ in rest])
        for x, part in zip(rest, parts, strict=True):
            x[2] = part + 1
    for x in paid:
        x[2] *= 1000
    room = a - sum(x[2] for x in paid)
    for x in pending:
        if x[0] == "advance":  # within the advance limit (70 % under the rules in force)
            x[2] = thousands(a * rng.uniform(0.3, 0.5))
        else:
            x[2] = thousands(room * rng.uniform(0.3, 0.9)) if room > 1000 else 1000
        room -= x[2]
        if room < 0:  # a tiny grant: nothing left to schedule
            x[1] = "cancelled"
            room += x[2]
    for x in m.payments:
        if x[1] == "cancelled" and not x[2]:
            x[2] = thousands(a * rng.uniform(0.05, 0.3))
        if x[0] == "advance" and x[1] == "scheduled" and not x[2]:
            x[2] = thousands(a * 0.3)
    dates(ctx, p, m)
    net = sum(x[2] for x in paid)
    if status == "cancelled" and net and rng.random() < 0.7:
        m.refunds.append((net, ctx.day(d["cancelled"], d["cancelled"] + dt.timedelta(days=60)),
                          "Hoàn trả kinh phí đã tạm ứng do đề án bị hủy"))  # fmt: skip


def dates(ctx: Context, p: P, m: Money) -> None:
    rng = ctx.rng
    d = p.dates
    days = dt.timedelta
    start, end = d.get("contracted", d.get("approved")), d.get("end", ctx.today)
    last = min(d.get("accepted", d.get("cancelled", end)), ctx.today)
    interims = [x for x in m.payments if x[0] == "interim"]
    for x in m.payments:
        kind, status = x[0], x[1]
        if kind == "advance":
            due = ctx.day(start, min(start + days(20), last))
        elif kind == "final":
            after = d.get("accepted", last)
            due = ctx.day(after, after + days(30)) if status == "paid" else ctx.today + days(10)
        else:
            position = interims.index(x) + 1
            span = max((last - start).days, 1)
            due = start + days(span * position // (len(interims) + 1))
            if status in ("scheduled", "approved"):
                due = ctx.today + days(rng.randrange(1, 30))
        x[3] = due
        x[4] = min(due + days(rng.randrange(0, 10)), ctx.today) if status == "paid" else None


def seed_money(ctx: Context, projects: list[P], plans: dict, rules: Rules) -> None:
    from funding.models import Allocation, Disbursement, Grant, Refund

    rng = ctx.rng
    granted = [p for p in projects if p.approved_in]
    monies = {p.index: skeleton(ctx, p) for p in granted}
    fixed = sum(len(m.payments) for m in monies.values())
    extra = max(0, target("disbursements", ctx.scale) - fixed)
    eligible = [p for p in granted if monies[p.index].weight]
    weights = [monies[p.index].weight * rng.uniform(0.5, 1.5) for p in eligible]
    for p, k in zip(eligible, split_total(rng, extra, weights), strict=True):
        monies[p.index].interims = k
    allocation_ids = {}
    first_allocation = ctx.writer.reserve(Allocation, len(plans))
    for i, key in enumerate(plans):
        allocation_ids[key] = first_allocation + i
    first_grant = ctx.writer.reserve(Grant, len(granted))
    grant_rows, payment_rows, refund_rows = [], [], []
    granted_sum: dict[tuple[int, str], int] = {}
    committed_sum: dict[tuple[int, str], int] = {}
    # The allocation's running totals, as the services keep them: paid, refunded, grants.
    ledger: dict[tuple[int, str], list[int]] = {key: [0, 0, 0] for key in allocation_ids}
    for gi, p in enumerate(granted):
        grant_id = first_grant + gi
        m = monies[p.index]
        amounts(ctx, p, m)
        versions = plans[p.year, p.fund]
        plan = versions[p.grant_version - 1]
        applied = rules.apply(p.content, p.fund, plan.decided)
        rule = applied.rule
        cap = rules.cap(rule, p.cost)
        paid = sum(x[2] for x in m.payments if x[1] == "paid")
        refunded = sum(r[0] for r in m.refunds)
        advance = sum(x[2] for x in m.payments if x[0] == "advance" and x[1] != "cancelled")
        status, settled, settled_on, number, closed_by, actual = "open", None, None, "", None, None
        if p.status == "settled":
            status = "settled"
            settled_on = ctx.day(p.dates["accepted"], p.dates["settled"])
            roll = rng.random()
            settled = paid
            if roll < 0.1 and paid > 10_000:
                back = thousands(paid * rng.uniform(0.02, 0.1))
                settled = paid - back
                if roll < 0.07:
                    m.refunds.append((back, settled_on, "Quyết toán thấp hơn số đã thanh toán"))
                    refunded += back
            number = f"{rng.randrange(10, 999)}/QĐ-TTKC"
            closed_by = rng.choice(ctx.staff)
            actual = thousands(p.counterpart * rng.uniform(0.9, 1.1)) if p.counterpart else 0
        elif p.status == "cancelled":
            status = "cancelled"
            closed_by = rng.choice(ctx.staff)
        net = paid - refunded
        if status == "open":
            committed = p.amount
        elif status == "settled":
            committed = max(settled, net)
        else:
            committed = max(0, net)
        key = (p.year, p.fund)
        granted_sum[key] = granted_sum.get(key, 0) + p.amount
        committed_sum[key] = committed_sum.get(key, 0) + committed
        for i, value in enumerate((paid, refunded, 1)):
            ledger[key][i] += value
        made = ctx.moment(plan.decided)
        grant_rows.append(
            (
                grant_id, p.id, allocation_ids[key], plan.id, plan.decided, p.amount,
                rule.pk if rule else None, applied.reason, p.cost, p.counterpart, cap,
                rule.advance_max_percent if rule else None, status, committed, paid, refunded,
                advance, actual, settled, settled_on, number, closed_by,
                "Đề án bị hủy" if status == "cancelled" else "", made,
            )
        )  # fmt: skip
        for kind, state, amount, due, paid_on in m.payments:
            scheduler, approver = rng.sample(ctx.staff, 2)
            moved = state in ("approved", "paid")
            reference = f"UNC-{paid_on:%Y}-{rng.randrange(1, 99999):05d}" if paid_on else ""
            note = "Hủy, lập lại đề nghị thanh toán" if state == "cancelled" else ""
            created = ctx.moment(min(due - dt.timedelta(days=5), ctx.today))
            payment_rows.append(
                (grant_id, kind, amount, state, due, paid_on, reference, note, scheduler,
                 approver if moved else None, approver if state == "paid" else None, created)
            )  # fmt: skip
        for amount, day, reason in m.refunds:
            refund_rows.append((grant_id, amount, reason, day, f"GNT-{rng.randrange(1, 9999)}",
                                rng.choice(ctx.staff), ctx.moment(day)))  # fmt: skip
    allocation_rows = []
    for key, pk in allocation_ids.items():
        year, fund = key
        amount = max(granted_sum.get(key, 0), committed_sum.get(key, 0))
        amount = math.ceil(amount * rng.uniform(1.0, 1.15) / 1e6) * 1_000_000 or 1_000_000_000
        decided = dt.date(year - 1, 12, rng.randrange(5, 25))
        basis = f"{rng.randrange(1000, 4999)}/QĐ-UBND ngày {decided:%d/%m/%Y}"
        allocation_rows.append(
            (pk, year, fund, amount, basis, decided, "", committed_sum.get(key, 0), *ledger[key],
             rng.choice(ctx.staff), aware(decided))
        )  # fmt: skip
    w = ctx.writer
    w.write(
        Allocation,
        ("id", "year", "fund_source", "amount_vnd", "legal_basis", "decided_on", "note",
         "committed_vnd", "paid_vnd", "refunded_vnd", "grant_count", "created_by",
         "created_at"),
        allocation_rows,
    )  # fmt: skip
    w.write(
        Grant,
        ("id", "project", "allocation", "plan", "approved_on", "amount_vnd", "rule",
         "rule_reason", "project_cost_vnd", "counterpart_planned_vnd", "cap_vnd",
         "advance_max_percent", "status", "committed_vnd", "paid_vnd", "refunded_vnd",
         "advance_vnd", "counterpart_actual_vnd", "settled_vnd", "settled_on",
         "settlement_number", "closed_by", "closing_note", "created_at"),
        grant_rows,
    )  # fmt: skip
    w.write(
        Disbursement,
        ("grant", "kind", "amount_vnd", "status", "due_on", "paid_on", "reference", "note",
         "scheduled_by", "approved_by", "paid_by", "created_at"),
        payment_rows,
    )  # fmt: skip
    w.write(
        Refund,
        ("grant", "amount_vnd", "reason", "refunded_on", "reference", "recorded_by", "created_at"),
        refund_rows,
    )
