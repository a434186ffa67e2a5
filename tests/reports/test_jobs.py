"""Report jobs: who may ask for what, the job's life (queued, running, done, failed,
cancelled, retried), a queue that cannot be reached, and the workbooks of the reports
other than the period summary, row by row against the data they come from."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from accounts.roles import Role
from establishments.models import Establishment, FieldVisit
from funding import plans
from funding.models import Grant
from products.models import Entry, ProductGroup
from projects.models import FundSource, ProgressReport, ProjectStatus
from reports import builders, services
from reports.models import JobStatus, ReportJob
from tests.factories import (
    AllocationFactory,
    CollaboratorFactory,
    EstablishmentFactory,
    ProductFactory,
    ProjectFactory,
    make_round,
    published_certificate,
)

pytestmark = pytest.mark.django_db

SUMMARY = {"from_year": 2018, "to_year": 2024}


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """job_submit as a request makes it: the task is queued when the transaction commits
    (and runs inline, Celery being eager without REDIS_URL)."""

    def run(actor, kind="period_summary", params=None, **kwargs) -> ReportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.job_submit(
                actor=actor, kind=kind, params=SUMMARY if params is None else params, **kwargs
            )
        job.refresh_from_db()
        return job

    return run


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(call, **kwargs) -> ReportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = call(**kwargs)
        job.refresh_from_db()
        return job

    return run


def _content(job: ReportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def _rows(job: ReportJob) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(_content(job)))
    [sheet] = workbook.worksheets
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _blank(value):
    return None if value == "" else value


def _boom(**kwargs):
    raise RuntimeError("boom")


# --- 1. submitting -----------------------------------------------------------------------


def test_a_submitted_job_runs_to_done_with_its_file(submit, staff_user):
    job = submit(staff_user)

    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert job.attempts == 1
    assert job.error == ""
    assert job.requested_by == staff_user
    assert job.params == SUMMARY
    assert job.started_at <= job.finished_at
    assert job.file.name.split("/")[-1].startswith("tong-hop-2018-2024")
    assert job.file.name.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(_content(job)))
    assert "Tổng hợp" in workbook.sheetnames


def test_a_pdf_job_makes_a_pdf(submit, official_user):
    job = submit(official_user, format="pdf")

    assert job.status == JobStatus.DONE
    assert job.file.name.endswith(".pdf")
    assert _content(job).startswith(b"%PDF")


def test_params_typed_as_text_are_stored_as_numbers(submit, staff_user):
    job = submit(staff_user, params={"from_year": "2018", "to_year": "2024", "extra": "x"})

    assert job.params == {"from_year": 2018, "to_year": 2024}
    assert job.status == JobStatus.DONE


def test_a_job_waits_queued_until_the_transaction_commits(staff_user):
    job = services.job_submit(actor=staff_user, kind="period_summary", params=SUMMARY)

    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.file.name) == ("queued", 0, 0, "")


def test_the_worker_reports_progress_while_it_builds(submit, staff_user, monkeypatch):
    seen = []
    real = builders.period_summary

    def watched(*, from_year, to_year, progress):
        progress(40)
        seen.append(ReportJob.objects.values_list("status", "progress").get())
        progress(250)  # kept below 100 until the file is stored
        seen.append(ReportJob.objects.values_list("progress", flat=True).get())
        return real(from_year=from_year, to_year=to_year, progress=progress)

    monkeypatch.setattr(builders, "period_summary", watched)

    job = submit(staff_user)

    assert seen == [("running", 40), 99]
    assert (job.status, job.progress) == ("done", 100)


# --- 2. who may ask for what ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("period_summary", SUMMARY),
        ("plan_implementation", {"year": 2026}),
    ],
)
def test_officials_may_ask_for_the_reports_of_the_department(submit, official_user, kind, params):
    assert submit(official_user, kind, params).status == JobStatus.DONE


def test_officials_cannot_ask_for_collaborator_activity(official_user, staff_user, submit):
    with pytest.raises(PermissionDenied):
        services.job_submit(
            actor=official_user, kind="collaborator_activity", params={"year": 2026}
        )
    assert not ReportJob.objects.exists()
    assert submit(staff_user, "collaborator_activity", {"year": 2026}).status == JobStatus.DONE


@pytest.mark.parametrize("role", [Role.COLLABORATOR, Role.COUNCIL_MEMBER, None])
@pytest.mark.parametrize("kind", ["period_summary", "plan_implementation", "voting_results"])
def test_other_users_cannot_ask_for_any_report(make_user, role, kind):
    with pytest.raises(PermissionDenied):
        services.job_submit(actor=make_user(role), kind=kind, params={"year": 2026})
    assert not ReportJob.objects.exists()


def test_an_unknown_report_is_refused(staff_user):
    with pytest.raises(PermissionDenied):
        services.job_submit(actor=staff_user, kind="salaries", params={"year": 2026})
    assert not ReportJob.objects.exists()


THIS_YEAR = timezone.localdate().year
BAD_PARAMS = {
    "first-after-last": ("period_summary", {"from_year": 2024, "to_year": 2018}, "xlsx"),
    "before-2000": ("period_summary", {"from_year": 1999, "to_year": 2018}, "xlsx"),
    "too-far-ahead": ("period_summary", {"from_year": 2018, "to_year": THIS_YEAR + 2}, "xlsx"),
    "missing": ("period_summary", {"from_year": 2018}, "xlsx"),
    "not-a-number": ("period_summary", {"from_year": "năm ngoái", "to_year": 2024}, "xlsx"),
    "none": ("plan_implementation", {"year": None}, "xlsx"),
    "year-1999": ("plan_implementation", {"year": 1999}, "xlsx"),
    "no-such-round": ("voting_results", {"round_id": 999_999}, "xlsx"),
    "pdf-of-a-plan": ("plan_implementation", {"year": 2026}, "pdf"),
    "docx": ("period_summary", SUMMARY, "docx"),
}


@pytest.mark.parametrize("case", list(BAD_PARAMS))
def test_bad_parameters_are_a_validation_error_and_create_nothing(staff_user, case):
    kind, params, format = BAD_PARAMS[case]

    with pytest.raises(ValidationError):
        services.job_submit(actor=staff_user, kind=kind, params=params, format=format)

    assert not ReportJob.objects.exists()


# --- 3. failing, cancelling, retrying ----------------------------------------------------------


def test_a_builder_that_raises_fails_the_job_saying_why(submit, staff_user, monkeypatch):
    monkeypatch.setattr(builders, "period_summary", _boom)

    job = submit(staff_user)

    assert job.status == JobStatus.FAILED
    # An unexpected error is named, not dumped (its text may hold SQL): the log has it.
    assert "RuntimeError" in job.error
    assert "boom" not in job.error
    assert job.file.name == ""
    assert job.finished_at is not None
    assert job.attempts == 1


def test_a_finished_job_cannot_be_cancelled(submit, staff_user, monkeypatch):
    done = submit(staff_user)
    monkeypatch.setattr(builders, "period_summary", _boom)
    failed = submit(staff_user)

    for job in (done, failed):
        with pytest.raises(ValidationError):
            services.job_cancel(actor=staff_user, job=job)
        status = job.status
        job.refresh_from_db()
        assert job.status == status


def test_a_queued_job_is_cancelled_and_the_worker_then_leaves_it(staff_user):
    job = services.job_submit(actor=staff_user, kind="period_summary", params=SUMMARY)

    services.job_cancel(actor=staff_user, job=job)

    assert services.job_run(job.pk) == JobStatus.CANCELLED
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == ("cancelled", 0, "")
    assert job.finished_at is not None
    with pytest.raises(ValidationError):
        services.job_cancel(actor=staff_user, job=job)


def test_a_job_cancelled_while_running_stops_without_a_file(submit, staff_user, monkeypatch):
    def cancelled_mid_way(*, from_year, to_year, progress):
        job = ReportJob.objects.get()
        services.job_cancel(actor=staff_user, job=job)
        progress(50)
        raise AssertionError("the progress call should have stopped the build")

    monkeypatch.setattr(builders, "period_summary", cancelled_mid_way)

    job = submit(staff_user)

    assert (job.status, job.file.name, job.error) == ("cancelled", "", "")


def test_a_failed_job_runs_again_on_retry_and_ends_done(submit, on_commit, staff_user, monkeypatch):
    monkeypatch.setattr(builders, "period_summary", _boom)
    job = submit(staff_user)
    assert job.status == JobStatus.FAILED
    monkeypatch.undo()

    job = on_commit(services.job_retry, actor=staff_user, job=job)

    assert (job.status, job.progress, job.attempts, job.error) == ("done", 100, 2, "")
    assert job.file.name.endswith(".xlsx")


def test_a_cancelled_job_may_be_retried(on_commit, staff_user):
    job = services.job_submit(actor=staff_user, kind="period_summary", params=SUMMARY)
    services.job_cancel(actor=staff_user, job=job)

    job = on_commit(services.job_retry, actor=staff_user, job=job)

    assert (job.status, job.attempts) == ("done", 1)


def test_only_a_failed_or_cancelled_job_may_be_retried(submit, staff_user):
    done = submit(staff_user)
    queued = services.job_submit(actor=staff_user, kind="period_summary", params=SUMMARY)

    for job in (done, queued):
        with pytest.raises(ValidationError):
            services.job_retry(actor=staff_user, job=job)
    done.refresh_from_db()
    assert (done.status, done.attempts) == ("done", 1)


def test_an_official_cannot_cancel_or_retry_another_users_job_but_staff_can(
    make_user, official_user, on_commit, monkeypatch
):
    other = make_user(Role.OFFICIAL)
    job = services.job_submit(actor=other, kind="period_summary", params=SUMMARY)

    with pytest.raises(PermissionDenied):
        services.job_cancel(actor=official_user, job=job)
    staff = make_user(Role.CENTER_STAFF)
    services.job_cancel(actor=staff, job=job)
    with pytest.raises(PermissionDenied):
        services.job_retry(actor=official_user, job=job)

    job = on_commit(services.job_retry, actor=staff, job=job)

    assert job.status == JobStatus.DONE
    assert job.requested_by == other


# --- 4. the worker -------------------------------------------------------------------------------


def test_running_a_done_job_again_changes_nothing(submit, staff_user):
    job = submit(staff_user)
    before = ReportJob.objects.values().get(pk=job.pk)

    assert services.job_run(job.pk) == JobStatus.DONE

    assert ReportJob.objects.values().get(pk=job.pk) == before


def test_running_a_failed_job_again_changes_nothing(submit, staff_user, monkeypatch):
    monkeypatch.setattr(builders, "period_summary", _boom)
    job = submit(staff_user)
    monkeypatch.undo()
    before = ReportJob.objects.values().get(pk=job.pk)

    assert services.job_run(job.pk) == JobStatus.FAILED

    assert ReportJob.objects.values().get(pk=job.pk) == before


def test_a_job_found_running_is_started_over(staff_user):
    """Its worker died mid-way; the message comes back to another worker."""
    job = services.job_submit(actor=staff_user, kind="period_summary", params=SUMMARY)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=45, attempts=1, started_at=long_ago
    )

    assert services.job_run(job.pk) == JobStatus.DONE

    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == ("done", 100, 2)
    assert job.started_at > long_ago
    assert job.file.name.endswith(".xlsx")


def test_running_a_job_that_does_not_exist_is_harmless(db):
    assert services.job_run(987_654) == "missing"


def test_an_unreachable_queue_fails_the_job_at_once_with_a_message(submit, staff_user, monkeypatch):
    from reports.tasks import run_report_job

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(run_report_job, "apply_async", down)

    job = submit(staff_user)  # returns: the request is not left hanging

    assert job.status == JobStatus.FAILED
    assert job.error == gettext("The report queue cannot be reached; try again in a few minutes.")
    assert job.finished_at is not None
    assert (job.attempts, job.file.name) == (0, "")


def test_a_retry_while_the_queue_is_unreachable_fails_again(
    submit, on_commit, staff_user, monkeypatch
):
    from reports.tasks import run_report_job

    def down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(run_report_job, "apply_async", down)
    job = submit(staff_user)

    job = on_commit(services.job_retry, actor=staff_user, job=job)

    assert job.status == JobStatus.FAILED
    assert job.error


def test_a_file_that_cannot_be_stored_fails_the_job(submit, staff_user, monkeypatch):
    storage = ReportJob._meta.get_field("file").storage

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "save", full)

    try:
        job = submit(staff_user)
    except OSError:  # had it escaped to the caller, the request would have failed
        job = ReportJob.objects.get()

    assert (job.status, job.file.name) == ("failed", "")
    assert "No space left" in job.error


# --- 5. the other reports ----------------------------------------------------------------------

YEAR = 2026


def _appraised(code: str, support: int, counterpart: int):
    project = ProjectFactory(
        code=code, status=ProjectStatus.APPRAISED, plan_year=YEAR, content_type="training"
    )
    project.budget_lines.create(
        item="Đào tạo", state_support_vnd=support, counterpart_vnd=counterpart
    )
    return project


@pytest.fixture
def approved_plan(staff_user, official_user):
    """A local plan of 2026 with two projects, approved: each gets its grant."""
    AllocationFactory(year=YEAR, fund_source="local")
    first = _appraised("DP-2026-001", 100_000_000, 20_000_001)
    second = _appraised("DP-2026-002", 90_000_000, 0)
    ProjectFactory(code="DP-2026-003", status=ProjectStatus.APPRAISED, plan_year=YEAR)  # no plan
    plan = plans.plan_create(actor=staff_user, year=YEAR, fund_source="local")
    plans.plan_add_item(actor=staff_user, plan=plan, project=first)
    plans.plan_add_item(actor=staff_user, plan=plan, project=second, amount_vnd=80_000_000)
    plans.plan_submit(actor=staff_user, plan=plan)
    plans.plan_approve(
        actor=official_user,
        plan=plan,
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(YEAR, 1, 5),
    )
    Grant.objects.filter(project=first).update(
        paid_vnd=60_000_000, refunded_vnd=1_500_000, counterpart_actual_vnd=19_999_999
    )
    for month, done in ((3, 30), (5, 75), (4, 55)):
        ProgressReport.objects.create(
            project=first,
            period=dt.date(YEAR, month, 1),
            percent_done=done,
            narrative="Đã tổ chức lớp",
            submitted_by=staff_user,
        )
    return plan, first, second


def _labels():
    with translation.override("vi"):
        return (
            str(FundSource.LOCAL.label),
            str(ProjectStatus.APPROVED.label),
            {k: str(v) for k, v in ProductGroup.choices},
        )


def test_plan_implementation_rows_match_the_plan_grants_and_progress(
    submit, official_user, approved_plan
):
    _plan, first, second = approved_plan
    local, approved, _groups = _labels()

    job = submit(official_user, "plan_implementation", {"year": YEAR})

    assert job.status == JobStatus.DONE
    assert job.file.name.split("/")[-1].startswith(f"thuc-hien-ke-hoach-{YEAR}")
    header, *rows = _rows(job)
    assert header[:4] == ("Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kế hoạch (đồng)")
    assert rows == [
        (
            "DP-2026-001",
            first.title,
            local,
            100_000_000,
            100_000_000,
            58_500_000,  # paid less refunded
            20_000_001,
            19_999_999,
            approved,
            75,  # the latest month's report
        ),
        ("DP-2026-002", second.title, local, 80_000_000, 80_000_000, 0, 0, None, approved, None),
    ]


def test_a_draft_adjustment_does_not_change_the_planned_amount(submit, staff_user, approved_plan):
    plan, first, _second = approved_plan
    draft = plans.plan_adjust(actor=staff_user, plan=plan)
    item = draft.items.get(project=first)
    plans.plan_change_amount(actor=staff_user, item=item, amount_vnd=40_000_000)

    job = submit(staff_user, "plan_implementation", {"year": YEAR})

    row = next(r for r in _rows(job)[1:] if r[0] == first.code)
    assert row[3] == 100_000_000  # the approved plan's amount, as granted (row[4])


def _visit(collaborator, day: dt.date) -> FieldVisit:
    return FieldVisit.objects.create(
        collaborator=collaborator,
        establishment=EstablishmentFactory(),
        visited_on=day,
        purpose="survey",
    )


def _registered(user, when: dt.datetime) -> Establishment:
    establishment = EstablishmentFactory(registered_by=user)
    Establishment.objects.filter(pk=establishment.pk).update(created_at=when)
    return establishment


def _local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())  # Hà Nội time


def test_collaborator_activity_rows_count_visits_and_registrations_per_month(submit, staff_user):
    lan = CollaboratorFactory(full_name="Nguyễn Thị Lan")
    binh = CollaboratorFactory(full_name="Trần Văn Bình")
    for day in (dt.date(YEAR, 3, 2), dt.date(YEAR, 3, 31), dt.date(YEAR, 7, 15)):
        _visit(lan, day)
    _visit(lan, dt.date(YEAR - 1, 3, 2))  # another year
    _visit(binh, dt.date(YEAR, 1, 1))
    _registered(lan.user, _local(YEAR, 3, 10, 9, 0))
    _registered(lan.user, _local(YEAR, 11, 30, 23, 30))
    _registered(binh.user, _local(YEAR, 2, 1, 0, 30))  # 1 February in Hà Nội time
    _registered(binh.user, _local(YEAR + 1, 1, 5, 8, 0))  # another year
    _registered(staff_user, _local(YEAR, 3, 10, 9, 0))  # not a collaborator

    job = submit(staff_user, "collaborator_activity", {"year": YEAR})

    assert job.status == JobStatus.DONE
    assert _rows(job) == [
        ("Cộng tác viên", "Tháng", "Lượt thăm cơ sở", "Cơ sở đăng ký mới"),
        ("Nguyễn Thị Lan", f"03/{YEAR}", 2, 1),
        ("Nguyễn Thị Lan", f"07/{YEAR}", 1, 0),
        ("Nguyễn Thị Lan", f"11/{YEAR}", 0, 1),
        ("Trần Văn Bình", f"01/{YEAR}", 1, 0),
        ("Trần Văn Bình", f"02/{YEAR}", 0, 1),
    ]


def test_two_collaborators_of_the_same_name_keep_their_own_rows(submit, staff_user):
    first = CollaboratorFactory(full_name="Nguyễn Văn Hùng")
    second = CollaboratorFactory(full_name="Nguyễn Văn Hùng")
    _visit(first, dt.date(YEAR, 4, 1))
    _visit(second, dt.date(YEAR, 4, 2))
    _visit(second, dt.date(YEAR, 4, 3))

    job = submit(staff_user, "collaborator_activity", {"year": YEAR})

    assert sorted(r[2] for r in _rows(job)[1:]) == [1, 2]


def test_voting_results_rows_match_the_published_round(submit, official_user):
    winner = ProductFactory(name="Nón lá làng Chuông")
    certificate = published_certificate(winner, issued_on=dt.date(YEAR, 6, 1))
    voting_round = certificate.entry.round
    runner_up = ProductFactory(name="Bánh phu thê Đình Bảng", group=2)
    Entry.objects.create(
        round=voting_round,
        product=runner_up,
        group=2,
        registered_by=runner_up.created_by,
        average_score="65.50",
        scorer_count=4,
        rank=1,
        recognised=False,
    )
    _local_fund, _approved, groups = _labels()

    job = submit(official_user, "voting_results", {"round_id": voting_round.pk})

    assert job.status == JobStatus.DONE
    assert job.file.name.split("/")[-1].startswith(f"ket-qua-binh-chon-{voting_round.pk}")
    header, *rows = _rows(job)
    assert header[:3] == ("Nhóm", "Sản phẩm", "Cơ sở")
    assert [tuple(_blank(v) for v in r) for r in rows] == [
        (
            groups[1],
            "Nón lá làng Chuông",
            winner.establishment.name,
            winner.establishment.commune.name,
            80.0,
            3,
            1,
            "Đạt",
            certificate.number,
        ),
        (
            groups[2],
            "Bánh phu thê Đình Bảng",
            runner_up.establishment.name,
            runner_up.establishment.commune.name,
            65.5,
            4,
            1,
            "Không đạt",
            None,
        ),
    ]


def test_voting_results_of_a_round_still_scoring_hide_the_scores(staff_user):
    """Asked for before the round closed (the form offers only closed rounds, the service
    refuses the others): a job already queued still shows no scores."""
    voting_round = make_round(level="provincial", year=YEAR, actor=staff_user)
    type(voting_round).objects.filter(pk=voting_round.pk).update(status="scoring")
    product = ProductFactory(name="Gốm Phù Lãng")
    Entry.objects.create(
        round=voting_round,
        product=product,
        group=1,
        registered_by=staff_user,
        average_score="91.00",
        scorer_count=2,
        rank=1,
        recognised=True,
    )

    with pytest.raises(ValidationError):
        services.job_submit(
            actor=staff_user, kind="voting_results", params={"round_id": voting_round.pk}
        )
    job = ReportJob.objects.create(
        kind="voting_results", params={"round_id": voting_round.pk}, requested_by=staff_user
    )
    services.job_run(job.pk)
    job.refresh_from_db()

    [row] = _rows(job)[1:]
    assert row[1] == "Gốm Phù Lãng"
    assert [_blank(v) for v in row[4:]] == [None, None, None, None, None]


def test_a_user_without_reports_cannot_pick_a_round(make_user):
    voting_round = make_round(level="provincial", year=YEAR)

    with pytest.raises(PermissionDenied):
        services.job_submit(
            actor=make_user(Role.COUNCIL_MEMBER),
            kind="voting_results",
            params={"round_id": voting_round.pk},
        )


def test_the_worker_ping_records_a_heartbeat(db):
    from reports.tasks import worker_ping

    beat = worker_ping.delay().get()

    assert beat["worker"] == "inline"
    assert services.worker_heartbeat_last()["at"] == beat["at"]
