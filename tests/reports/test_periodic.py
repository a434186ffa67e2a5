"""The periodic report over a ten-year history of both eras (projects in the former
communes of Bắc Giang and Bắc Ninh before the July 2025 merger, in 2025 communes after),
built through the real services: plans approved, grants, payments, acceptances,
settlements, refunds and results after support. Every figure of every default measure
is recomputed here in plain Python from what the history did, to the đồng; the XLSX,
PDF and JSON of one report carry the same numbers."""

import datetime as dt
import io
import json
import random
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from funding import plans
from funding import services as money
from localities.models import AdminUnit, Era, Level
from projects import services as project_services
from projects.models import DocumentKind, ProjectStatus, Recommendation
from projects.monitoring import acceptance_record, document_upload
from projects.outcomes import followup_record
from projects.services import Line
from reports.models import Measure, ReportingPeriod
from reports.periodic import builder
from tests.factories import (
    AllocationFactory,
    EstablishmentFactory,
    UserFactory,
    ensure_support_rules,
)

pytestmark = pytest.mark.django_db

MERGER_YEAR = 2025
YEARS = range(2016, 2027)
IMPLEMENTED = {"approved", "contracted", "in_progress", "accepted", "settled"}
FATES = ["draft", "approved", "in_progress", "accepted", "settled", "settled", "cancelled"]
CONTENTS = ["machinery", "training", "demo_model", "digital"]
LEGAL_FORMS = ["household_business", "enterprise", "cooperative", "cooperative_group"]


# --- the history, and what it did --------------------------------------------------------------


@dataclass
class Place:
    est: object
    legal_form: str
    women: bool
    minority: bool
    village: bool
    commune: tuple[str, str]
    legacy_province: str | None


@dataclass
class Record:
    """One project and everything that happened to it, as plain values."""

    year: int
    fund: str
    content: str
    fate: str
    place: Place
    support: int
    counterpart: int
    planned: int = 0  # in the plan the department approved last
    granted: int = 0
    grant_status: str | None = None
    payments: list = field(default_factory=list)  # (kind, amount, paid_on)
    refunds: list = field(default_factory=list)  # (amount, refunded_on)
    settled_on: dt.date | None = None
    counterpart_actual: int | None = None
    accepted_on: dt.date | None = None
    trained: int = 0
    followup: dict | None = None

    @property
    def pre(self) -> bool:
        legacy = self.place.legacy_province is not None
        return self.year < MERGER_YEAR or (self.year == MERGER_YEAR and legacy)


def _days(year: int, rng: random.Random, n: int) -> list[dt.date]:
    """n dates of a year in order, many on the cut-off days (14th and 15th)."""
    today = timezone.localdate()
    days = [
        dt.date(year, m, d)
        for m in range(1, 13)
        for d in (2, 14, 15, 16, 27)
        if dt.date(year, m, d) < today
    ]
    return sorted(rng.sample(days, n))


def _places(rng: random.Random) -> tuple[list[Place], list[Place]]:
    legacy = list(
        AdminUnit.objects.filter(
            era=Era.LEGACY, level=Level.COMMUNE, parent__parent__code__in=("24", "27")
        )
        .select_related("parent__parent")
        .order_by("code")
    )
    current = list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent__code="24").order_by(
            "code"
        )
    )
    chosen_legacy = [
        *[u for u in legacy if u.parent.parent.code == "24"][:40:8],
        *[u for u in legacy if u.parent.parent.code == "27"][:40:8],
    ]
    old, new = [], []
    for i in range(14):
        commune = current[(i * 7) % len(current)]
        unit = chosen_legacy[i % len(chosen_legacy)] if i < 10 else None
        legal_form = LEGAL_FORMS[i % len(LEGAL_FORMS)]
        women, minority, village = i % 3 == 0, i % 4 == 1, i % 5 == 2
        est = EstablishmentFactory(
            commune=commune,
            legacy_commune=unit,
            legal_form=legal_form,
            women_owned=women,
            minority_owned=minority,
            craft_village="Làng nghề mây tre đan Phúc Tằng" if village else "",
        )
        place = Place(
            est,
            legal_form,
            women,
            minority,
            village,
            (commune.code, commune.name),
            unit.parent.parent.code if unit else None,
        )
        (old if unit else new).append(place)
    return old, new


