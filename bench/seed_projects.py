"""Bench projects with what surrounds them: budget lines, beneficiaries, the workflow's
events, appraisals, progress, acceptance, annual plans (with adjustments), allocations,
grants, disbursements and refunds.

Each project is given a status by the age of its plan year, then a timeline that leads
there; the money follows the same rules as funding/services/: the grant is the plan's
amount, capped by the support rule in force on the approval date; advances stay within
the rule's limit; paid minus refunded never passes what the state owes; the running
totals on grants and allocations are the sums of their rows.

Long module: a seeder: each project's timeline, and its money, made in the order it
happened.
"""

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

from django.conf import settings

from bench import words
from bench.seed import (
    YEARS,
    Context,
    Est,
    pick_weighted,
    split_total,
    target,
)
from bench.seed_money import Rules, seed_money, thousands
from bench.seed_registers import collaborator_for, write_requests

PLANNED = frozenset({"approved", "contracted", "in_progress", "accepted", "settled", "cancelled"})
MAIN_PATH = (
    "draft", "submitted", "appraised", "in_plan", "approved", "contracted", "in_progress",
    "accepted", "settled",
)  # fmt: skip
MERGER_YEAR = 2025


def status_weights(year: int) -> dict[str, int]:
    # Per mille. Old projects are settled or closed; a few still wait for their settlement
    # (accepted) and very few are still under way.
    if year <= 2022:
        return {"settled": 835, "accepted": 10, "in_progress": 3, "cancelled": 40,
                "rejected": 60, "returned": 10, "draft": 10, "submitted": 7,
                "appraised": 25}  # fmt: skip
    if year == 2023:
        return {"settled": 790, "accepted": 40, "in_progress": 15, "cancelled": 40,
                "rejected": 60, "returned": 10, "draft": 10, "submitted": 10,
                "appraised": 25}  # fmt: skip
    if year == 2024:
        return {"settled": 650, "accepted": 140, "in_progress": 40, "cancelled": 40,
                "rejected": 70, "appraised": 30, "draft": 20, "returned": 10}  # fmt: skip
    if year == 2025:
        return {"settled": 30, "accepted": 25, "in_progress": 22, "contracted": 5,
                "cancelled": 4, "rejected": 7, "appraised": 4, "draft": 2,
                "returned": 1}  # fmt: skip
    return {"in_progress": 35, "contracted": 15, "approved": 10, "accepted": 8, "in_plan": 6,
            "appraised": 6, "submitted": 6, "draft": 6, "returned": 2, "rejected": 4,
            "cancelled": 2}  # fmt: skip


@dataclass
class Plan:
    id: int
    year: int
    fund: str
    version: int
    status: str
    created: dt.date
    submitted: dt.date
    decided: dt.date | None
    number: str = ""
    items: dict[int, int] = field(default_factory=dict)  # project index -> amount


@dataclass
class P:
    index: int
    id: int
    code: str
    year: int
    fund: str
    content: str
    status: str
    beneficiaries: list[Est]
    commune: int | None  # commune index
    cost: int = 0
    support: int = 0
    counterpart: int = 0
    lines: list[tuple[str, int, int]] = field(default_factory=list)
    dates: dict[str, dt.date] = field(default_factory=dict)
    # plans: the version that approved it (1 or 2), dropped by the adjustment, changed
    approved_in: int = 0
    grant_version: int = 0  # the version whose decision set the grant (an adjustment may)
    dropped: bool = False
    changed: bool = False
    cancelled_from: str = ""
    amount: int = 0  # the grant (the latest approved plan amount)
    request: int | None = None


# --- projects ------------------------------------------------------------------------------


