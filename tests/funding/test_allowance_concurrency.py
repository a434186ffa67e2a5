"""Two clicks on one allowance sheet at the same moment pay it once: two staff members
approve it together, then two pay it together (PostgreSQL, real connections)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.roles import Role
from collaborators.models import AllowanceRule
from funding.allowances import services
from funding.models import Allocation, AllowanceSheet, Disbursement, Grant
from tests.factories import UserFactory, allowance_roster, ensure_basic_wages, network_grant

CLIENTS = 6


def _race(actors, act) -> list[tuple[str, str]]:
    barrier = threading.Barrier(len(actors))
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def run(actor):
        try:
            barrier.wait()
            act(actor)
            outcome = ("done", "")
        except ValidationError as error:
            outcome = ("refused", " ".join(error.messages))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_and_payments_pay_a_sheet_once(localities_committed):
    if connection.vendor != "postgresql":
        from tests.conftest import skip_or_fail

        skip_or_fail("needs PostgreSQL (DATABASE_URL) for concurrent connections")
    ensure_basic_wages()
    preparer = UserFactory(role=Role.CENTER_STAFF)
    AllowanceRule.objects.create(
        legal_basis="NQ 55/2015", valid_from=dt.date(2016, 1, 1), wage_percent=Decimal(30)
    )
    grant = network_grant(2025)
    allowance_roster(2025, 3)
    sheet = services.allowance_sheet_prepare(actor=preparer, month=dt.date(2025, 3, 1), grant=grant)
    assert sheet.total_vnd == 3 * 702_000
    others = [UserFactory(role=Role.CENTER_STAFF) for _ in range(CLIENTS)]

    approvals = _race(
        others, lambda actor: services.allowance_sheet_approve(actor=actor, sheet=sheet)
    )
    assert sorted(kind for kind, _message in approvals) == ["done"] + ["refused"] * (CLIENTS - 1)
    assert Disbursement.objects.filter(grant=grant).count() == 1

    payments = _race(
        others,
        lambda actor: services.allowance_sheet_pay(
            actor=actor, sheet=sheet, paid_on=dt.date(2025, 4, 5), voucher=f"PC-{actor.pk}"
        ),
    )
    assert sorted(kind for kind, _message in payments) == ["done"] + ["refused"] * (CLIENTS - 1)
    sheet = AllowanceSheet.objects.get(pk=sheet.pk)
    grant = Grant.objects.get(pk=grant.pk)
    allocation = Allocation.objects.get(pk=grant.allocation_id)
    assert sheet.status == "paid"
    assert grant.paid_vnd == allocation.paid_vnd == 3 * 702_000
    payment = Disbursement.objects.get(grant=grant)
    assert (payment.status, payment.amount_vnd, payment.reference) == (
        "paid",
        3 * 702_000,
        sheet.voucher,
    )
