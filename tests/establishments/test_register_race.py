"""A double tap on "Register" sends the same establishment twice at the same moment (the
load test found it): the second is refused on its tax code, as if the first had been
saved long before, never answered with a server error."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from accounts.roles import Role
from establishments import services
from establishments.models import Establishment
from tests.conftest import skip_or_fail
from tests.factories import UserFactory, commune


def _wait_until_another_transaction_waits_for_this_one(timeout: float = 10) -> bool:
    """True once a connection waits on this transaction (here: the other tap's INSERT,
    held by the unique index until this one commits)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid'"
                " AND NOT granted AND transactionid = pg_current_xact_id()::xid"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_tax_code_registered_at_the_same_moment_is_refused_not_a_server_error(
    localities_committed,
):
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL (DATABASE_URL) for concurrent connections")
    staff = UserFactory(role=Role.CENTER_STAFF)
    fields = {
        "name": "Cơ sở Gốm Thổ Hà",
        "legal_form": "household_business",
        "commune": commune("Phường Việt Yên"),
        "sector": "handicraft",
        "tax_code": "2400123456",
    }
    first_saved = threading.Event()
    second: dict = {}

    def second_tap():
        try:
            first_saved.wait(10)
            with transaction.atomic():  # the request's own transaction (ATOMIC_REQUESTS)
                services.establishment_register(actor=staff, **fields)
            second["outcome"] = "saved"
        except Exception as error:
            second["outcome"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=second_tap)
    thread.start()
    with transaction.atomic():  # the first tap: saved, not committed yet
        services.establishment_register(actor=staff, **fields)
        first_saved.set()
        waited = _wait_until_another_transaction_waits_for_this_one()
    thread.join(30)

    assert waited, "the second tap never reached its INSERT: the race was not exercised"
    refusal = second["outcome"]
    assert isinstance(refusal, ValidationError), repr(refusal)
    assert "tax_code" in refusal.error_dict
    assert Establishment.objects.filter(tax_code="2400123456").count() == 1
