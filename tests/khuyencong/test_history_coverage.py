"""Nothing lost: every model that records a state or money keeps its history
(django-simple-history), except the append-only logs that are histories themselves."""

import pytest
from django.apps import apps
from simple_history.models import registered_models

from tests.factories import ProjectFactory

PORTAL_APPS = {
    "accounts",
    "localities",
    "notifications",
    "establishments",
    "collaborators",
    "projects",
    "funding",
    "products",
    "reports",
    "documents",
    "api",
    "opendata",
    "selfservice",
}

# Models without a history table, and why.
WITHOUT_HISTORY = {
    "accounts.User": "accounts are managed in the admin; sign-ins are in LoginEvent",
    "accounts.LoginEvent": "append-only audit log",
    "localities.AdminUnit": "reference data loaded from the official lists",
    "localities.AdminUnitSuccession": "reference data loaded from the official lists",
    "establishments.SupportRequestEvent": "append-only workflow log",
    "establishments.RepresentativeEvent": "append-only workflow log",
    "projects.ProjectEvent": "append-only workflow log",
    "projects.PlanEvent": "append-only workflow log",
    "funding.AllowanceSheetEvent": "append-only workflow log",
    "products.RoundEvent": "append-only workflow log",
    "products.IdentityChange": "append-only log of renames of certified products",
    "reports.ReportJob": "a job is its own record: status, times, attempts, error",
    "reports.ReminderSent": "append-only log of mails sent",
    "documents.NumberCounter": "a counter; every number it gives is a register entry with history",
    "api.ApiClient": "issued once and revoked once, each with who and when on the row",
    "api.ApiCallLog": "append-only log of API calls",
    "notifications.Notification": "a message told once; its reading and its mail are on the row",
}


def _portal_models():
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        if model._meta.app_label not in PORTAL_APPS or model.__name__.startswith("Historical"):
            continue
        if model._meta.auto_created:
            continue
        yield label, model


def test_every_portal_model_has_a_history_or_is_a_log():
    historied = {f"{m._meta.app_label}.{m.__name__}" for m in registered_models.values()}
    missing = sorted(
        label
        for label, _model in _portal_models()
        if label not in historied and label not in WITHOUT_HISTORY
    )
    assert missing == [], f"add HistoricalRecords() or explain in WITHOUT_HISTORY: {missing}"
    stale = sorted(set(WITHOUT_HISTORY) - {label for label, _m in _portal_models()})
    assert stale == []


@pytest.mark.django_db
def test_budget_lines_written_in_bulk_keep_their_history(staff_user):
    from projects.models import BudgetLine
    from projects.services import Line, _save_lines

    project = ProjectFactory()
    _save_lines(project, [Line("Máy ép", 100_000_000, 50_000_000), Line("Khuôn", 20, 10)])
    _save_lines(project, [Line("Máy ép", 90_000_000, 60_000_000)])

    history = BudgetLine.history.filter(project_id=project.pk)
    assert history.filter(history_type="+").count() == 3
    assert history.filter(history_type="-").count() == 2  # the replaced lines
    assert set(history.values_list("state_support_vnd", flat=True)) == {
        100_000_000,
        20,
        90_000_000,
    }