def build_history(seed: int = 11, per_year: int = 3) -> list[Record]:
    ensure_support_rules()
    rng = random.Random(seed)
    staff = UserFactory(role=Role.CENTER_STAFF)
    accountant = UserFactory(role=Role.CENTER_STAFF)
    official = UserFactory(role=Role.OFFICIAL)
    old, new = _places(rng)
    records: list[Record] = []
    for year in YEARS:
        for fund in ("national", "local"):
            AllocationFactory(year=year, fund_source=fund, amount_vnd=rng.randint(5, 9) * 10**9)
        projects = []
        for n in range(per_year):
            # Before the merger, former places (and one without); after, 2025 places; in
            # 2025 both.
            pool = old if year < MERGER_YEAR else new if year > MERGER_YEAR else old + new
            if year < MERGER_YEAR and n == 2:
                pool = new
            place = rng.choice(pool)
            support = rng.randint(20, 100) * 1_000_000 + rng.randint(0, 999_999)
            counterpart = support * rng.randint(3, 5) + rng.randint(0, 999)
            record = Record(
                year=year,
                fund=rng.choice(["national", "local"]),
                content=rng.choice(CONTENTS),
                fate=FATES[(year + n) % len(FATES)],
                place=place,
                support=support,
                counterpart=counterpart,
            )
            project = project_services.project_create(
                actor=staff,
                code=f"LS-{year}-{n}",
                title=f"Đề án {year} số {n}",
                plan_year=year,
                fund_source=record.fund,
                content_type=record.content,
                implementing_unit="Trung tâm Khuyến công",
                beneficiaries=[place.est],
                budget_lines=[
                    Line("Thiết bị", support - 1_000_000, counterpart),
                    Line("Hướng dẫn kỹ thuật", 1_000_000, 0),
                ],
            )
            records.append(record)
            projects.append((record, project))
            if record.fate == "draft":
                continue
            project_services.project_transition(
                actor=staff, project=project, target=ProjectStatus.SUBMITTED
            )
            project_services.project_appraise(
                actor=staff,
                project=project,
                appraised_on=dt.date(year - 1, 11, 1),
                score=85,
                recommendation=Recommendation.APPROVE,
                summary="Đạt",
            )
        for fund in ("national", "local"):
            members = [(r, p) for r, p in projects if r.fund == fund and r.fate != "draft"]
            if not members:
                continue
            plan = plans.plan_create(actor=staff, year=year, fund_source=fund)
            for record, project in members:
                plans.plan_add_item(actor=staff, plan=plan, project=project)
                record.planned = record.granted = record.support
                record.grant_status = "open"
            plans.plan_submit(actor=staff, plan=plan)
            plans.plan_approve(
                actor=official,
                plan=plan,
                decision_number=f"{year}/QĐ-SCT",
                decision_date=dt.date(year - 1, 12, 20),
            )
            if year == 2020:
                # An adjustment: the last approved version's amounts count, and the grant
                # follows them.
                record, project = members[0]
                adjusted = plans.plan_adjust(actor=staff, plan=plan)
                item = adjusted.items.get(project=project)
                cut = record.support - 7_000_000
                plans.plan_change_amount(actor=staff, item=item, amount_vnd=cut)
                plans.plan_submit(actor=staff, plan=adjusted)
                plans.plan_approve(
                    actor=official,
                    plan=adjusted,
                    decision_number="2020-DC/QĐ-SCT",
                    decision_date=dt.date(2020, 5, 2),
                )
                record.planned = record.granted = cut
        for record, project in projects:
            if record.fate in ("draft", "approved"):
                continue
            _run(record, project, rng, staff, accountant, official)
    return records


def _pay(record, grant, kind, amount, day, staff, accountant):
    disbursement = money.disbursement_schedule(
        actor=staff, grant=grant, kind=kind, amount_vnd=amount
    )
    money.disbursement_approve(actor=accountant, disbursement=disbursement)
    money.disbursement_pay(
        actor=accountant, disbursement=disbursement, paid_on=day, reference=f"KB-{day}"
    )
    record.payments.append((kind, amount, day))


