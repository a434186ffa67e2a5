"""The report pages: who sees them, asking for a report, the job page and its status JSON,
downloading, cancel and retry buttons, a refused form, and the list's query count."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from reports import builders, services
from reports.models import JobStatus, ReportJob

pytestmark = pytest.mark.django_db

SUMMARY_FORM = {"from_year": "2018", "to_year": "2024", "format": "xlsx"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _job(user, **fields) -> ReportJob:
    return ReportJob.objects.create(
        kind="period_summary",
        params={"from_year": 2018, "to_year": 2024},
        requested_by=user,
        **fields,
    )


def _status(client, job) -> dict:
    response = client.get(reverse("reports:job_status", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


@pytest.fixture
def done_job(staff_user, django_capture_on_commit_callbacks) -> ReportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_submit(
            actor=staff_user, kind="period_summary", params={"from_year": 2018, "to_year": 2024}
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    return job


# --- 1. who sees the pages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("center_staff", 200), ("official", 200), ("collaborator", 404), ("council_member", 404)],
)
def test_the_report_list_is_for_staff_and_officials(client_for, role, expected):
    response = client_for(role).get(reverse("reports:job_list"))

    assert response.status_code == expected


def test_an_anonymous_visitor_is_sent_to_log_in(client_for):
    response = client_for("anonymous").get(reverse("reports:job_list"))

    assert response.status_code == 302
    assert "login" in response.url


def test_officials_are_not_offered_the_collaborator_report(client_for):
    staff_page = client_for("center_staff").get(reverse("reports:job_list")).content.decode()
    official_page = client_for("official").get(reverse("reports:job_list")).content.decode()

    for kind in ("period_summary", "plan_implementation", "voting_results"):
        assert f'data-testid="report-{kind}"' in staff_page
        assert f'data-testid="report-{kind}"' in official_page
    assert 'data-testid="report-collaborator_activity"' in staff_page
    assert 'data-testid="report-collaborator_activity"' not in official_page


def test_an_official_lists_only_own_jobs_and_staff_list_all(make_user, official_user):
    other = make_user(Role.OFFICIAL)
    mine, theirs = _job(official_user), _job(other)
    staff = make_user(Role.CENTER_STAFF)

    official_jobs = _client(official_user).get(reverse("reports:job_list")).context["page"]
    staff_jobs = _client(staff).get(reverse("reports:job_list")).context["page"]

    assert list(official_jobs) == [mine]
    assert set(staff_jobs) == {mine, theirs}


# --- 2. asking for a report ----------------------------------------------------------------


def test_asking_for_a_summary_redirects_to_its_job_page_showing_the_status(official_user):
    client = _client(official_user)

    response = client.post(reverse("reports:job_create", args=["period_summary"]), SUMMARY_FORM)

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:job_detail", args=[job.pk])
    assert (job.kind, job.params, job.format, job.requested_by) == (
        "period_summary",
        {"from_year": 2018, "to_year": 2024},
        "xlsx",
        official_user,
    )
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="job-status" data-status="queued"' in html
    assert reverse("reports:job_status", args=[job.pk]) in html
    assert 'data-testid="job-cancel"' in html
    assert 'data-testid="job-retry"' not in html
    assert "js/report-job.js" in html


def test_a_report_asked_for_is_built_once_the_request_commits(
    official_user, django_capture_on_commit_callbacks
):
    client = _client(official_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:job_create", args=["period_summary"]),
            {**SUMMARY_FORM, "format": "pdf"},
        )

    job = ReportJob.objects.get()
    assert (job.status, job.format) == ("done", "pdf")
    html = client.get(response.url).content.decode()
    assert 'data-testid="job-status" data-status="done"' in html
    assert 'data-testid="job-cancel"' not in html


@pytest.mark.parametrize(
    ("kind", "data", "params"),
    [
        ("plan_implementation", {"plan-year": "2026"}, {"year": 2026}),
        ("collaborator_activity", {"ctv-year": "2025"}, {"year": 2025}),
    ],
)
def test_the_other_year_reports_are_asked_for_by_staff(staff_user, kind, data, params):
    response = _client(staff_user).post(reverse("reports:job_create", args=[kind]), data)

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert (job.kind, job.params, job.format) == (kind, params, "xlsx")


def test_an_official_cannot_ask_for_the_collaborator_report_nor_an_unknown_one(official_user):
    client = _client(official_user)

    for kind in ("collaborator_activity", "salaries"):
        response = client.post(reverse("reports:job_create", args=[kind]), {"ctv-year": "2025"})
        assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_a_collaborator_cannot_post_a_report(client_for):
    response = client_for("collaborator").post(
        reverse("reports:job_create", args=["period_summary"]), SUMMARY_FORM
    )

    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_voting_results_are_asked_for_a_closed_or_published_round(official_user):
    from tests.factories import make_round

    closed = make_round(level="provincial", year=2025, title="Bình chọn tỉnh 2025")
    scoring = make_round(level="provincial", year=2026, title="Bình chọn tỉnh 2026")
    type(closed).objects.filter(pk=closed.pk).update(status="closed")
    type(scoring).objects.filter(pk=scoring.pk).update(status="scoring")
    client = _client(official_user)
    url = reverse("reports:job_create", args=["voting_results"])

    refused = client.post(url, {"round_id": str(scoring.pk)})
    assert refused.status_code == 400
    assert not ReportJob.objects.exists()
    page = client.get(reverse("reports:job_list")).content.decode()
    assert "Bình chọn tỉnh 2025 (2025)" in page
    assert "Bình chọn tỉnh 2026" not in page

    response = client.post(url, {"round_id": str(closed.pk)})

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert (job.kind, job.params) == ("voting_results", {"round_id": closed.pk})


@pytest.mark.parametrize(
    "data",
    [
        {"from_year": "2024", "to_year": "2018", "format": "xlsx"},
        {"from_year": "1999", "to_year": "2018", "format": "xlsx"},
        {"from_year": "2018", "to_year": "2024", "format": "docx"},
        {"from_year": "2018", "format": "xlsx"},
    ],
    ids=["last-before-first", "before-2000", "unknown-format", "missing-year"],
)
def test_bad_form_input_is_shown_again_with_400_and_creates_nothing(staff_user, data):
    response = _client(staff_user).post(
        reverse("reports:job_create", args=["period_summary"]), data
    )

    assert response.status_code == 400
    assert not ReportJob.objects.exists()
    [form] = [f for kind, _label, f in response.context["cards"] if kind == "period_summary"]
    assert form.errors
    assert form.data["from_year"] == data.get("from_year")  # the typed values are kept


def test_last_year_before_first_names_the_to_year_field(staff_user):
    response = _client(staff_user).post(
        reverse("reports:job_create", args=["period_summary"]),
        {"from_year": "2024", "to_year": "2018", "format": "xlsx"},
    )

    [form] = [f for kind, _label, f in response.context["cards"] if kind == "period_summary"]
    assert list(form.errors) == ["to_year"]
    assert 'data-testid="report-period_summary"' in response.content.decode()


def test_the_job_pages_answer_only_post_where_they_change_things(staff_user, done_job):
    client = _client(staff_user)

    assert client.get(reverse("reports:job_create", args=["period_summary"])).status_code == 405
    assert client.get(reverse("reports:job_cancel", args=[done_job.pk])).status_code == 405
    assert client.get(reverse("reports:job_retry", args=[done_job.pk])).status_code == 405


# --- 3. the status JSON, who sees a job, downloading ---------------------------------------------


def test_the_status_json_of_a_queued_and_of_a_done_job(staff_user, done_job):
    client = _client(staff_user)
    queued = _job(staff_user)

    assert _status(client, queued) == {
        "status": "queued",
        "status_label": str(JobStatus.QUEUED.label),
        "progress": 0,
        "error": "",
        "finished": False,
        "download": "",
    }
    done = _status(client, done_job)
    assert (done["status"], done["progress"], done["finished"], done["error"]) == (
        "done",
        100,
        True,
        "",
    )
    assert done["download"] == reverse("reports:job_download", args=[done_job.pk])


def test_the_status_json_of_a_failed_job_says_why(staff_user):
    job = _job(staff_user, status=JobStatus.FAILED, error="Không lập được báo cáo: boom")

    status = _status(_client(staff_user), job)

    assert (status["status"], status["error"], status["finished"], status["download"]) == (
        "failed",
        "Không lập được báo cáo: boom",
        True,
        "",
    )
    html = _client(staff_user).get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-retry"' in html
    assert "boom" in html


def test_an_official_cannot_see_another_users_job_but_staff_can(make_user, official_user, done_job):
    other = make_user(Role.OFFICIAL)
    theirs = _job(other)
    official = _client(official_user)
    staff = _client(make_user(Role.CENTER_STAFF))

    for name in ("job_detail", "job_status", "job_download"):
        assert official.get(reverse(f"reports:{name}", args=[theirs.pk])).status_code == 404
        assert official.get(reverse(f"reports:{name}", args=[done_job.pk])).status_code == 404
    for name in ("job_cancel", "job_retry"):
        assert official.post(reverse(f"reports:{name}", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.QUEUED

    assert staff.get(reverse("reports:job_detail", args=[theirs.pk])).status_code == 200
    assert _status(staff, theirs)["status"] == "queued"
    assert staff.get(reverse("reports:job_download", args=[done_job.pk])).status_code == 200
    assert _client(other).get(theirs.get_absolute_url()).status_code == 200


def test_a_collaborator_cannot_reach_any_job(client_for, done_job):
    client = client_for("collaborator")

    for name in ("job_detail", "job_status", "job_download"):
        assert client.get(reverse(f"reports:{name}", args=[done_job.pk])).status_code == 404


def test_a_report_file_the_storage_no_longer_has_answers_404_not_an_error(staff_user, done_job):
    done_job.file.storage.delete(done_job.file.name)

    response = _client(staff_user).get(reverse("reports:job_download", args=[done_job.pk]))

    assert response.status_code == 404


def test_download_answers_the_file_of_a_done_job(staff_user, done_job):
    response = _client(staff_user).get(reverse("reports:job_download", args=[done_job.pk]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert 'filename="tong-hop-2018-2024.xlsx"' in response["Content-Disposition"]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    content = b"".join(response.streaming_content)  # the test client closes the file
    workbook = load_workbook(io.BytesIO(content))
    summary = builders.period_summary(from_year=2018, to_year=2024)
    assert workbook["Tổng hợp"]["B2"].value == summary["projects"]


@pytest.mark.parametrize("status", ["queued", "running", "failed", "cancelled"])
def test_download_is_404_until_the_job_is_done(staff_user, status):
    job = _job(staff_user, status=status, error="x" if status == "failed" else "")

    response = _client(staff_user).get(reverse("reports:job_download", args=[job.pk]))

    assert response.status_code == 404


def test_download_of_a_job_that_does_not_exist_is_404(staff_user):
    assert (
        _client(staff_user).get(reverse("reports:job_download", args=[424242])).status_code == 404
    )


# --- 4. cancel and retry --------------------------------------------------------------------------


def test_the_cancel_button_cancels_a_queued_job(official_user):
    client = _client(official_user)
    job = _job(official_user)

    response = client.post(reverse("reports:job_cancel", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    html = response.content.decode()
    assert 'data-status="cancelled"' in html
    assert 'data-testid="job-cancel"' not in html
    assert 'data-testid="job-retry"' in html
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_cancelling_a_done_job_is_refused_with_a_message(staff_user, done_job):
    response = _client(staff_user).post(
        reverse("reports:job_cancel", args=[done_job.pk]), follow=True
    )

    done_job.refresh_from_db()
    assert done_job.status == JobStatus.DONE
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_retry_button_runs_a_cancelled_job_again(
    official_user, django_capture_on_commit_callbacks
):
    client = _client(official_user)
    job = _job(official_user)
    client.post(reverse("reports:job_cancel", args=[job.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[job.pk]))

    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == ("done", 100, 1)
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 200


def test_retrying_a_done_job_is_refused_with_a_message(staff_user, done_job):
    response = _client(staff_user).post(
        reverse("reports:job_retry", args=[done_job.pk]), follow=True
    )

    done_job.refresh_from_db()
    assert (done_job.status, done_job.attempts) == ("done", 1)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


# --- 5. queries ---------------------------------------------------------------------------


def _jobs(n: int, make_user) -> None:
    statuses = ["queued", "running", "done", "failed", "cancelled"]
    for i in range(n):
        status = statuses[i % len(statuses)]
        ReportJob.objects.create(
            kind=["period_summary", "plan_implementation", "voting_results"][i % 3],
            params={"from_year": 2018, "to_year": 2024} if i % 3 == 0 else {"year": 2025},
            requested_by=make_user(Role.OFFICIAL),
            status=status,
            file="reports/2026/11/x.xlsx" if status == "done" else "",
            error="boom" if status == "failed" else "",
        )


def test_the_list_page_costs_the_same_queries_for_2_and_for_20_jobs(staff_user, make_user):
    client = _client(staff_user)
    url = reverse("reports:job_list")
    client.get(url)  # warm the session and any cache

    _jobs(2, make_user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _jobs(18, make_user)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    print(f"\nreport list queries: {len(few)} for 2 jobs, {len(many)} for 20 jobs")
    assert len(response.context["page"]) == 20
    assert len(few) == len(many)


# --- 6. the progress bar's script, fed the real status JSON ---------------------------------

# A minimal DOM of job_detail.html for report-job.js, run under Node: the #job box with its
# four parts, and the cancel button outside it. Timers run one after the other.
JS_HARNESS = r"""
const fs = require("fs");
const [script, payload] = process.argv.slice(2);
const responses = JSON.parse(payload);
function element(attrs, classes) {
  const cls = new Set(classes || []);
  return {
    attrs: attrs || {}, textContent: "", style: {}, parentNode: null,
    classList: {
      add: (...c) => c.forEach((x) => cls.add(x)),
      remove: (...c) => c.forEach((x) => cls.delete(x)),
      contains: (x) => cls.has(x),
    },
    classes: cls,
    getAttribute(name) { return name in this.attrs ? this.attrs[name] : null; },
    setAttribute(name, value) { this.attrs[name] = String(value); },
    remove() { this.removed = true; },
    closest() { return this; },
  };
}
const parts = {
  "job-progress": element({"data-width": "5"}, ["progress-bar", "progress-bar-animated"]),
  "job-status": element({"data-status": "running"}),
  "job-error": element({}, ["alert", "d-none"]),
  "job-download": element({}, ["btn", "d-none"]),
  "job-cancel": element({}, ["btn"]),
};
parts["job-progress"].parentNode = element({"aria-valuenow": "5"});
const find = (selector) => parts[(selector.match(/job-[a-z]+/) || [])[0]] || null;
const box = element({"data-status-url": "/status/", "data-finished": "0"});
box.querySelector = (s) => (s.includes("job-cancel") ? null : find(s));
const timers = [];
let reloaded = false;
global.document = { getElementById: (id) => (id === "job" ? box : null), querySelector: find };
global.window = {
  setTimeout: (f) => timers.push(f),
  location: { reload: () => { reloaded = true; } },
};
let polls = 0;
global.fetch = () => {
  const body = responses[Math.min(polls++, responses.length - 1)];
  return Promise.resolve({ ok: true, json: () => Promise.resolve(body) });
};
eval(fs.readFileSync(script, "utf8"));
(async () => {
  for (let i = 0; i < 20 && timers.length; i++) {
    timers.shift()();
    await new Promise((r) => setImmediate(r));
  }
  const cancel = parts["job-cancel"];
  console.log(JSON.stringify({
    polls, reloaded, pending: timers.length,
    width: parts["job-progress"].style.width,
    status: parts["job-status"].textContent,
    status_attr: parts["job-status"].attrs["data-status"],
    error: parts["job-error"].textContent,
    error_shown: !parts["job-error"].classes.has("d-none"),
    download_shown: !parts["job-download"].classes.has("d-none"),
    cancel_shown: !cancel.removed && !cancel.classes.has("d-none"),
  }));
})();
"""


def _run_script(tmp_path, responses: list[dict]) -> dict:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed")
    harness = tmp_path / "harness.js"
    harness.write_text(JS_HARNESS)
    script = Path(settings.BASE_DIR) / "static" / "js" / "report-job.js"
    result = subprocess.run(
        [node, str(harness), str(script), json.dumps(responses)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(result.stdout)


def _status_of(client, job) -> dict:
    job.refresh_from_db()
    return _status(client, job)


def test_the_script_follows_a_job_from_running_to_done(tmp_path, staff_user, done_job):
    client = _client(staff_user)
    running = _job(staff_user, status=JobStatus.RUNNING, progress=45)

    seen = _run_script(tmp_path, [_status_of(client, running), _status_of(client, done_job)])

    assert seen["polls"] == 2
    assert seen["width"] == "100%"
    assert seen["status"] == str(JobStatus.DONE.label)
    assert seen["status_attr"] == "done"
    assert seen["download_shown"] is True
    assert seen["error_shown"] is False
    assert seen["pending"] == 0  # polling stopped


def test_the_script_shows_the_error_of_a_failed_job_and_reloads(tmp_path, staff_user):
    failed = _job(staff_user, status=JobStatus.FAILED, error="Không lập được báo cáo: boom")

    seen = _run_script(tmp_path, [_status_of(_client(staff_user), failed)])

    assert seen["error_shown"] is True
    assert seen["error"] == "Không lập được báo cáo: boom"
    assert seen["download_shown"] is False
    assert seen["reloaded"] is True  # the retry button comes with the reload


def test_once_done_the_page_no_longer_offers_cancel(tmp_path, staff_user, done_job):
    seen = _run_script(tmp_path, [_status_of(_client(staff_user), done_job)])

    assert seen["reloaded"] or not seen["cancel_shown"]