def make_projects(ctx: Context) -> list[P]:
    from projects.models import Project

    rng = ctx.rng
    n = target("projects", ctx.scale)
    first = ctx.writer.reserve(Project, n)
    years = sorted(rng.choices(YEARS, [8, 8, 8, 9, 8, 9, 9, 10, 10, 10, 11], k=n))
    serial: dict[tuple[int, str], int] = {}
    contents = list(words.CONTENTS)
    projects = []
    for i, year in enumerate(years):
        weights = [
            0 if (c in words.NEW_CONTENTS and year < 2026) else words.CONTENTS[c][0]
            for c in contents
        ]
        content = rng.choices(contents, weights)[0]
        status = pick_weighted(rng, tuple(status_weights(year).items()))
        fund = "national" if rng.random() < 0.25 else "local"
        serial[year, fund] = serial.get((year, fund), 0) + 1
        code = f"{'QG' if fund == 'national' else 'DP'}-{year}-{serial[year, fund]:05d}"
        kind = words.CONTENTS[content][3]
        beneficiaries: list[Est] = []
        commune = None
        before = dt.date(year - 1, 12, 31)
        if kind in ("single", "group"):
            main = ctx.establishment_before(before)
            if main is not None:
                beneficiaries.append(main)
                commune = main.commune
                if kind == "group" and rng.random() < 0.6:
                    for _ in range(rng.randrange(2, 11)):
                        other = ctx.establishment_before(before, main.commune)
                        if other is not None and other not in beneficiaries:
                            beneficiaries.append(other)
        elif kind == "place":
            commune = ctx.commune_index()
        p = P(i, first + i, code, year, fund, content, status, beneficiaries, commune)
        budget(ctx, p)
        projects.append(p)
    return projects