def _run(record, project, rng, staff, accountant, official):
    advance_on, interim_on, accept_on, final_on, settle_on, refund_on = _days(record.year, rng, 6)
    for target in (ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS):
        project = project_services.project_transition(actor=staff, project=project, target=target)
    project.refresh_from_db()
    grant = project.grant
    advance = record.granted // 5
    _pay(record, grant, "advance", advance, advance_on, staff, accountant)
    if record.fate == "cancelled":
        project_services.project_transition(
            actor=staff, project=project, target=ProjectStatus.CANCELLED, note="Không triển khai"
        )
        grant.refresh_from_db()
        money.refund_record(
            actor=accountant,
            grant=grant,
            amount_vnd=advance,
            reason="Hoàn tạm ứng",
            refunded_on=refund_on,
        )
        record.refunds.append((advance, refund_on))
        record.grant_status = "cancelled"
        return
    if record.fate == "in_progress":
        return
    interim = record.granted // 4
    _pay(record, grant, "interim", interim, interim_on, staff, accountant)
    trained = rng.randint(0, 40)
    acceptance_record(
        actor=staff,
        project=project,
        accepted_on=accept_on,
        minutes_number=f"NT-{project.pk}",
        result="passed",
        people_trained=trained,
    )
    project_services.project_transition(
        actor=official, project=project, target=ProjectStatus.ACCEPTED
    )
    record.accepted_on, record.trained = accept_on, trained
    follow_on = accept_on + dt.timedelta(days=210)
    if follow_on <= timezone.localdate():
        values = {
            "recorded_on": follow_on,
            "jobs_created": rng.randint(0, 12),
            "jobs_kept": rng.randint(0, 30),
            "new_markets": rng.randint(0, 3),
            "value_added_vnd": rng.choice([None, rng.randint(1, 900) * 1_000_003]),
            "revenue_before_vnd": rng.choice([None, rng.randint(100, 900) * 1_000_001]),
            "revenue_after_vnd": rng.randint(100, 1200) * 1_000_007,
            "capital_mobilised_vnd": rng.randint(0, 500) * 1_000_009,
        }
        followup_record(actor=staff, project=project, establishment=record.place.est, **values)
        record.followup = values
    if record.fate == "accepted":
        return
    final = record.granted - advance - interim
    _pay(record, grant, "final", final, final_on, staff, accountant)
    document_upload(
        actor=staff,
        project=project,
        kind=DocumentKind.SETTLEMENT,
        title="Hồ sơ quyết toán",
        file=ContentFile(b"%PDF-1.4\n% settlement\n", name="quyet-toan.pdf"),
    )
    grant.refresh_from_db()
    reduction = rng.choice([0, 3_000_000])
    actual = record.counterpart - rng.randint(0, 5_000_000)
    money.grant_settle(
        actor=staff,
        grant=grant,
        settled_vnd=record.granted - reduction,
        counterpart_actual_vnd=actual,
        settled_on=settle_on,
        settlement_number=f"QT-{project.pk}",
    )
    record.settled_on, record.counterpart_actual = settle_on, actual
    record.grant_status = "settled"
    if reduction:
        grant.refresh_from_db()
        money.refund_record(
            actor=accountant,
            grant=grant,
            amount_vnd=reduction,
            reason="Chênh lệch quyết toán",
            refunded_on=refund_on,
        )
        record.refunds.append((reduction, refund_on))


# --- the same figures, in plain Python -----------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    first_year: int
    last_year: int

    def has(self, day) -> bool:
        return day is not None and self.start <= day <= self.end

    def plan_year(self, year) -> bool:
        return self.first_year <= year <= self.last_year


def _allocations(span: Span) -> dict[str, int]:
    from funding.models import Allocation

    # Allocations are input data the history chose at random: read as given.
    totals = defaultdict(int)
    for year, fund, amount in Allocation.objects.values_list("year", "fund_source", "amount_vnd"):
        if span.plan_year(year):
            totals[fund] += amount
    return totals


def _establishments(records, span, test=lambda p: True) -> int:
    return len(
        {
            r.place.est.pk
            for r in records
            if span.plan_year(r.year) and r.fate in IMPLEMENTED and test(r.place)
        }
    )


