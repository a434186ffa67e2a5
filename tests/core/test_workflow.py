"""The one workflow engine: tables, who may fire, the only writer of a status, the hooks."""

import pytest
from django.core.exceptions import ValidationError

from core.workflow import SYSTEM, Tone, Transition, Workflow, workflow_for
from establishments.workflow import WORKFLOW as REQUESTS
from funding.workflow import DISBURSEMENT, GRANT, PLAN
from products.workflow import WORKFLOW as ROUNDS
from projects.workflow import WORKFLOW as PROJECTS
from reports.workflow import JOBS


class Thing:
    """A stand-in for a model row: a status and a save that records what it saved."""

    def __init__(self, status="draft"):
        self.status = status
        self.saved = []

    def get_status_display(self):
        return {"draft": "Nháp", "done": "Xong"}[self.status]

    def save(self, update_fields=None):
        self.saved.append(update_fields)


TABLE = {
    "draft": (
        Transition("done", "Xong", frozenset({"staff"})),
        Transition("done", "Tự động", frozenset({SYSTEM}), via="worker"),
    ),
    "done": (),
}


def _flow(**kwargs):
    return Workflow(
        name="thing",
        table=TABLE,
        actors=lambda user, obj: user,
        tones={"draft": Tone.NEUTRAL, "done": Tone.SUCCESS},
        **kwargs,
    )


def test_a_table_with_a_transition_to_an_unknown_state_is_refused():
    with pytest.raises(ValueError, match="missing from the table"):
        Workflow(name="broken", table={"a": (Transition("b"),)}, tones={"a": Tone.INFO})


def test_a_state_without_a_tone_in_the_palette_is_refused():
    with pytest.raises(ValueError, match="without a tone"):
        Workflow(name="grey", table={"a": (Transition("b"),), "b": ()}, tones={"a": Tone.INFO})


@pytest.mark.parametrize("flow", [REQUESTS, PROJECTS, PLAN, GRANT, DISBURSEMENT, ROUNDS, JOBS])
def test_every_workflow_gives_each_state_a_tone_and_not_all_the_same(flow):
    assert set(flow.tones) == set(flow.table)
    assert len(set(flow.tones.values())) > 1


def test_the_badge_of_an_object_is_found_from_its_model():
    from projects.models import Project, ProjectStatus

    project = Project(status=ProjectStatus.CANCELLED)
    assert workflow_for(project) is PROJECTS
    assert PROJECTS.tone(project.status) is Tone.DANGER
    assert Tone.DANGER.css.endswith("status-danger")


def test_only_the_actors_of_a_transition_may_fire_it():
    flow = _flow()
    thing = Thing()
    with pytest.raises(ValidationError, match="Nháp"):
        flow.fire(thing, "done", actor={"collaborator"})
    assert thing.status == "draft"
    assert thing.saved == []
    flow.fire(thing, "done", actor={"staff"}, update_fields=["title"])
    assert thing.status == "done"
    assert thing.saved == [["status", "title"]]


def test_a_via_transition_is_fired_only_by_its_service_and_never_shown_as_a_button():
    flow = _flow()
    assert [t.label for t in flow.available({"staff", SYSTEM}, Thing())] == ["Xong"]
    thing = Thing()
    flow.fire(thing, "done", via="worker", by_portal=True)
    assert thing.status == "done"


def test_moving_a_record_that_moved_on_is_refused():
    flow = _flow()
    thing = Thing()
    transition = flow.find({"staff"}, thing, "done")
    thing.status = "done"  # another request got there first
    with pytest.raises(ValidationError, match=r"\(Xong\)"):  # the state by its label
        flow.move(thing, transition)


def test_on_enter_runs_after_the_event_is_recorded_and_once_per_registration():
    flow = _flow(object_name="thing")
    calls = []

    def hook(*, thing, actor, note):
        calls.append(("hook", thing.status, note))

    flow.on_enter("done", hook)
    flow.on_enter("done", hook)  # ready() may run twice
    flow.fire(
        Thing(),
        "done",
        actor={"staff"},
        note="ok",
        record=lambda old, new: calls.append(("event", old, new)),
    )
    assert calls == [("event", "draft", "done"), ("hook", "done", "ok")]


@pytest.mark.parametrize("flow", [REQUESTS, PROJECTS, PLAN, GRANT, DISBURSEMENT, ROUNDS, JOBS])
def test_every_status_field_has_a_complete_table(flow):
    """Each state of the model's choices is in its table, and every transition has a label
    and someone who may fire it."""
    for transitions in flow.table.values():
        for transition in transitions:
            assert transition.label, (flow, transition)
            assert transition.actors, (flow, transition)


def test_status_badges_of_different_workflows_share_the_palette():
    from django.template import Context, Template

    from funding.models import Disbursement, DisbursementStatus
    from projects.models import Project, ProjectStatus

    template = Template("{% load status %}{% status_badge a %}|{% status_badge b %}")
    html = template.render(
        Context(
            {
                "a": Project(status=ProjectStatus.RETURNED),
                "b": Disbursement(status=DisbursementStatus.PAID),
            }
        )
    )
    returned, paid = html.split("|")
    assert "status-warning" in returned  # someone must act
    assert "status-success" in paid  # done
    assert "text-bg-secondary" not in html  # no longer the same grey for everything