def budget(ctx: Context, p: P) -> None:
    rng = ctx.rng
    _weight, (low, high), (share_low, share_high), _kind = words.CONTENTS[p.content]
    cost = round(math.exp(rng.uniform(math.log(low), math.log(high)))) * 1_000_000
    support = thousands(cost * rng.uniform(share_low, share_high))
    support = min(support, cost)
    counterpart = cost - support
    items = rng.sample(words.BUDGET_ITEMS, rng.randrange(2, 5))
    supports = split_total(rng, support // 1000, [rng.random() + 0.2 for _ in items])
    counterparts = split_total(rng, counterpart // 1000, [rng.random() + 0.2 for _ in items])
    p.lines = [
        (item, s * 1000, c * 1000) for item, s, c in zip(items, supports, counterparts, strict=True)
    ]
    p.cost, p.support, p.counterpart = cost, support, counterpart


# --- plans and the timeline -------------------------------------------------------------------


def make_plans(ctx: Context, projects: list[P]) -> dict[tuple[int, str], list[Plan]]:
    from projects.models import AnnualPlan

    rng = ctx.rng
    keys = [(y, f) for y in YEARS for f in ("national", "local")]
    adjusted = {k: (k[0] == 2026 or rng.random() < 0.4) for k in keys}
    first = ctx.writer.reserve(AnnualPlan, len(keys) + sum(adjusted.values()))
    plans: dict[tuple[int, str], list[Plan]] = {}
    pk = first
    for year, fund in keys:
        d1 = ctx.day(dt.date(year, 1, 10), dt.date(year, 3, 20))
        v1 = Plan(pk, year, fund, 1, "approved", d1 - dt.timedelta(days=75),
                  d1 - dt.timedelta(days=20), d1, f"{rng.randrange(100, 999)}/QĐ-UBND")  # fmt: skip
        pk += 1
        plans[year, fund] = [v1]
        if not adjusted[year, fund]:
            continue
        if year == YEARS[-1]:
            created = ctx.day(dt.date(year, 10, 1), dt.date(year, 10, 20))
            v2 = Plan(pk, year, fund, 2, "submitted", created,
                      ctx.day(created + dt.timedelta(days=10), ctx.today), None)  # fmt: skip
        else:
            d2 = ctx.day(dt.date(year, 7, 1), dt.date(year, 9, 15))
            number = f"{rng.randrange(100, 999)}/QĐ-UBND"
            v2 = Plan(pk, year, fund, 2, "approved", d2 - dt.timedelta(days=40),
                      d2 - dt.timedelta(days=15), d2, number)  # fmt: skip
        pk += 1
        plans[year, fund].append(v2)
    for p in projects:
        versions = plans[p.year, p.fund]
        v1, v2 = versions[0], versions[1] if len(versions) > 1 else None
        if p.status == "in_plan":
            if v2 is None or v2.status != "submitted":
                p.status = "appraised"
            else:
                v2.items[p.index] = 0
                p.approved_in = 0
            continue
        if p.status not in PLANNED:
            continue
        p.approved_in = 1
        if v2 is not None and v2.status == "approved":
            if p.status == "cancelled" and rng.random() < 0.5:
                p.dropped = True
            elif rng.random() < 0.06:
                p.approved_in = 2
            elif rng.random() < 0.1:
                p.changed = True
        if p.approved_in == 1:
            v1.items[p.index] = 0
        if v2 is not None and not p.dropped:
            v2.items[p.index] = 0
            if v2.status == "submitted" and rng.random() < 0.1:
                p.changed = True  # an amount the department has not decided yet
    return plans


def timeline(ctx: Context, p: P, plans: dict) -> None:
    """Dates that lead to the project's status, every one of them by today."""
    rng = ctx.rng
    days = dt.timedelta
    d = p.dates
    today = ctx.today
    versions = plans[p.year, p.fund]
    if p.approved_in or p.status == "in_plan":
        plan = versions[p.approved_in - 1] if p.approved_in else versions[1]
        d["in_plan"] = min(plan.created + days(rng.randrange(0, 10)), plan.submitted)
        d["appraised"] = d["in_plan"] - days(rng.randrange(5, 30))
        d["submitted"] = d["appraised"] - days(rng.randrange(10, 40))
        d["draft"] = d["submitted"] - days(rng.randrange(5, 30))
        if p.approved_in:
            d["approved"] = plan.decided
    else:
        d["draft"] = ctx.day(dt.date(p.year - 1, 6, 1), dt.date(p.year - 1, 10, 31))
        if p.year == YEARS[-1] and p.status in ("draft", "submitted", "returned", "appraised"):
            d["draft"] = ctx.day(dt.date(p.year - 1, 9, 1), today - days(20))
        d["submitted"] = d["draft"] + days(rng.randrange(5, 30))
        d["appraised"] = d["submitted"] + days(rng.randrange(10, 40))
    for name in ("draft", "submitted", "appraised", "in_plan"):
        if name in d:
            d[name] = min(d[name], today)
    if p.approved_in:
        approved = d["approved"]
        d["contracted"] = min(approved + days(rng.randrange(15, 45)), today)
        d["in_progress"] = min(d["contracted"] + days(rng.randrange(7, 30)), today)
        d["start"] = d["contracted"]
        end = d["start"] + days(rng.randrange(120, 240))
        d["end"] = max(d["start"], min(end, dt.date(p.year, 12, 31)))
        if p.status in ("accepted", "settled"):
            if d["end"] >= today - days(5):
                d["end"] = max(d["in_progress"], today - days(rng.randrange(10, 30)))
            d["accepted"] = min(d["end"] + days(rng.randrange(3, 25)), today)
            if p.status == "settled":
                d["settled"] = min(d["accepted"] + days(rng.randrange(20, 90)), today)
        if p.status == "cancelled":
            if p.dropped:
                p.cancelled_from = rng.choice(("approved", "contracted"))
                d["cancelled"] = versions[1].decided
                d["contracted"] = min(d["contracted"], d["cancelled"])
            else:
                p.cancelled_from = rng.choice(("approved", "contracted", "in_progress"))
                d["cancelled"] = ctx.day(d[p.cancelled_from], d["end"])


def events(ctx: Context, p: P, creator: int) -> list[tuple]:
    """The audit rows of the path to the status (projects.ProjectEvent)."""
    rng = ctx.rng
    d = p.dates
    rows = [(p.id, "", "draft", "", creator, ctx.moment(d["draft"]))]

    def add(old, new, when, actor=None, note=""):
        rows.append((p.id, old, new, note, actor or rng.choice(ctx.staff), ctx.moment(when)))

    if p.status in ("draft",):
        return rows
    add("draft", "submitted", d["submitted"])
    if p.status == "returned":
        add("submitted", "returned", min(d["submitted"] + dt.timedelta(days=7), ctx.today),
            note="Bổ sung dự toán chi tiết")  # fmt: skip
        return rows
    if p.status == "submitted":
        return rows
    if p.status == "rejected":
        if rng.random() < 0.5:
            add("submitted", "appraised", d["appraised"], note="Thẩm định")
            add("appraised", "rejected", d["appraised"], note="Không đạt điểm thẩm định")
        else:
            add("submitted", "rejected", d["appraised"], note="Không thuộc đối tượng hỗ trợ")
        return rows
    last = p.cancelled_from if p.status == "cancelled" else p.status
    path = MAIN_PATH[: MAIN_PATH.index(last) + 1]
    for old, new in itertools.pairwise(path[1:]):
        actor = rng.choice(ctx.officials) if new in ("approved", "accepted") else None
        add(old, new, d[new], actor)
    if p.status == "cancelled":
        actor = rng.choice(ctx.officials) if p.dropped else None
        note = "Điều chỉnh kế hoạch" if p.dropped else "Cơ sở không đủ vốn đối ứng"
        add(p.cancelled_from, "cancelled", d["cancelled"], actor, note)
    return rows


def grant_amounts(ctx: Context, projects: list[P], plans: dict, rules: Rules) -> None:
    """The plan amounts: within the state support and the cap of the rule in force on
    the decision's date. An approved adjustment that changed an amount set the grant
    anew; a submitted one has not yet."""
    rng = ctx.rng
    for p in projects:
        versions = plans[p.year, p.fund]
        if p.approved_in:
            adjusted = len(versions) > 1 and versions[1].status == "approved"
            p.grant_version = 2 if p.approved_in == 2 or (p.changed and adjusted) else 1
            decided = versions[p.grant_version - 1].decided
            cap = rules.cap(rules.in_force(p.content, p.fund, decided), p.cost)
            p.amount = min(p.support, cap, thousands(min(p.support, cap) * rng.uniform(0.9, 1)))
            for v in versions:
                if p.index in v.items:
                    v.items[p.index] = p.amount
            if p.changed:
                other = versions[0] if p.grant_version == 2 else versions[1]
                on = other.decided or ctx.today
                limit = min(p.support, rules.cap(rules.in_force(p.content, p.fund, on), p.cost))
                other.items[p.index] = min(limit, thousands(p.amount * rng.uniform(0.9, 1.15)))
        elif p.status == "in_plan":
            cap = rules.cap(rules.in_force(p.content, p.fund, ctx.today), p.cost)
            versions[1].items[p.index] = min(p.support, cap)


# --- writing ---------------------------------------------------------------------------------


def seed(ctx: Context) -> None:
    from projects.models import (
        Acceptance,
        AnnualPlan,
        Appraisal,
        BudgetLine,
        Inspection,
        PlanEvent,
        PlanItem,
        ProgressReport,
        Project,
        ProjectDocument,
        ProjectEvent,
    )

    rng = ctx.rng
    rules = Rules(ctx)
    projects = make_projects(ctx)
    plans = make_plans(ctx, projects)
    for p in projects:
        timeline(ctx, p, plans)
    grant_amounts(ctx, projects, plans, rules)
    center = settings.KHUYENCONG_CENTER_NAME
    requests, request_events = project_requests(ctx, projects)
    rows, lines, benef, sites, event_rows = [], [], [], [], []
    appraisals, progress, acceptances, inspections, documents = [], [], [], [], []
    for p in projects:
        d = p.dates
        creator = rng.choice(ctx.staff)
        main = p.beneficiaries[0] if p.beneficiaries else None
        commune = ctx.communes[p.commune] if p.commune is not None else None
        place = commune.name if commune else ctx.province_name
        title = words.PROJECT_TITLES[p.content].format(
            trade=main.trade if main else "truyền thống",
            est=main.name if main else place,
            place=place,
            year=p.year,
        )[:500]
        legacy = main.legacy_id if main is not None and p.year <= MERGER_YEAR else None
        unit = main.name if main is not None and rng.random() < 0.5 else center
        created = ctx.moment(d["draft"])
        rows.append(
            (
                p.id, p.code, title, p.year, p.fund, p.content,
                commune.id if commune else None, legacy,
                "import" if p.year < 2024 else "portal", unit, d.get("start"), d.get("end"),
                "Nâng cao năng lực sản xuất, chất lượng sản phẩm", "Theo thuyết minh đề án",
                p.status, p.request, creator, created, created,
            )
        )  # fmt: skip
        for position, (item, state, counterpart) in enumerate(p.lines):
            lines.append((p.id, item, state, counterpart, position))
        benef.extend((p.id, e.id) for e in p.beneficiaries)
        if commune is not None:
            sites.append((p.id, commune.id))
        event_rows.extend(events(ctx, p, creator))
        if "appraised" in d and p.status not in ("draft", "submitted", "returned"):
            rejected = p.status == "rejected"
            appraisals.append(
                (p.id, d["appraised"], f"Hội đồng thẩm định đề án khuyến công năm {p.year}",
                 rng.randrange(30, 60) if rejected else rng.randrange(60, 96),
                 "reject" if rejected else "approve",
                 "Đề án phù hợp nội dung khuyến công" if not rejected else "Chưa đạt yêu cầu",
                 rng.choice(ctx.staff), ctx.moment(d["appraised"]))
            )  # fmt: skip
        reached = p.cancelled_from if p.status == "cancelled" else p.status
        if reached in ("contracted", "in_progress", "accepted", "settled"):
            documents.append((p.id, "contract", "Hợp đồng thực hiện đề án", "bench/hop-dong.pdf",
                              rng.choice(ctx.staff), ctx.moment(d["contracted"])))  # fmt: skip
        if reached in ("in_progress", "accepted", "settled"):
            months = month_starts(d["in_progress"], min(d["end"], ctx.today))
            chosen = sorted(rng.sample(months, min(len(months), rng.randrange(1, 4))))
            for k, period in enumerate(chosen, start=1):
                when = min(period + dt.timedelta(days=rng.randrange(18, 25)), ctx.today)
                progress.append((p.id, period, min(100, 100 * k // (len(chosen) + 1) + 10),
                                 "Đang triển khai theo kế hoạch", "", rng.choice(ctx.staff),
                                 ctx.moment(when)))  # fmt: skip
            if rng.random() < 0.2:
                on = ctx.day(d["in_progress"], d["end"])
                inspections.append((p.id, on, "Phòng Quản lý công nghiệp, Sở Công Thương",
                                    "Thực hiện đúng tiến độ", rng.choice(ctx.staff),
                                    ctx.moment(on)))  # fmt: skip
        if p.status in ("accepted", "settled"):
            acceptances.append(
                (p.id, d["accepted"], f"{rng.randrange(1, 999)}/BB-NT",
                 "passed" if rng.random() < 0.9 else "conditional", "", rng.choice(ctx.staff),
                 ctx.moment(d["accepted"]))
            )  # fmt: skip
        if p.status == "settled":
            documents.append((p.id, "settlement", "Hồ sơ quyết toán", "bench/quyet-toan.pdf",
                              rng.choice(ctx.staff), ctx.moment(d["settled"])))  # fmt: skip
    w = ctx.writer
    write_requests(ctx, requests, request_events)
    w.write(
        Project,
        ("id", "code", "title", "plan_year", "fund_source", "content_type", "commune",
         "legacy_commune", "source", "implementing_unit", "start_date", "end_date", "objectives",
         "expected_results", "status", "support_request", "created_by", "created_at",
         "updated_at"),
        rows,
    )  # fmt: skip
    w.write(BudgetLine, ("project", "item", "state_support_vnd", "counterpart_vnd", "position"),
            lines)  # fmt: skip
    w.write(Project.beneficiaries.through, ("project", "establishment"), benef)
    w.write(Project.site_communes.through, ("project", "adminunit"), sites)
    w.write(ProjectEvent, ("project", "from_status", "to_status", "note", "actor", "at"),
            event_rows)  # fmt: skip
    w.write(Appraisal, ("project", "appraised_on", "council", "score", "recommendation",
                        "summary", "recorded_by", "created_at"), appraisals)  # fmt: skip
    w.write(ProgressReport, ("project", "period", "percent_done", "narrative", "photo",
                             "submitted_by", "submitted_at"), progress)  # fmt: skip
    w.write(Acceptance, ("project", "accepted_on", "minutes_number", "result", "notes",
                         "recorded_by", "created_at"), acceptances)  # fmt: skip
    w.write(Inspection, ("project", "inspected_on", "inspector", "findings", "recorded_by",
                         "created_at"), inspections)  # fmt: skip
    w.write(ProjectDocument, ("project", "kind", "title", "file", "uploaded_by", "uploaded_at"),
            documents)  # fmt: skip
    plan_rows, item_rows, plan_events = [], [], []
    for versions in plans.values():
        for plan in versions:
            official = rng.choice(ctx.officials)
            staff = rng.choice(ctx.staff)
            plan_rows.append(
                (plan.id, plan.year, plan.fund, plan.version, plan.status, plan.number,
                 plan.decided, official if plan.decided else None,
                 ctx.moment(plan.decided) if plan.decided else None, "", staff,
                 ctx.moment(plan.created))
            )  # fmt: skip
            item_rows.extend((plan.id, projects[i].id, amount) for i, amount in plan.items.items())
            note = f"Điều chỉnh phiên bản {plan.version - 1}" if plan.version > 1 else ""
            plan_events.append((plan.id, "", "draft", note, staff, ctx.moment(plan.created)))
            plan_events.append((plan.id, "draft", "submitted", "", staff,
                                ctx.moment(plan.submitted)))  # fmt: skip
            if plan.decided:
                plan_events.append((plan.id, "submitted", "approved", plan.number, official,
                                    ctx.moment(plan.decided)))  # fmt: skip
    w.write(
        AnnualPlan,
        ("id", "year", "fund_source", "version", "status", "decision_number", "decision_date",
         "approved_by", "approved_at", "return_note", "created_by", "created_at"),
        plan_rows,
    )  # fmt: skip
    w.write(PlanItem, ("plan", "project", "amount_vnd"), item_rows)
    w.write(PlanEvent, ("plan", "from_status", "to_status", "note", "actor", "at"), plan_events)
    seed_money(ctx, projects, plans, rules)


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months or [start.replace(day=1)]


def project_requests(ctx: Context, projects: list[P]) -> tuple[list, list]:
    """A third of single-establishment projects began as a collaborator's request."""
    from establishments.models import SupportRequest

    rng = ctx.rng
    chosen = [
        p
        for p in projects
        if p.beneficiaries
        and words.CONTENTS[p.content][3] == "single"
        and p.year > YEARS[0]
        and rng.random() < 0.35
    ]
    first = ctx.writer.reserve(SupportRequest, len(chosen))
    rows, events_ = [], []
    for i, p in enumerate(chosen):
        pk = first + i
        p.request = pk
        est = p.beneficiaries[0]
        latest = p.dates["draft"] - dt.timedelta(days=20)
        day = ctx.day(max(est.created, latest - dt.timedelta(days=200)), latest)
        if day > latest:
            day = latest if latest >= est.created else est.created
        submitter = collaborator_for(ctx, day.year, est.commune)
        stamp = ctx.moment(day)
        rows.append((pk, est.id, submitter, p.content, rng.choice(words.PURPOSE_NEEDS),
                     p.cost, p.year, "accepted", stamp, stamp))  # fmt: skip
        events_.append((pk, "", "submitted", "", submitter, stamp))
        review = min(day + dt.timedelta(days=rng.randrange(3, 15)), p.dates["draft"])
        events_.append((pk, "submitted", "under_review", "", rng.choice(ctx.staff),
                        ctx.moment(review)))  # fmt: skip
        events_.append((pk, "under_review", "accepted", "", rng.choice(ctx.staff),
                        ctx.moment(p.dates["draft"])))  # fmt: skip
    return rows, events_