def expected_values(records: list[Record], span: Span, allocated) -> dict:
    """Every default measure for these records (one line of a breakdown)."""

    def projects(statuses, content=None):
        return sum(
            1
            for r in records
            if span.plan_year(r.year)
            and r.fate in statuses
            and (content is None or r.content == content)
        )

    def follow(key):
        done = [r.followup for r in records if r.followup and span.has(r.followup["recorded_on"])]
        if key == "count":
            return len(done)
        if key == "revenue":
            return sum(
                f["revenue_after_vnd"] - f["revenue_before_vnd"]
                for f in done
                if f["revenue_before_vnd"] is not None
            )
        return sum(f[key] or 0 for f in done)

    paid = sum(a for r in records for _k, a, day in r.payments if span.has(day))
    refunded = sum(a for r in records for a, day in r.refunds if span.has(day))
    granted = sum(
        r.granted
        for r in records
        if span.plan_year(r.year) and r.grant_status in ("open", "settled")
    )
    net = paid - refunded
    values = {
        "ke_hoach": sum(r.planned for r in records if span.plan_year(r.year)),
        "phan_bo": allocated,
        "cap_ho_tro": granted,
        "da_chi": paid,
        "thu_hoi": refunded,
        "giai_ngan": net,
        "ty_le_giai_ngan": round(net * 100 / granted, 1) if granted else None,
        "doi_ung_ke_hoach": sum(
            r.counterpart for r in records if span.plan_year(r.year) and r.fate in IMPLEMENTED
        ),
        "doi_ung_thuc_te": sum(r.counterpart_actual for r in records if span.has(r.settled_on)),
        "de_an": projects(IMPLEMENTED),
        "de_an_dang_thuc_hien": projects({"contracted", "in_progress"}),
        "de_an_nghiem_thu": projects({"accepted"}),
        "de_an_quyet_toan": projects({"settled"}),
        "de_an_huy": projects({"cancelled"}),
        "hoc_vien": sum(r.trained for r in records if span.has(r.accepted_on)),
        "co_so": _establishments(records, span),
        "co_so_doanh_nghiep": _establishments(
            records, span, lambda p: p.legal_form == "enterprise"
        ),
        "co_so_htx": _establishments(
            records, span, lambda p: p.legal_form in ("cooperative", "cooperative_group")
        ),
        "co_so_ho": _establishments(records, span, lambda p: p.legal_form == "household_business"),
        "co_so_nu": _establishments(records, span, lambda p: p.women),
        "co_so_dtts": _establishments(records, span, lambda p: p.minority),
        "co_so_lang_nghe": _establishments(records, span, lambda p: p.village),
        "may_moc": projects(IMPLEMENTED, "machinery"),
        "mo_hinh": projects(IMPLEMENTED, "demo_model"),
        "phieu_ket_qua": follow("count"),
        "viec_lam_moi": follow("jobs_created"),
        "viec_lam_duy_tri": follow("jobs_kept"),
        "doanh_thu_tang": follow("revenue"),
        "von_huy_dong": follow("capital_mobilised_vnd"),
        "thi_truong_moi": follow("new_markets"),
    }
    return values


def expected_report(records: list[Record], span: Span) -> dict:
    allocations = _allocations(span)
    groups = {
        "by_fund_source": lambda r: r.fund,
        "by_content_type": lambda r: r.content,
        "by_commune": lambda r: r.place.commune[0],
        "by_legacy_province": lambda r: r.place.legacy_province,
    }
    result = {"total": expected_values(records, span, sum(allocations.values()))}
    for section, key in groups.items():
        keyed = defaultdict(list)
        for r in records:
            if section == "by_legacy_province" and not r.pre:
                continue
            keyed[key(r)].append(r)
        if section == "by_fund_source":
            for fund in allocations:
                keyed.setdefault(fund, [])
        result[section] = {
            k: expected_values(
                rs, span, allocations.get(k, 0) if section == "by_fund_source" else None
            )
            for k, rs in keyed.items()
        }
    return result


def _busy(values: dict) -> bool:
    return any(v for v in values.values())


def assert_report_matches(report: dict, records: list[Record], span: Span) -> None:
    expected = expected_report(records, span)
    codes = [m["code"] for m in report["measures"]]
    assert codes == list(Measure.objects.filter(active=True).values_list("code", flat=True))
    assert report["total"] == {c: expected["total"][c] for c in codes}
    for section in ("by_fund_source", "by_content_type", "by_commune", "by_legacy_province"):
        lines = {line["code"]: line for line in report[section]}
        assert len(lines) == len(report[section]), f"two lines share a code in {section}"
        for key, values in expected[section].items():
            if key not in lines:
                assert not _busy(values), f"{section} {key} missing: {values}"
                continue
            assert lines[key]["values"] == values, f"{section} {key}"
        for key, line in lines.items():
            assert key in expected[section], f"{section}: unexpected line {key}"
            assert line["name"]


