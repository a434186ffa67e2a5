"""Two clicks at the same moment must not break a rule: twenty officials' connections
grant against an allocation with room for exactly five grants."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.roles import Role
from funding import services
from funding.models import Allocation, Grant
from funding.selectors import grant_totals
from projects.models import AnnualPlan, PlanStatus, ProjectStatus
from tests.factories import AllocationFactory, ProjectFactory, UserFactory, ensure_support_rules

GRANT = 100_000_000
CLIENTS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_grants_against_room_for_five(localities_committed):
    if connection.vendor != "postgresql":
        from tests.conftest import skip_or_fail

        skip_or_fail("needs PostgreSQL (DATABASE_URL) for concurrent connections")
    ensure_support_rules()
    allocation = AllocationFactory(year=2027, fund_source="national", amount_vnd=5 * GRANT)
    plan = AnnualPlan.objects.create(year=2027, fund_source="national", status=PlanStatus.APPROVED)
    projects = []
    for _ in range(CLIENTS):
        project = ProjectFactory(
            plan_year=2027,
            fund_source="national",
            content_type="machinery",
            status=ProjectStatus.APPROVED,
        )
        project.budget_lines.create(item="Máy", state_support_vnd=GRANT, counterpart_vnd=GRANT)
        projects.append(project)
    officials = [UserFactory(role=Role.OFFICIAL) for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def grant(official, project):
        try:
            barrier.wait()
            services.grant_create(
                actor=official,
                project=project,
                plan=plan,
                amount_vnd=GRANT,
                approved_on=dt.date(2027, 1, 5),
            )
            outcome = ("granted", "")
        except ValidationError as error:
            outcome = ("refused", " ".join(error.messages))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=grant, args=(official, project))
        for official, project in zip(officials, projects, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    granted = [o for o in outcomes if o[0] == "granted"]
    refused = [message for kind, message in outcomes if kind == "refused"]
    assert len(granted) == 5
    assert len(refused) == CLIENTS - 5
    # The refusal names the allocation and the money left (none), in Vietnamese.
    assert all("chỉ còn 0 ₫" in message for message in refused), refused[0]
    allocation = Allocation.objects.get(pk=allocation.pk)
    assert allocation.committed_vnd == allocation.amount_vnd == 5 * GRANT
    assert Grant.objects.filter(allocation=allocation).count() == 5
    totals = grant_totals(allocation)
    assert totals["granted"] == totals["committed"] == 5 * GRANT
    assert allocation.available_vnd == 0
