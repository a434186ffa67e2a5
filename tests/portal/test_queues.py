"""Work queues ("Việc cần làm"): every role's home says what waits, each count a link
to the full list, and a page of a queue costs the same however many rows it holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from establishments.models import RequestStatus
from portal.queues import BY_KEY, work_counts, work_total
from tests.factories import SupportRequestFactory, UserFactory, make_round, seat

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("role", "keys"),
    [
        (Role.CENTER_STAFF, {"yeu-cau", "ke-hoach-tra-lai", "khoan-chi-cho-duyet"}),
        (Role.OFFICIAL, {"ke-hoach-cho-duyet", "nghiem-thu-cho-duyet"}),
        (Role.COUNCIL_MEMBER, {"cham-diem"}),
        (Role.COLLABORATOR, {"bao-cao-thang"}),
    ],
)
def test_each_role_has_its_queues_on_its_home(client, role, keys):
    user = UserFactory(role=role)
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="work-queue"' in home
    for key in keys:
        assert reverse("work_queue", args=[key]) in home
    assert {count.queue.key for count in work_counts(user)} >= keys


def test_a_queue_of_another_role_is_not_found(client):
    client.force_login(UserFactory(role=Role.OFFICIAL))
    assert client.get(reverse("work_queue", args=["khoan-chi-cho-duyet"])).status_code == 404
    assert client.get(reverse("work_queue", args=["no-such-queue"])).status_code == 404


def test_requests_to_review_are_counted_listed_and_linked(client):
    staff = UserFactory(role=Role.CENTER_STAFF)
    waiting = [SupportRequestFactory() for _ in range(3)]
    SupportRequestFactory(status=RequestStatus.DECLINED)
    client.force_login(staff)
    assert {c.queue.key: c.count for c in work_counts(staff)}["yeu-cau"] == 3
    assert work_total(staff) >= 3
    page = client.get(reverse("work_queue", args=["yeu-cau"])).content.decode()
    for request in waiting:
        assert request.get_absolute_url() in page


def test_a_page_of_a_queue_costs_the_same_for_three_rows_or_twenty(client):
    staff = UserFactory(role=Role.CENTER_STAFF)
    client.force_login(staff)
    url = reverse("work_queue", args=["yeu-cau"])
    for _ in range(3):
        SupportRequestFactory()
    few = _queries(client, url)
    for _ in range(17):
        SupportRequestFactory()
    assert _queries(client, url) == few
    assert few <= 12


def test_the_home_page_counts_cost_one_query_a_queue(client):
    staff = UserFactory(role=Role.CENTER_STAFF)
    client.force_login(staff)
    applying = [q for q in BY_KEY.values() if q.applies(staff)]  # the roles, read once
    with CaptureQueriesContext(connection) as captured:
        work_counts(staff)
    assert len(captured) == len(applying)
    with CaptureQueriesContext(connection) as again:
        work_counts(staff)
    assert len(again) == 0  # kept for the rest of the request


def test_a_council_member_sees_the_entries_left_to_score(client):
    staff = UserFactory(role=Role.CENTER_STAFF)
    voting_round = make_round(actor=staff)
    member = seat(voting_round)
    client.force_login(member.user)
    counts = {c.queue.key: c.count for c in work_counts(member.user)}
    assert counts["cham-diem"] == 0  # the round is not open for scoring yet
