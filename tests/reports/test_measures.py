"""The columns of the periodic reports are data: staff add and change measures, chosen
from a fixed set of aggregations whose parameters are checked — never SQL, never code."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reports.models import Measure
from reports.periodic.measures import clean_params
from reports.services import measure_save

pytestmark = pytest.mark.django_db


def test_every_default_measure_is_valid_as_stored():
    measures = list(Measure.objects.all())
    assert len(measures) >= 25
    for measure in measures:
        assert clean_params(measure.kind, measure.params, measure=measure) == measure.params


@pytest.mark.parametrize(
    ("kind", "params", "says"),
    [
        (
            "project_count",
            {"statuses": ["approved'; DROP TABLE projects_project; --"]},
            "mã không có",
        ),
        ("project_count", {"where": "1=1"}, "Tham số không có"),
        ("budget_sum", {"field": "id"}, "chọn một trong"),
        ("grant_sum", {"field": "amount_vnd", "date": "created_at"}, "chọn một trong"),
        ("establishment_count", {"women_owned": "yes"}, "true, false hoặc null"),
        ("project_count", ["approved"], "đối tượng JSON"),
        ("combination", {"terms": [{"measure": "da_chi", "sign": 2}]}, "sign"),
        ("combination", {"terms": [{"measure": "khong_co", "sign": 1}]}, "khong_co"),
        ("combination", {"terms": [{"measure": "ty_le_giai_ngan", "sign": 1}]}, "Không dùng được"),
        ("ratio", {"numerator": "giai_ngan"}, "Thiếu tham số"),
    ],
)
def test_bad_parameters_are_refused_and_nothing_is_saved(staff_user, kind, params, says):
    before = Measure.objects.count()
    with pytest.raises(ValidationError) as error:
        measure_save(
            actor=staff_user,
            measure=Measure(code="moi", name="Mới", kind=kind, params=params),
        )
    assert says in " ".join(error.value.message_dict["params"])
    assert Measure.objects.count() == before


def test_a_measure_cannot_refer_to_itself(staff_user):
    measure = Measure.objects.get(code="giai_ngan")
    measure.params = {"terms": [{"measure": "giai_ngan", "sign": 1}]}
    with pytest.raises(ValidationError):
        measure_save(actor=staff_user, measure=measure)


def test_only_staff_save_measures(official_user):
    with pytest.raises(PermissionDenied):
        measure_save(
            actor=official_user,
            measure=Measure(code="moi", name="Mới", kind="refund_sum", params={}),
        )


def test_staff_add_a_measure_in_the_admin_and_bad_params_show_at_the_field(client, staff_user):
    client.force_login(staff_user)
    url = reverse("admin:reports_measure_add")
    page = client.get(url)
    assert page.status_code == 200
    assert "establishment_count" in page.content.decode()  # the guide lists the kinds

    bad = client.post(
        url,
        {
            "code": "tam_ung",
            "name": "Tạm ứng",
            "position": "5",
            "kind": "disbursement_sum",
            "params": '{"kinds": ["bribe"]}',
            "active": "on",
        },
    )
    assert bad.status_code == 200
    assert "bribe" in bad.content.decode()
    assert not Measure.objects.filter(code="tam_ung").exists()

    good = client.post(
        url,
        {
            "code": "tam_ung",
            "name": "Tạm ứng",
            "position": "5",
            "kind": "disbursement_sum",
            "params": '{"kinds": ["advance"]}',
            "active": "on",
        },
    )
    assert good.status_code == 302
    saved = Measure.objects.get(code="tam_ung")
    assert saved.params == {"kinds": ["advance"], "contents": []}  # completed with defaults
    assert saved.history.count() == 1


def test_a_periodic_report_job_is_built_in_every_format(
    staff_user, django_capture_on_commit_callbacks
):
    import json

    from reports.models import ReportJob
    from reports.services import job_submit

    for fmt in ("json", "xlsx", "pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            job = job_submit(
                actor=staff_user,
                kind="periodic",
                params={"period": "h1", "year": 2026},
                format=fmt,
            )
        job = ReportJob.objects.get(pk=job.pk)
        assert job.status == "done", job.error
        assert job.params["from"] == "2025-12-15"
        assert job.params["to"] == "2026-06-14"
        content = job.file.read()
        if fmt == "json":
            assert json.loads(content)["period"]["name"] == "6 tháng đầu năm năm 2026"
        else:
            assert content[:4] in (b"PK\x03\x04", b"%PDF")


def test_the_report_page_asks_for_a_period_or_dates(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("reports:job_create", args=["periodic"]),
        {"periodic-period": "adhoc", "periodic-from_date": "2026-03-01", "periodic-format": "xlsx"},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("reports:job_create", args=["periodic"]),
        {
            "periodic-period": "adhoc",
            "periodic-from_date": "01/03/2026",
            "periodic-to_date": "2026-05-31",
            "periodic-format": "xlsx",
        },
    )
    assert response.status_code == 302