@pytest.fixture
def history() -> list[Record]:
    return build_history()


def test_the_history_covers_what_the_report_distinguishes(history):
    """A guard: the generated history does hold the cases the figures depend on."""
    assert {r.year for r in history} == set(YEARS)
    assert {r.place.legacy_province for r in history if r.pre} == {"24", "27", None}
    assert any(not r.pre for r in history if r.year == MERGER_YEAR)
    assert any(r.pre for r in history if r.year == MERGER_YEAR)
    assert {r.fate for r in history} == set(FATES)
    assert any(r.refunds for r in history)
    assert any(r.followup for r in history)
    assert any(r.planned != r.support for r in history)  # the adjusted plan
    # Payments on both sides of the 14/15 cut-offs.
    days = {day.day for r in history for _k, _a, day in r.payments}
    assert {14, 15} <= days
    # An establishment supported twice in a period counts once.
    pks = [r.place.est.pk for r in history if r.fate in IMPLEMENTED]
    assert len(pks) > len(set(pks))


@pytest.mark.parametrize(
    ("period", "year"), [("year", 2020), ("h1", 2025), ("q4", 2023), ("year", 2026)]
)
def test_a_named_period_matches_the_history_to_the_dong(history, period, year):
    start, end, title = builder.period_dates(period, year)
    report = builder.periodic_report(
        start=start, end=end, first_year=year, last_year=year, code=period, title=title
    )

    assert_report_matches(report, history, Span(start, end, year, year))
    assert report["period"]["from"] == start.isoformat()
    assert report["period"]["to"] == end.isoformat()


