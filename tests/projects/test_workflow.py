"""The project workflow table: every allowed (state, role) pair of a button succeeds
and writes an event; every other pair is refused and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from establishments import services as request_services
from establishments.models import RequestStatus
from projects import services
from projects.models import ProjectStatus, Recommendation
from projects.workflow import TRANSITIONS, available_transitions
from tests.factories import ProjectFactory, SupportRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.CENTER_STAFF, Role.OFFICIAL, Role.COLLABORATOR, Role.COUNCIL_MEMBER]
CASES = [
    (state, target, role)
    for state in ProjectStatus.values
    for target in ProjectStatus.values
    for role in ROLES
    if state != target
]


def _button(state, target, role):
    return next(
        (t for t in TRANSITIONS[state] if t.target == target and not t.via and role in t.roles),
        None,
    )


@pytest.mark.parametrize(("state", "target", "role"), CASES)
def test_transition_table(state, target, role):
    project = ProjectFactory(status=state)
    actor = UserFactory(role=role)
    button = _button(state, target, role)
    if target == ProjectStatus.ACCEPTED:
        project.acceptances.create(
            accepted_on=dt.date(2026, 5, 1),
            minutes_number="01/BB",
            result="passed",
            recorded_by=actor,
        )
    if button is not None:
        services.project_transition(actor=actor, project=project, target=target, note="Lý do")
        project.refresh_from_db()
        assert project.status == target
        event = project.events.get()
        assert (event.from_status, event.to_status, event.actor, event.note) == (
            state,
            target,
            actor,
            "Lý do",
        )
    else:
        with pytest.raises(PermissionDenied):
            services.project_transition(actor=actor, project=project, target=target, note="x")
        project.refresh_from_db()
        assert project.status == state
        assert not project.events.exists()


def test_each_user_sees_only_their_buttons():
    staff, official = UserFactory(role=Role.CENTER_STAFF), UserFactory(role=Role.OFFICIAL)
    in_progress = ProjectFactory(status=ProjectStatus.IN_PROGRESS)
    assert {t.target for t in available_transitions(staff, in_progress)} == {"cancelled"}
    # The official approves or refuses an acceptance: buttons of the table, shown on the
    # page only once a passed acceptance awaits the decision.
    assert {t.target for t in available_transitions(official, in_progress)} == {
        "accepted",
        "in_progress",
    }
    assert services.project_transitions(official, in_progress) == []
    in_progress.acceptances.create(
        accepted_on=dt.date(2026, 5, 1), minutes_number="03/BB", result="passed", recorded_by=staff
    )
    assert {t.target for t in services.project_transitions(official, in_progress)} == {
        "accepted",
        "in_progress",
    }
    in_plan = ProjectFactory(status=ProjectStatus.IN_PLAN)
    assert available_transitions(staff, in_plan) == []  # only the plan moves it
    assert available_transitions(UserFactory(role=Role.COLLABORATOR), in_plan) == []


def test_a_cancel_needs_a_reason():
    project = ProjectFactory(status=ProjectStatus.APPROVED)
    with pytest.raises(ValidationError):
        services.project_transition(
            actor=UserFactory(role=Role.CENTER_STAFF),
            project=project,
            target=ProjectStatus.CANCELLED,
            note=" ",
        )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


@pytest.mark.parametrize(
    ("recommendation", "status"),
    [
        (Recommendation.APPROVE, ProjectStatus.APPRAISED),
        (Recommendation.REVISE, ProjectStatus.RETURNED),
        (Recommendation.REJECT, ProjectStatus.REJECTED),
    ],
)
def test_the_appraisal_decides_the_next_state(recommendation, status):
    staff = UserFactory(role=Role.CENTER_STAFF)
    project = ProjectFactory(status=ProjectStatus.SUBMITTED)
    services.project_appraise(
        actor=staff,
        project=project,
        appraised_on=dt.date(2026, 3, 1),
        score=82,
        recommendation=recommendation,
        summary="Phù hợp quy hoạch",
    )
    project.refresh_from_db()
    assert project.status == status
    assert project.appraisals.get().score == 82
    assert project.events.get().note == "Phù hợp quy hoạch"


def test_only_staff_appraise_and_only_submitted_projects():
    project = ProjectFactory(status=ProjectStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.project_appraise(
            actor=UserFactory(role=Role.OFFICIAL),
            project=project,
            appraised_on=dt.date(2026, 3, 1),
            score=80,
            recommendation="approve",
            summary="x",
        )
    draft = ProjectFactory(status=ProjectStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.project_appraise(
            actor=UserFactory(role=Role.CENTER_STAFF),
            project=draft,
            appraised_on=dt.date(2026, 3, 1),
            score=80,
            recommendation="approve",
            summary="x",
        )
    assert not project.appraisals.exists()


def test_an_accepted_request_becomes_one_draft_project():
    staff = UserFactory(role=Role.CENTER_STAFF)
    request = SupportRequestFactory(status=RequestStatus.UNDER_REVIEW)
    request_services.support_request_transition(
        actor=staff, request=request, target=RequestStatus.ACCEPTED
    )
    project = services.project_create_from_request(
        actor=staff, request=request, fund_source="local"
    )
    assert project.status == ProjectStatus.DRAFT
    assert project.code == f"DP-{request.desired_year}-001"
    assert list(project.beneficiaries.all()) == [request.establishment]
    assert project.budget_lines.get().state_support_vnd == request.estimated_cost_vnd
    with pytest.raises(ValidationError):
        services.project_create_from_request(actor=staff, request=request, fund_source="local")
    pending = SupportRequestFactory(status=RequestStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.project_create_from_request(actor=staff, request=pending, fund_source="local")


def test_services_read_the_current_state_not_the_callers_copy():
    staff = UserFactory(role=Role.CENTER_STAFF)
    project = ProjectFactory()
    services.project_transition(actor=staff, project=project, target=ProjectStatus.SUBMITTED)
    # `project` in memory still says draft; the appraisal must see "submitted".
    services.project_appraise(
        actor=staff,
        project=project,
        appraised_on=dt.date(2026, 3, 1),
        score=75,
        recommendation=Recommendation.APPROVE,
        summary="Đạt",
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPRAISED


def test_acceptance_needs_a_passed_record():
    official = UserFactory(role=Role.OFFICIAL)
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS)
    project.acceptances.create(
        accepted_on=dt.date(2026, 5, 1),
        minutes_number="02/BB",
        result="failed",
        recorded_by=official,
    )
    with pytest.raises(ValidationError):
        services.project_transition(actor=official, project=project, target="accepted")
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
