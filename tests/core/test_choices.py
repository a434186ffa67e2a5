"""Choice labels are kept per field and still follow the language of the request."""

from functools import partialmethod

from django.apps import apps
from django.utils import translation

from core.choices import _display
from establishments.models import Establishment, LegalForm
from projects.models import Project, ProjectStatus


def test_labels_follow_the_active_language():
    establishment = Establishment(legal_form=LegalForm.HOUSEHOLD_BUSINESS)
    with translation.override("vi"):
        vietnamese = establishment.get_legal_form_display()
    with translation.override("en"):
        english = establishment.get_legal_form_display()
    assert vietnamese == "Hộ kinh doanh"
    assert english == "Household business"


def test_an_unknown_value_shows_as_it_is_and_the_label_is_a_plain_string():
    project = Project(status="no-such-status")
    assert project.get_status_display() == "no-such-status"
    project.status = ProjectStatus.DRAFT
    with translation.override("vi"):
        label = project.get_status_display()
    assert type(label) is str
    assert label == str(ProjectStatus.DRAFT.label)


def test_replaced_choices_are_read_again():
    field = Project._meta.get_field("status")
    project = Project(status=ProjectStatus.DRAFT)
    project.get_status_display()
    original = field.choices
    try:
        field.choices = [(ProjectStatus.DRAFT.value, "Bản nháp mới")]
        assert project.get_status_display() == "Bản nháp mới"
    finally:
        field.choices = original
    assert project.get_status_display() == str(ProjectStatus.DRAFT.label)


def test_every_models_default_display_method_uses_the_kept_labels():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            method = getattr(model, f"get_{field.name}_display", None)
            descriptor = next(
                (
                    klass.__dict__[f"get_{field.name}_display"]
                    for klass in model.__mro__
                    if f"get_{field.name}_display" in klass.__dict__
                ),
                None,
            )
            assert method is not None, (model, field.name)
            if isinstance(descriptor, partialmethod):
                assert descriptor.func is _display, (model, field.name)