def test_the_cut_offs_are_data(db):
    assert builder.period_dates("h1", 2026)[:2] == (dt.date(2025, 12, 15), dt.date(2026, 6, 14))
    assert builder.period_dates("q1", 2026)[:2] == (dt.date(2025, 12, 15), dt.date(2026, 3, 14))
    assert builder.period_dates("year", 2026)[:2] == (dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    ReportingPeriod.objects.filter(code="h1").update(start_month=1, start_day=1, end_day=30)

    assert builder.period_dates("h1", 2026)[:2] == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def test_ten_years_at_once_match_the_history_and_both_eras_are_split(history):
    start, end = dt.date(2016, 1, 1), timezone.localdate()
    report = builder.periodic_report(start=start, end=end)

    assert_report_matches(report, history, Span(start, end, 2016, end.year))
    former = {line["code"]: line["name"] for line in report["by_legacy_province"]}
    assert former == {
        "24": "Tỉnh Bắc Giang",
        "27": "Tỉnh Bắc Ninh",
        None: "Chưa ghi nơi trước 07/2025",
    }
    # Every implemented project of the history, the former places only for the records of
    # before the merger.
    assert report["total"]["de_an"] == sum(1 for r in history if r.fate in IMPLEMENTED)
    assert sum(line["values"]["de_an"] for line in report["by_legacy_province"]) == sum(
        1 for r in history if r.fate in IMPLEMENTED and r.pre
    )


def test_a_new_measure_is_a_new_column_without_code(history):
    from reports.services import measure_save

    staff = UserFactory(role=Role.CENTER_STAFF)
    measure_save(
        actor=staff,
        measure=Measure(
            code="tam_ung",
            name="Tạm ứng đã chi",
            position=1000,
            kind="disbursement_sum",
            params={"kinds": ["advance"]},
        ),
    )
    start, end = dt.date(2016, 1, 1), timezone.localdate()

    report = builder.periodic_report(start=start, end=end)

    assert report["measures"][-1] == {"code": "tam_ung", "name": "Tạm ứng đã chi", "unit": "money"}
    assert report["total"]["tam_ung"] == sum(
        a for r in history for kind, a, _day in r.payments if kind == "advance"
    )


def test_the_report_costs_the_same_number_of_queries_for_no_rows_and_ten_years(db):
    start, end = dt.date(2016, 1, 1), dt.date(2026, 12, 1)
    with CaptureQueriesContext(connection) as empty:
        builder.periodic_report(start=start, end=end)
    build_history()
    with CaptureQueriesContext(connection) as full:
        report = builder.periodic_report(start=start, end=end)

    assert report["total"]["de_an"] > 10
    assert len(empty) == len(full)


# --- the XLSX, PDF and JSON of one report ------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d)?$|^—$")


def _printed(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def test_the_xlsx_pdf_and_json_of_one_report_agree(history, tmp_path):
    start, end = dt.date(2019, 12, 15), dt.date(2024, 12, 14)
    outs = {}
    for fmt in ("json", "xlsx", "pdf"):
        outs[fmt] = tmp_path / f"bao-cao.{fmt}"
        call_command(
            "report", "periodic", "--from", "15/12/2019", "--to", "2024-12-14",
            "--format", fmt, "--out", str(outs[fmt]), stderr=io.StringIO(),
        )  # fmt: skip
    data = json.loads(outs["json"].read_text())
    assert_report_matches(data, history, Span(start, end, 2019, 2024))
    measures = data["measures"]
    units = {m["code"]: m["unit"] for m in measures}

    # XLSX: the summary by fund source, then one sheet per breakdown, as numbers.
    workbook = load_workbook(outs["xlsx"])
    assert workbook.sheetnames == ["Tổng hợp", "Theo nội dung", "Theo xã (2025)", "Theo tỉnh cũ"]
    summary = workbook["Tổng hợp"]
    assert summary.freeze_panes == "B2"
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0] == (
        "Chỉ tiêu",
        "Đơn vị",
        "Tổng số",
        "Kinh phí khuyến công quốc gia",
        "Kinh phí khuyến công địa phương",
    )
    funds = {line["code"]: line["values"] for line in data["by_fund_source"]}
    for row, measure in zip(rows[1:], measures, strict=True):
        code = measure["code"]
        assert row[0] == measure["name"]
        assert row[2] == data["total"][code]
        assert row[3:] == tuple(funds.get(f, {}).get(code, 0) for f in ("national", "local"))
    assert summary.cell(row=2, column=3).number_format == "#,##0"
    rate = next(i for i, m in enumerate(measures) if m["unit"] == "percent")
    assert summary.cell(row=2 + rate, column=3).number_format == "0.0"
    assert summary.column_dimensions["A"].width > 30
    # A place keeps its official code beside its name; a content is named only.
    for title, section in (
        ("Theo xã (2025)", "by_commune"),
        ("Theo tỉnh cũ", "by_legacy_province"),
    ):
        sheet = workbook[title]
        assert sheet.freeze_panes == "C2"
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0][2:]) == [m["name"] for m in measures]
        assert [list(r) for r in rows[1:]] == [
            [line["code"] or None, line["name"], *[line["values"][m["code"]] for m in measures]]
            for line in data[section]
        ]
    sheet = workbook["Theo nội dung"]
    assert sheet.freeze_panes == "B2"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][1:]) == [m["name"] for m in measures]
    assert [list(r) for r in rows[1:]] == [
        [line["name"], *[line["values"][m["code"]] for m in measures]]
        for line in data["by_content_type"]
    ]

    # PDF: each measure's line of the summary prints the same figures.
    text = _pdf_text(outs["pdf"].read_bytes())
    assert "Kỳ báo cáo: từ ngày 15/12/2019 đến ngày 14/12/2024" in text
    lines = text.splitlines()
    for measure in measures:
        code = measure["code"]
        found = [
            line for line in lines if re.match(rf"\s*{re.escape(measure['name'])}\s{{2,}}", line)
        ]
        assert found, measure["name"]
        printed = [t for t in re.split(r"\s{2,}", found[0].strip()) if NUMBER.match(t)]
        want = [
            _printed(v, units[code])
            for v in (
                data["total"][code],
                *[funds.get(f, {}).get(code, 0) for f in ("national", "local")],
            )
        ]
        assert printed[:3] == want, measure["name"]
    # The breakdowns: every content's figures appear in the PDF too.
    for line in data["by_content_type"]:
        for m in measures:
            assert _printed(line["values"][m["code"]], m["unit"]) in text
