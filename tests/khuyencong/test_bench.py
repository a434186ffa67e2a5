"""seed_bench at a tiny scale: the proportions of the benchmark's province, every
constraint, the running totals the services keep, and what a second run does; --force
only where it may erase. No timing here: `make bench`."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q, Sum

from accounts.roles import Role
from bench.seed import BASE, MARKER_USERNAME, dataset_state

SCALE = 0.01


def seed(scale: float = SCALE, *extra: str) -> str:
    out = io.StringIO()
    call_command("seed_bench", f"--scale={scale}", *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    seed()
    # Foreign keys are deferred to the commit a test never reaches: check them now.
    connection.check_constraints()


def test_seed_bench_makes_the_proportions_of_the_issue(seeded):
    from collaborators.models import RosterMembership
    from establishments.models import Establishment
    from funding.models import Disbursement
    from products.models import Product, Score
    from projects.models import Project

    counts = {
        "establishments": Establishment.objects.count(),
        "projects": Project.objects.count(),
        "disbursements": Disbursement.objects.count(),
        "collaborator_years": RosterMembership.objects.count(),
        "products": Product.objects.count(),
        "scores": Score.objects.count(),
    }
    assert counts == {name: round(n * SCALE) for name, n in BASE.items()}


def test_seed_bench_spreads_over_both_eras_years_and_statuses(seeded):
    from establishments.models import Establishment
    from localities.models import AdminUnitSuccession
    from localities.selectors import configured_province
    from projects.models import Project

    province = configured_province()
    establishments = Establishment.objects.all()
    assert not establishments.exclude(commune__parent=province).exists()
    assert establishments.values("commune").distinct().count() > 30
    with_former = establishments.filter(legacy_commune__isnull=False)
    assert with_former.count() > establishments.count() / 2
    # The former commune is one the 2025 commune absorbed.
    successor = dict(AdminUnitSuccession.objects.filter(is_default=True).values_list("old", "new"))
    pairs = with_former.values_list("legacy_commune", "commune")
    assert all(successor[old] == new for old, new in pairs)
    years = set(Project.objects.values_list("plan_year", flat=True))
    assert years == set(range(2016, 2027))
    statuses = set(Project.objects.values_list("status", flat=True))
    assert {"settled", "in_progress", "draft", "cancelled", "rejected"} <= statuses
    assert Project.objects.values("content_type").distinct().count() >= 10
    assert Project.objects.values("fund_source").distinct().count() == 2


def test_seeded_money_keeps_the_running_totals_of_the_services(seeded):
    from funding.models import Allocation, Grant

    grants = Grant.objects.annotate(
        paid_rows=Sum("disbursements__amount_vnd", filter=Q(disbursements__status="paid")),
        advance_rows=Sum(
            "disbursements__amount_vnd",
            filter=Q(disbursements__kind="advance") & ~Q(disbursements__status="cancelled"),
        ),
    )
    assert grants.exists()
    for grant in grants:
        refunded = sum(r.amount_vnd for r in grant.refunds.all())
        assert grant.paid_vnd == (grant.paid_rows or 0)
        assert grant.advance_vnd == (grant.advance_rows or 0)
        assert grant.refunded_vnd == refunded
        assert grant.amount_vnd <= grant.cap_vnd
        assert grant.advance_vnd * 100 <= grant.advance_max_percent * grant.amount_vnd
        if grant.status == "open":
            assert grant.committed_vnd == grant.amount_vnd
        else:
            assert grant.committed_vnd == max(grant.ceiling_vnd, grant.net_paid_vnd)
        assert grant.project.plan_items.filter(plan=grant.plan).exists()
    allocations = Allocation.objects.annotate(
        held=Sum("grants__committed_vnd"),
        paid=Sum("grants__paid_vnd"),
        refunded=Sum("grants__refunded_vnd"),
        grants_made=Count("grants"),
    )
    assert any(a.refunded for a in allocations)
    for allocation in allocations:
        assert allocation.committed_vnd == (allocation.held or 0) <= allocation.amount_vnd
        assert (allocation.paid_vnd, allocation.refunded_vnd, allocation.grant_count) == (
            allocation.paid or 0,
            allocation.refunded or 0,
            allocation.grants_made,
        )


def test_seeded_plans_never_give_more_than_the_project_asks(seeded):
    from projects.models import PlanItem, Project
    from projects.selectors import with_totals

    items = PlanItem.objects.all()
    totals = dict(with_totals(Project.objects.all()).values_list("pk", "state_support_total"))
    assert items.exists()
    assert all(item.amount_vnd <= totals[item.project_id] for item in items)


def test_seeded_voting_follows_the_rules_of_the_rounds(seeded):
    from products.models import Certificate, Entry, ScoreSheet

    assert Certificate.objects.exists()
    assert not Certificate.objects.exclude(entry__awarded=True).exists()
    assert not Certificate.objects.exclude(entry__round__status="published").exists()
    above_commune = Entry.objects.exclude(round__level="commune")
    assert not above_commune.filter(
        nominated_from__isnull=True, forwarding_document__isnull=True
    ).exists()
    nominated = above_commune.filter(nominated_from__isnull=False)
    assert not nominated.exclude(nominated_from__entry__product=F("product")).exists()
    entered = Entry.objects.values("product").annotate(
        photos=Count("product__photos", distinct=True)
    )
    assert all(row["photos"] >= 3 for row in entered)
    for sheet in ScoreSheet.objects.filter(conflict=False).prefetch_related("scores")[:200]:
        points = [s.points for s in sheet.scores.all()]
        assert sum(points, Decimal(0)) == sheet.total
    assert not ScoreSheet.objects.filter(member__role="secretary").exists()


def test_seeded_rows_pass_the_models_validation(seeded):
    from establishments.models import Establishment
    from projects.models import Project

    for establishment in Establishment.objects.order_by("pk")[:50]:
        establishment.full_clean()
    for project in Project.objects.order_by("pk")[:50]:
        project.full_clean()


def test_the_bench_logins_have_their_roles_and_the_collaborator_an_area(seeded):
    from django.contrib.auth import get_user_model

    from accounts.roles import user_roles
    from establishments.selectors import establishment_list_visible_to

    users = get_user_model().objects
    assert Role.CENTER_STAFF in user_roles(users.get(username="bench-staff"))
    assert Role.OFFICIAL in user_roles(users.get(username="bench-official"))
    collaborator = users.get(username="bench-collaborator")
    assert Role.COLLABORATOR in user_roles(collaborator)
    assert establishment_list_visible_to(collaborator).exists()
    # No one can sign in to a bench account with a password.
    assert not any(u.has_usable_password() for u in users.filter(username__startswith="bench-"))


def test_a_second_run_at_the_same_scale_does_nothing(seeded):
    from establishments.models import Establishment

    before = Establishment.objects.count()
    assert "nothing to do" in seed()
    assert Establishment.objects.count() == before


def test_another_scale_is_refused_unless_replaced(seeded):
    from establishments.models import Establishment

    with pytest.raises(CommandError, match=r"bench dataset at scale 0\.01"):
        seed(0.005)
    seed(0.005, "--replace")
    assert Establishment.objects.count() == round(BASE["establishments"] * 0.005)
    assert dataset_state().marker["scale"] == 0.005


def test_a_database_with_other_data_is_refused(make_user):
    from establishments.models import Establishment

    make_user(Role.CENTER_STAFF)
    with pytest.raises(CommandError, match="not made by seed_bench"):
        seed()
    with pytest.raises(CommandError):
        seed(SCALE, "--replace")  # replaces bench data only
    assert not Establishment.objects.exists()
    assert not get_marker()


def get_marker() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=MARKER_USERNAME).exists()


@pytest.fixture
def outside_debug(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("KHUYENCONG_BENCH", raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("bench_env", "database"),
    [(None, "kc_bench_s1"), ("1", "khuyencong"), ("0", "khuyencong_bench")],
)
def test_force_erases_nothing_outside_a_bench_database(
    make_user, outside_debug, bench_env, database
):
    from django.contrib.auth import get_user_model

    if bench_env is not None:
        outside_debug.setenv("KHUYENCONG_BENCH", bench_env)
    outside_debug.setitem(connection.settings_dict, "NAME", database)
    someone = make_user(Role.CENTER_STAFF)
    with pytest.raises(CommandError, match="--force erases every table"):
        seed(SCALE, "--force")
    assert get_user_model().objects.filter(pk=someone.pk).exists()
    assert not get_marker()


def test_force_erases_and_seeds_a_bench_database(make_user, outside_debug):
    from django.contrib.auth import get_user_model

    outside_debug.setenv("KHUYENCONG_BENCH", "1")
    outside_debug.setitem(connection.settings_dict, "NAME", "khuyencong_bench_s1")
    someone = make_user(Role.CENTER_STAFF)
    seed(SCALE, "--force")
    assert not get_user_model().objects.filter(pk=someone.pk).exists()
    assert get_marker()


def test_the_bench_renders_the_decision_of_the_largest_plan(seeded):
    from django.db.models import Count

    from bench.paper import largest_plan, render
    from projects.models import AnnualPlan

    most = AnnualPlan.objects.annotate(n=Count("items")).order_by("-n").first().n
    plan = largest_plan()
    assert plan.items.count() == most > 0
    result = render(plan, with_pdf=False)
    assert result["items"] == most
    assert result["docx_seconds"] > 0
    assert result["rss_peak_mb"] >= result["rss_before_mb"] > 0


def test_the_plan_decision_targets_pass_or_fail_on_their_limits():
    from bench.run import paper_rows

    fast = {
        "items": 1800,
        "docx_seconds": 2.0,
        "rss_before_mb": 90,
        "rss_peak_mb": 180,
        "pdf_seconds": 20.0,
        "soffice_rss_peak_mb": 250,
    }
    slow = {**fast, "pdf_seconds": 49.6, "soffice_rss_peak_mb": 480}

    def verdicts(paper: dict) -> list[str]:
        rows = []
        paper_rows({1.0: ({"paper": paper}, {})}, lambda _name, cells: rows.append(cells))
        return ["PASS" if all(ok for _text, ok in cells) else "FAIL" for cells in rows]

    assert verdicts(fast) == ["PASS", "PASS", "PASS"]
    assert verdicts(slow) == ["PASS", "FAIL", "FAIL"]
    assert verdicts({"error": "boom"}) == ["FAIL", "FAIL", "FAIL"]
