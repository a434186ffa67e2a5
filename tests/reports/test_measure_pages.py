"""Center staff edit the columns of the periodic reports in the portal: the same
validation as everywhere (the service), each version kept with who saved it; nobody
else reaches the pages."""

import json

import pytest
from django.urls import reverse

from reports.models import Measure

pytestmark = pytest.mark.django_db


def test_staff_add_a_measure_and_it_is_a_column_of_the_next_report(client_for):
    client = client_for("center_staff")
    answer = client.post(
        reverse("reports:measure_create"),
        {
            "code": "settled_machinery",
            "name": "Đề án máy móc đã quyết toán",
            "position": "99",
            "kind": "project_count",
            "params": json.dumps({"statuses": ["settled"], "contents": ["machinery"]}),
            "active": "on",
        },
        follow=True,
    )
    measure = Measure.objects.get(code="settled_machinery")
    assert answer.redirect_chain[-1][0] == reverse("reports:measure_edit", args=[measure.pk])
    page = answer.content.decode()
    assert "Đề án máy móc đã quyết toán" in page
    assert "đã được lưu" in page  # the success message, in Vietnamese
    version = measure.history.get()
    assert version.history_user.username == answer.wsgi_request.user.username

    import datetime as dt

    from reports.periodic.builder import periodic_report

    data = periodic_report(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert "settled_machinery" in [m["code"] for m in data["measures"]]


def test_a_wrong_parameter_is_refused_on_its_field_in_vietnamese(client_for):
    client = client_for("center_staff")
    measure = Measure.objects.filter(kind="project_count").order_by("pk").first()
    before, versions = measure.params, measure.history.count()
    answer = client.post(
        reverse("reports:measure_edit", args=[measure.pk]),
        {
            "name": measure.name,
            "position": measure.position,
            "kind": "project_count",
            "params": json.dumps({"statuses": ["approved'; DROP TABLE x; --"]}),
            "active": "on",
        },
    )
    assert answer.status_code == 400
    assert "mã không có" in answer.content.decode()
    measure.refresh_from_db()
    assert measure.params == before
    assert measure.history.count() == versions


def test_the_code_of_a_measure_stays(client_for):
    client = client_for("center_staff")
    measure = Measure.objects.order_by("pk").first()
    client.post(
        reverse("reports:measure_edit", args=[measure.pk]),
        {
            "code": "renamed",
            "name": "Tên mới",
            "position": measure.position,
            "kind": measure.kind,
            "params": json.dumps(measure.params),
            "active": "on",
        },
    )
    measure.refresh_from_db()
    assert measure.code != "renamed"
    assert measure.name == "Tên mới"


@pytest.mark.parametrize("role", ["official", "collaborator", "council_member"])
def test_only_staff_reach_the_measures(client_for, role):
    client = client_for(role)
    measure = Measure.objects.order_by("pk").first()
    assert client.get(reverse("reports:measure_list")).status_code == 404
    answer = client.post(reverse("reports:measure_edit", args=[measure.pk]), {"name": "x"})
    assert answer.status_code == 404
    measure.refresh_from_db()
    assert measure.name != "x"


def test_the_list_and_the_page_cost_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries
):
    client = client_for("center_staff")
    client.get(reverse("reports:measure_list"))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reports:measure_list")).content.decode()
    assert page.count('href="/reports/measures/') >= 25
    measure = Measure.objects.order_by("pk").first()
    versions = measure.history.count()
    for name in ("Một", "Hai", "Ba"):
        client.post(
            reverse("reports:measure_edit", args=[measure.pk]),
            {
                "name": name,
                "position": measure.position,
                "kind": measure.kind,
                "params": json.dumps(measure.params),
                "active": "on",
            },
        )
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reports:measure_edit", args=[measure.pk])).content.decode()
    assert page.count('<li class="list-group-item small">') == versions + 3
    assert page.index("Ba (") < page.index("Một (")  # newest first
