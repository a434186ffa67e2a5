"""Random sequences of grant / schedule / approve / pay / cancel / refund / settle /
cancel-project operations, run through the real services against a plain Python model of
the rules. After every step: the services accepted exactly what the model allows, every
invariant holds in the database, and the ledger balances to the đồng."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from funding import services
from funding.models import Allocation, Disbursement, Grant, Refund
from funding.selectors import grant_totals
from projects.models import AcceptanceResult, AnnualPlan, DocumentKind, ProjectStatus
from projects.monitoring import acceptance_record
from projects.services import project_transition
from tests.factories import AllocationFactory, ProjectFactory, UserFactory, ensure_support_rules

pytestmark = pytest.mark.django_db

MILLION = 1_000_000
YEAR = 2026
APPROVED_ON = dt.date(2026, 1, 10)
# Machinery under Circular 28/2018: 50 % of the cost, at most 300 million; advances 70 %.
# Odd costs so that the percentages fall between đồng.
COSTS = (
    (300_000_001, 299_999_998),  # cost 600,000,000 - 1: 50 % = 299,999,999
    (35_000_001, 35_000_000),  # cost 70,000,001: 50 % = 35,000,000
)
PAYABLE_IN = {
    "advance": {"contracted", "in_progress"},
    "interim": {"in_progress", "accepted"},
    "final": {"accepted", "settled"},
}
NEXT_STATUS = {"approved": "contracted", "contracted": "in_progress", "in_progress": "accepted"}


def _floor_percent(amount: int, percent: int) -> int:
    return amount * percent // 100


@dataclass
class ModelGrant:
    amount: int
    status: str = "open"
    paid: int = 0
    refunded: int = 0
    advances: int = 0
    settled: int | None = None
    pending: dict = field(default_factory=dict)  # disbursement id -> [kind, amount, state]

    @property
    def net(self) -> int:
        return self.paid - self.refunded

    @property
    def ceiling(self) -> int:
        return {"open": self.amount, "settled": self.settled or 0, "cancelled": 0}[self.status]

    @property
    def committed(self) -> int:
        return self.amount if self.status == "open" else max(self.ceiling, self.net)

    @property
    def pending_total(self) -> int:
        return sum(amount for _kind, amount, _state in self.pending.values())


@dataclass
class Model:
    allocated: int
    caps: list[int]
    status: list[str]
    grants: dict = field(default_factory=dict)  # project index -> ModelGrant

    @property
    def committed(self) -> int:
        return sum(g.committed for g in self.grants.values())


# An amount is drawn either outright or relative to the room the rules leave (the
# available money, the room under the grant, the advance limit...), so that sequences
# land on the boundaries: exactly the room, one đồng over, one đồng under.
amounts = st.one_of(
    st.tuples(st.just("room"), st.sampled_from([-1, 0, 0, 0, 1])),
    st.tuples(st.just("room"), st.integers(min_value=-200 * MILLION, max_value=-2)),
    st.tuples(st.just("abs"), st.integers(min_value=-5, max_value=320 * MILLION)),
)
project_index = st.integers(min_value=0, max_value=len(COSTS) - 1)
pending_index = st.integers(0, 3)
ARGUMENTS = {
    "grant": st.tuples(project_index, amounts),
    "progress": st.tuples(project_index),
    # The kind: mostly one the project's state allows (resolved when run), sometimes any.
    "schedule": st.tuples(
        project_index,
        st.one_of(st.integers(0, 1), st.sampled_from(list(PAYABLE_IN))),
        amounts,
    ),
    "approve": st.tuples(project_index, pending_index),
    "pay": st.tuples(project_index, pending_index),
    "cancel_payment": st.tuples(project_index, pending_index),
    "refund": st.tuples(project_index, amounts),
    "settle": st.tuples(project_index, amounts),
    "cancel_project": st.tuples(project_index),
}
# Weighted by repetition: payments are the common case, cancelling a project the rare one.
WEIGHTS = {
    "grant": 1,
    "progress": 4,
    "schedule": 5,
    "approve": 4,
    "pay": 4,
    "cancel_payment": 1,
    "refund": 2,
    "settle": 2,
    "cancel_project": 2,
}
operations = st.sampled_from([n for n, w in WEIGHTS.items() for _ in range(w)]).flatmap(
    lambda name: ARGUMENTS[name].map(lambda args: (name, *args))
)
# Every sequence starts by granting each project (at, under or over the room).
opening = st.tuples(*[st.tuples(st.just("grant"), st.just(i), amounts) for i in range(len(COSTS))])


@pytest.fixture
def people(db):
    ensure_support_rules()
    return {
        "staff": UserFactory(role=Role.CENTER_STAFF),
        "accountant": UserFactory(role=Role.CENTER_STAFF),
        "official": UserFactory(role=Role.OFFICIAL),
    }


def _pick(grant: ModelGrant, index: int):
    ids = sorted(grant.pending)
    return ids[index % len(ids)] if ids else None


class Runner:
    def __init__(self, people, allocated):
        self.people = people
        self.today = timezone.localdate()
        self.allocation = AllocationFactory(year=YEAR, fund_source="national", amount_vnd=allocated)
        self.plan = AnnualPlan.objects.create(year=YEAR, fund_source="national", status="approved")
        self.projects = []
        caps = []
        for support, counterpart in COSTS:
            project = ProjectFactory(
                plan_year=YEAR,
                fund_source="national",
                content_type="machinery",
                status=ProjectStatus.APPROVED,
            )
            project.budget_lines.create(
                item="Máy", state_support_vnd=support, counterpart_vnd=counterpart
            )
            project.documents.create(
                kind=DocumentKind.SETTLEMENT,
                title="Hồ sơ quyết toán",
                file="projects/qt.pdf",
                uploaded_by=people["staff"],
            )
            self.projects.append(project)
            caps.append(min(_floor_percent(support + counterpart, 50), 300 * MILLION))
        self.model = Model(allocated, caps, ["approved"] * len(COSTS))

    # Each step returns (allowed by the model, the service call or None when not applicable).
    def step(self, op):
        """Resolve relative amounts, then say whether the model allows the operation."""
        name, i, *args = op
        m = self.model
        grant = m.grants.get(i)
        if name == "schedule" and isinstance(args[0], int):
            payable = sorted(k for k, states in PAYABLE_IN.items() if m.status[i] in states)
            args[0] = payable[args[0] % len(payable)] if payable else "advance"
        if args and isinstance(args[-1], tuple):
            how, value = args[-1]
            if how == "room":
                value += self.room(name, i, grant, *args[:-1])
            args = [*args[:-1], value]
        op = (name, i, *args)
        allowed, call = self._step(op, grant)
        return op, allowed, call

    def room(self, name, i, grant, *extra) -> int:
        m = self.model
        if name == "grant":
            return min(m.caps[i], m.allocated - m.committed)
        if grant is None:
            return 0
        if name == "schedule":
            room = grant.ceiling - grant.net - grant.pending_total
            if extra[0] == "advance":
                room = min(room, _floor_percent(grant.amount, 70) - grant.advances)
            return room
        if name == "refund":
            return grant.net
        return grant.amount  # settle

    def _step(self, op, grant):
        name, i, *args = op
        m, staff = self.model, self.people["staff"]
        db_grant = Grant.objects.filter(project=self.projects[i]).first()
        if name == "grant":
            (amount,) = args
            allowed = (
                grant is None
                and 0 <= amount <= m.caps[i]
                and amount <= m.allocated - m.committed
                and m.status[i] == "approved"
            )
            return allowed, lambda: services.grant_create(
                actor=self.people["official"],
                project=self.projects[i],
                plan=self.plan,
                amount_vnd=amount,
                approved_on=APPROVED_ON,
            )
        if name == "progress":
            target = NEXT_STATUS.get(m.status[i])
            if target is None:
                return False, None

            def move():
                if target == "accepted":
                    acceptance_record(
                        actor=staff,
                        project=self.projects[i],
                        accepted_on=self.today,
                        minutes_number="NT",
                        result=AcceptanceResult.PASSED,
                    )
                    actor = self.people["official"]
                else:
                    actor = staff
                project_transition(actor=actor, project=self.projects[i], target=target)

            return True, move
        if name == "cancel_project":
            if m.status[i] not in ("approved", "contracted", "in_progress"):
                return False, None
            return True, lambda: project_transition(
                actor=staff, project=self.projects[i], target="cancelled", note="Hủy"
            )
        if grant is None:
            return False, None
        if name == "schedule":
            kind, amount = args
            allowed = (
                amount > 0
                and grant.status != "cancelled"
                and m.status[i] in PAYABLE_IN[kind]
                and amount <= grant.ceiling - grant.net - grant.pending_total
                and (
                    kind != "advance" or grant.advances + amount <= _floor_percent(grant.amount, 70)
                )
            )
            return allowed, lambda: services.disbursement_schedule(
                actor=staff, grant=db_grant, kind=kind, amount_vnd=amount
            )
        if name in ("approve", "pay", "cancel_payment"):
            pk = _pick(grant, args[0])
            if pk is None:
                return False, None
            disbursement = Disbursement.objects.get(pk=pk)
            state = grant.pending[pk][2]
            accountant = self.people["accountant"]
            if name == "approve":
                return state == "scheduled", lambda: services.disbursement_approve(
                    actor=accountant, disbursement=disbursement
                )
            if name == "pay":
                return state == "approved", lambda: services.disbursement_pay(
                    actor=accountant, disbursement=disbursement, paid_on=self.today, reference="KB"
                )
            return True, lambda: services.disbursement_cancel(
                actor=staff, disbursement=disbursement, note="Không chi"
            )
        if name == "refund":
            (amount,) = args
            return 0 < amount <= grant.net, lambda: services.refund_record(
                actor=staff,
                grant=db_grant,
                amount_vnd=amount,
                reason="Hoàn",
                refunded_on=self.today,
            )
        if name == "settle":
            (amount,) = args
            allowed = (
                grant.status == "open"
                and m.status[i] == "accepted"
                and not grant.pending
                and 0 <= amount <= grant.amount
            )
            return allowed, lambda: services.grant_settle(
                actor=staff,
                grant=db_grant,
                settled_vnd=amount,
                counterpart_actual_vnd=1,
                settled_on=self.today,
                settlement_number="QT",
            )
        raise AssertionError(name)

    def apply_to_model(self, op, result):
        name, i, *args = op
        m = self.model
        grant = m.grants.get(i)
        if name == "grant":
            m.grants[i] = ModelGrant(amount=args[0])
        elif name == "progress":
            m.status[i] = NEXT_STATUS[m.status[i]]
        elif name == "cancel_project":
            m.status[i] = "cancelled"
            if grant is not None and grant.status == "open":
                for kind, amount, _state in grant.pending.values():
                    if kind == "advance":
                        grant.advances -= amount
                grant.pending.clear()
                grant.status = "cancelled"
        elif name == "schedule":
            kind, amount = args
            grant.pending[result.pk] = [kind, amount, "scheduled"]
            if kind == "advance":
                grant.advances += amount
        elif name == "approve":
            grant.pending[result.pk][2] = "approved"
        elif name == "pay":
            grant.paid += grant.pending.pop(result.pk)[1]
        elif name == "cancel_payment":
            kind, amount, _state = grant.pending.pop(result.pk)
            if kind == "advance":
                grant.advances -= amount
        elif name == "refund":
            grant.refunded += args[0]
        elif name == "settle":
            grant.status, grant.settled = "settled", args[0]
            m.status[i] = "settled"

    def check(self):
        m = self.model
        allocation = Allocation.objects.get(pk=self.allocation.pk)
        assert allocation.committed_vnd == m.committed <= allocation.amount_vnd
        totals = grant_totals(allocation)
        grants = m.grants.values()
        assert totals["granted"] == sum(g.amount for g in grants)
        assert totals["paid"] == sum(g.paid for g in grants)
        assert totals["refunded"] == sum(g.refunded for g in grants)
        assert totals["committed"] == allocation.committed_vnd
        # The running totals the ledger reads are the sums over the grants.
        assert (allocation.paid_vnd, allocation.refunded_vnd, allocation.grant_count) == (
            totals["paid"],
            totals["refunded"],
            len(grants),
        )
        assert totals["refund_due"] == sum(max(0, g.net - g.ceiling) for g in grants)
        # The ledger balances: allocated = available + (net paid + still to pay).
        assert allocation.amount_vnd == (
            allocation.available_vnd + totals["net_paid"] + totals["to_pay"]
        )
        assert totals["to_pay"] >= 0
        for i, g in m.grants.items():
            row = Grant.objects.get(project=self.projects[i])
            rows = Disbursement.objects.filter(grant=row)
            assert (
                row.paid_vnd
                == g.paid
                == (rows.filter(status="paid").aggregate(s=Sum("amount_vnd"))["s"] or 0)
            )
            assert (
                row.refunded_vnd
                == g.refunded
                == (Refund.objects.filter(grant=row).aggregate(s=Sum("amount_vnd"))["s"] or 0)
            )
            assert (
                row.advance_vnd
                == g.advances
                == (
                    rows.filter(kind="advance")
                    .exclude(status="cancelled")
                    .aggregate(s=Sum("amount_vnd"))["s"]
                    or 0
                )
            )
            assert (row.status, row.committed_vnd) == (g.status, g.committed)
            assert row.net_paid_vnd <= row.amount_vnd <= m.caps[i]
            assert row.advance_vnd <= _floor_percent(row.amount_vnd, 70)
            assert row.refunded_vnd <= row.paid_vnd
            assert (
                self.projects[i].__class__.objects.get(pk=self.projects[i].pk).status
                == (m.status[i])
            )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    allocated=st.sampled_from([300 * MILLION, 320 * MILLION, 10_000 * MILLION, 10_000 * MILLION]),
    start=opening,
    ops=st.lists(operations, min_size=20, max_size=50),
)
def test_random_money_operations_keep_every_invariant(people, allocated, start, ops):
    ops = [*start, *ops]
    with transaction.atomic():
        runner = Runner(people, allocated)
        for drawn in ops:
            op, allowed, call = runner.step(drawn)
            if call is None:
                continue
            try:
                with transaction.atomic():
                    result = call()
            except ValidationError:
                assert not allowed, f"refused but the rules allow it: {op}"
            else:
                assert allowed, f"accepted but the rules forbid it: {op}"
                runner.apply_to_model(op, result)
            runner.check()
        transaction.set_rollback(True)
