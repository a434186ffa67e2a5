"""The support request workflow table: each allowed (state, role) pair succeeds and
writes an event; every other pair is refused and changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from establishments import services
from establishments.models import RequestStatus
from establishments.workflow import TRANSITIONS
from tests.factories import SupportRequestFactory, UserFactory, assign_area, commune

pytestmark = pytest.mark.django_db

ROLES = [Role.CENTER_STAFF, Role.COLLABORATOR, Role.OFFICIAL, Role.COUNCIL_MEMBER]
CASES = [
    (state, target, role)
    for state in RequestStatus.values
    for target in RequestStatus.values
    for role in ROLES
    if state != target
]


def _allowed(state, target, role) -> bool:
    return any(t.target == target and role in t.roles for t in TRANSITIONS[state])


@pytest.mark.parametrize(("state", "target", "role"), CASES)
def test_transition_table(state, target, role, django_capture_on_commit_callbacks):
    request = SupportRequestFactory(status=state)
    actor = UserFactory(role=role)
    if role == Role.COLLABORATOR:
        assign_area(actor, [commune("Xã Tân Yên")])
    note = "Lý do" if target == RequestStatus.DECLINED else ""
    if _allowed(state, target, role):
        with django_capture_on_commit_callbacks(execute=True):
            services.support_request_transition(
                actor=actor, request=request, target=target, note=note
            )
        request.refresh_from_db()
        assert request.status == target
        event = request.events.get()
        assert (event.from_status, event.to_status, event.actor) == (state, target, actor)
        assert mail.outbox[-1].to == [request.submitted_by.email]
    else:
        with pytest.raises(PermissionDenied):
            services.support_request_transition(
                actor=actor, request=request, target=target, note=note
            )
        request.refresh_from_db()
        assert request.status == state
        assert not request.events.exists()


def test_declining_needs_a_reason(staff_user):
    request = SupportRequestFactory(status=RequestStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError):
        services.support_request_transition(
            actor=staff_user, request=request, target=RequestStatus.DECLINED, note="  "
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.UNDER_REVIEW


def test_staff_sees_only_the_buttons_it_may_press(client, staff_user):
    request = SupportRequestFactory(status=RequestStatus.UNDER_REVIEW)
    client.force_login(staff_user)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Chấp nhận" in page
    assert "Không chấp nhận" in page
    assert "Bắt đầu xem xét" not in page


def test_the_collaborator_sees_no_buttons_but_the_timeline(client, staff_user):
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    request = SupportRequestFactory(submitted_by=collaborator)
    services.support_request_transition(
        actor=staff_user, request=request, target=RequestStatus.UNDER_REVIEW
    )
    client.force_login(collaborator)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Bắt đầu xem xét" not in page
    assert "Chấp nhận" not in page
    assert "Đang xem xét" in page


def test_review_through_the_page(client, staff_user):
    request = SupportRequestFactory(status=RequestStatus.UNDER_REVIEW)
    client.force_login(staff_user)
    client.post(
        reverse("establishments:request_transition", args=[request.pk]),
        {"target": RequestStatus.DECLINED, "note": "Không phù hợp", "confirmed": "1"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert request.events.get().note == "Không phù hợp"


def test_a_new_request_notifies_staff(django_capture_on_commit_callbacks, staff_user):
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    from tests.factories import EstablishmentFactory, this_year

    establishment = EstablishmentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.support_request_submit(
            actor=collaborator,
            establishment=establishment,
            content_type="training",
            description="Đào tạo thợ",
            estimated_cost_vnd=50_000_000,
            desired_year=this_year(),
        )
    assert staff_user.email in [m.to[0] for m in mail.outbox]
    assert "Yêu cầu hỗ trợ" in mail.outbox[0].subject


def test_a_stale_page_says_the_request_moved_on_instead_of_refusing(client, staff_user):
    from establishments.models import RequestStatus

    request = SupportRequestFactory(status=RequestStatus.ACCEPTED)
    client.force_login(staff_user)
    response = client.post(
        reverse("establishments:request_transition", args=[request.pk]),
        {"target": RequestStatus.UNDER_REVIEW, "note": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "không còn thực hiện được" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
