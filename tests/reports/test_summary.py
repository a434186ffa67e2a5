"""The period summary of the merged province: every figure recomputed in plain Python from
the rows of an imported workbook (never from the database), to the đồng; its XLSX, PDF
and `manage.py report` forms carry the same numbers; its cost in queries does not grow
with the number of projects."""

import io
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from establishments.content_types import PromotionContent
from projects.history_import import import_projects
from projects.models import BudgetLine, Project
from reports import builders
from tests.factories import ProjectFactory, commune

pytestmark = pytest.mark.django_db

# --- the workbook -------------------------------------------------------------------------

# Each address as typed, its 2025 commune (code, name) and, for an address of before the
# July 2025 merger, (former province code, former district code, former district name).
# Verified against the loaded units (vietnamadminunits) and the importer's resolver.
ADDRESSES = [
    (
        "Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang",
        ("07339", "Xã Tân Yên"),
        ("24", "216", "Huyện Tân Yên"),
    ),
    (
        "Xã Quang Trung, Huyện Tân Yên, Tỉnh Bắc Giang",
        ("07333", "Xã Quang Trung"),
        ("24", "216", "Huyện Tân Yên"),
    ),
    (
        "Xã Tam Dị, Huyện Lục Nam, Tỉnh Bắc Giang",
        ("07462", "Xã Bảo Đài"),
        ("24", "218", "Huyện Lục Nam"),
    ),
    (
        "Xã Đông Hưng, Huyện Lục Nam, Tỉnh Bắc Giang",
        ("07450", "Xã Đông Phú"),
        ("24", "218", "Huyện Lục Nam"),
    ),
    (
        "Phường Ngô Quyền, Thành phố Bắc Giang, Tỉnh Bắc Giang",
        ("07210", "Phường Bắc Giang"),
        ("24", "213", "Thành phố Bắc Giang"),
    ),
    (
        "Thị trấn Vôi, Huyện Lạng Giang, Tỉnh Bắc Giang",
        ("07375", "Xã Lạng Giang"),
        ("24", "217", "Huyện Lạng Giang"),
    ),
    (
        "Xã Hoàng Vân, Huyện Hiệp Hòa, Tỉnh Bắc Giang",
        ("07822", "Xã Hoàng Vân"),
        ("24", "223", "Huyện Hiệp Hòa"),
    ),
    # Từ Sơn became a city in 2021; the record still says "Thị xã".
    (
        "Phường Đồng Nguyên, Thị xã Từ Sơn, Tỉnh Bắc Ninh",
        ("09385", "Phường Đồng Nguyên"),
        ("27", "261", "Thành phố Từ Sơn"),
    ),
    (
        "Phường Tam Sơn, Thành phố Từ Sơn, Tỉnh Bắc Ninh",
        ("09370", "Phường Tam Sơn"),
        ("27", "261", "Thành phố Từ Sơn"),
    ),
    (
        "Thị trấn Lim, Huyện Tiên Du, Tỉnh Bắc Ninh",
        ("09319", "Xã Tiên Du"),
        ("27", "260", "Huyện Tiên Du"),
    ),
    (
        "Phường Thị Cầu, Thành phố Bắc Ninh, Tỉnh Bắc Ninh",
        ("09169", "Phường Vũ Ninh"),
        ("27", "256", "Thành phố Bắc Ninh"),
    ),
    (
        "Thị trấn Chờ, Huyện Yên Phong, Tỉnh Bắc Ninh",
        ("09193", "Xã Yên Phong"),
        ("27", "258", "Huyện Yên Phong"),
    ),
    (
        "Thị trấn Thứa, Huyện Lương Tài, Tỉnh Bắc Ninh",
        ("09496", "Xã Lương Tài"),
        ("27", "264", "Huyện Lương Tài"),
    ),
    # 2025 form: a commune of the merged province, no former place.
    ("Xã Tân Yên, Tỉnh Bắc Ninh", ("07339", "Xã Tân Yên"), None),
    ("Phường Vũ Ninh, Tỉnh Bắc Ninh", ("09169", "Phường Vũ Ninh"), None),
    ("Xã Lạng Giang, Tỉnh Bắc Ninh", ("07375", "Xã Lạng Giang"), None),
    ("Phường Từ Sơn, Tỉnh Bắc Ninh", ("09367", "Phường Từ Sơn"), None),
    ("Xã Gia Bình, Tỉnh Bắc Ninh", ("09454", "Xã Gia Bình"), None),
]
LEGACY_PROVINCES = {"24": "Tỉnh Bắc Giang", "27": "Tỉnh Bắc Ninh"}
LEGACY_PROVINCE_OF = {"Tỉnh Bắc Giang": "24", "Tỉnh Bắc Ninh": "27"}
PROVINCE = {"code": "24", "name": "Tỉnh Bắc Ninh"}  # the merged 2025 province
MERGER_YEAR = 2025

# What the summary counts: projects the department approved and nobody cancelled.
COUNTED = {"approved", "contracted", "in_progress", "accepted", "settled"}
# Status cells as typed, with the status each stands for (an empty cell is "settled").
STATUS_CELLS = [
    ("approved", "approved"),
    ("contracted", "contracted"),
    ("in_progress", "in_progress"),
    ("accepted", "accepted"),
    ("settled", "settled"),
    (None, "settled"),
    ("cancelled", "cancelled"),
    ("rejected", "rejected"),
    ("draft", "draft"),
    ("submitted", "submitted"),
    ("in_plan", "in_plan"),
]
FUND_CELLS = [("national", "national"), ("local", "local"), ("Quốc gia", "national")]
FUND_CELLS += [("Địa phương", "local")]
CONTENTS = [
    "machinery",
    "training",
    "demo_model",
    "fair_exhibition",
    "digital",
    "cleaner_production",
]

HEADERS = [
    "Mã đề án",
    "Tên đề án",
    "Năm",
    "Nguồn kinh phí",
    "Nội dung",
    "Cơ sở",
    "Mã số thuế",
    "Địa chỉ",
    "Kinh phí hỗ trợ",
    "Vốn đối ứng",
    "Trạng thái",
]

FIGURES = ("projects", "support_vnd", "counterpart_vnd")
TOP_KEYS = [
    "province",
    "from_year",
    "to_year",
    "projects",
    "support_vnd",
    "counterpart_vnd",
    "by_fund_source",
    "by_content_type",
    "by_year",
    "by_commune",
    "by_legacy_province",
    "by_legacy_district",
]


@dataclass(frozen=True)
class Spec:
    """One generated row: what is typed in the workbook and what it stands for."""

    code: str
    year: int
    fund: str
    fund_cell: str
    content: str
    status: str
    status_cell: str | None
    address: str
    commune: tuple[str, str]
    legacy: tuple[str, str, str] | None
    support: int
    support_cell: object
    counterpart: int
    counterpart_cell: object

    def cells(self, i: int) -> list:
        return [
            self.code,
            f"Hỗ trợ {self.content} cho cơ sở số {i}",
            self.year,
            self.fund_cell,
            self.content,
            f"Cơ sở lịch sử {self.code}",
            f"{2400100000 + i}" if i % 3 else None,
            self.address,
            self.support_cell,
            self.counterpart_cell,
            self.status_cell,
        ]


def _amount(rng: random.Random, *, allow_empty: bool) -> tuple[int, object]:
    """An amount in đồng and the cell it is typed in, in the ways spreadsheets have them."""
    style = rng.randrange(8 if allow_empty else 7)
    value = rng.choice([1, 7, 999, 1_000_001, 999_999_999_999]) if style == 0 else 0
    if style != 0:
        value = rng.randint(1, 2_500_000_000) * rng.choice([1, 1, 1, 7, 13])
    dotted = f"{value:,}".replace(",", ".")
    if style in (0, 1, 2):
        return value, value  # a number
    if style == 3:
        return value, dotted  # "1.234.567"
    if style == 4:
        return value, f"{dotted} đ"  # "1.234.567 đ"
    if style == 5:
        return value, float(value)  # as a spreadsheet stores numbers
    if style == 6:
        return value, str(value)  # digits as text
    return 0, rng.choice([None, 0, ""])  # no counterpart


def generate(n: int, *, seed: int = 7, prefix: str = "LS") -> list[Spec]:
    rng = random.Random(seed)
    specs = []
    for i in range(n):
        year = 2016 + i % 11  # every year of 2016-2026, then at random
        if i >= 22:
            year = rng.randint(2016, 2026)
        address, commune_, legacy = rng.choice(ADDRESSES)
        status_cell, status = rng.choice(STATUS_CELLS)
        fund_cell, fund = rng.choice(FUND_CELLS)
        support, support_cell = _amount(rng, allow_empty=False)
        counterpart, counterpart_cell = _amount(rng, allow_empty=True)
        specs.append(
            Spec(
                code=f"{prefix}-{year}-{i:03d}",
                year=year,
                fund=fund,
                fund_cell=fund_cell,
                content=rng.choice(CONTENTS),
                status=status,
                status_cell=status_cell,
                address=address,
                commune=commune_,
                legacy=legacy,
                support=support,
                support_cell=support_cell,
                counterpart=counterpart,
                counterpart_cell=counterpart_cell,
            )
        )
    return specs


def rows_of(specs: list[Spec], *, offset: int = 0) -> list[list]:
    return [HEADERS] + [s.cells(offset + i) for i, s in enumerate(specs)]


def do_import(actor, specs: list[Spec], *, offset: int = 0) -> None:
    outcome = import_projects(
        actor=actor, rows=rows_of(specs, offset=offset), filename="lich-su-2016-2026.xlsx"
    )
    assert outcome.ok, outcome.problems
    assert outcome.created == len(specs)


SPECS = generate(40)


@pytest.fixture
def imported(staff_user) -> list[Spec]:
    do_import(staff_user, SPECS)
    return SPECS


# --- the same figures, in plain Python ------------------------------------------------------


def _figures(specs) -> dict:
    return {
        "projects": len(specs),
        "support_vnd": sum(s.support for s in specs),
        "counterpart_vnd": sum(s.counterpart for s in specs),
    }


def _group(specs, key) -> dict:
    groups = defaultdict(list)
    for s in specs:
        groups[key(s)].append(s)
    return {k: _figures(v) for k, v in groups.items()}


def expected_summary(specs: list[Spec], first: int, last: int) -> dict:
    counted = [s for s in specs if first <= s.year <= last and s.status in COUNTED]
    # Records of before the merger: earlier years, and 2025's written with a former address
    # (a later record keeps no former commune, whatever its address says).
    before = [
        s
        for s in counted
        if s.year < MERGER_YEAR or (s.year == MERGER_YEAR and s.legacy is not None)
    ]
    communes = {s.commune[0]: s.commune[1] for s in counted}
    return {
        "total": _figures(counted),
        "by_fund_source": {
            fund: _figures([s for s in counted if s.fund == fund]) for fund in ("national", "local")
        },
        "by_content_type": _group(counted, lambda s: s.content),
        "by_year": _group(counted, lambda s: s.year),
        "by_commune": {
            code: {"name": communes[code], **figures}
            for code, figures in _group(counted, lambda s: s.commune[0]).items()
        },
        "by_legacy_province": _group(before, lambda s: s.legacy[0] if s.legacy else None),
        "by_legacy_district": {
            code: {
                "name": next(s.legacy[2] for s in before if s.legacy and s.legacy[1] == code)
                if code
                else gettext("Former place not recorded"),
                "province": next(
                    LEGACY_PROVINCES[s.legacy[0]]
                    for s in before
                    if s.legacy and s.legacy[1] == code
                )
                if code
                else "",
                **figures,
            }
            for code, figures in _group(before, lambda s: s.legacy[1] if s.legacy else None).items()
        },
    }


def _only_figures(row: dict) -> dict:
    return {k: row[k] for k in FIGURES}


def _keyed(rows: list[dict], key: str = "code", *extra: str) -> dict:
    keyed = {r[key]: {**{e: r[e] for e in extra}, **_only_figures(r)} for r in rows}
    assert len(keyed) == len(rows), f"two rows share a {key}: {rows}"
    return keyed


def assert_matches(summary: dict, specs: list[Spec], first: int, last: int) -> None:
    expected = expected_summary(specs, first, last)
    assert summary["province"] == PROVINCE
    assert (summary["from_year"], summary["to_year"]) == (first, last)
    assert _only_figures(summary) == expected["total"]
    assert {k: _only_figures(v) for k, v in summary["by_fund_source"].items()} == expected[
        "by_fund_source"
    ]

    assert _keyed(summary["by_content_type"]) == expected["by_content_type"]
    codes = [r["code"] for r in summary["by_content_type"]]
    assert codes == sorted(codes)
    with translation.override("vi"):
        for row in summary["by_content_type"]:
            assert row["name"] == str(PromotionContent(row["code"]).label) != ""

    assert summary["by_year"] == [
        {"year": year, **figures} for year, figures in sorted(expected["by_year"].items())
    ]
    assert _keyed(summary["by_commune"], "code", "name") == expected["by_commune"]

    assert _keyed(summary["by_legacy_province"]) == expected["by_legacy_province"]
    for row in summary["by_legacy_province"]:
        if row["code"] is None:
            assert row["name"] == gettext("Former place not recorded")
        else:
            assert row["name"] == LEGACY_PROVINCES[row["code"]]
    assert (
        _keyed(summary["by_legacy_district"], "code", "name", "province")
        == expected["by_legacy_district"]
    )

    # Every breakdown adds up to the total; the former places cover the records before 2025.
    for section in ("by_content_type", "by_year", "by_commune"):
        assert sum(r["support_vnd"] for r in summary[section]) == summary["support_vnd"]
        assert sum(r["projects"] for r in summary[section]) == summary["projects"]
    assert sum(r["counterpart_vnd"] for r in summary["by_legacy_district"]) == sum(
        r["counterpart_vnd"] for r in summary["by_legacy_province"]
    )


# --- 1. the figures -------------------------------------------------------------------------


def test_the_generated_workbook_covers_every_case_the_summary_distinguishes():
    """A guard: the seeded rows do hold what the other tests rely on."""
    in_range = [s for s in SPECS if 2018 <= s.year <= 2024]
    assert len(SPECS) == 40
    assert {s.year for s in SPECS} == set(range(2016, 2027))
    assert {s.legacy[0] for s in SPECS if s.legacy} == {"24", "27"}
    assert len({s.legacy[1] for s in SPECS if s.legacy and s.legacy[0] == "24"}) >= 3
    assert len({s.legacy[1] for s in SPECS if s.legacy and s.legacy[0] == "27"}) >= 3
    assert {s.fund for s in in_range if s.status in COUNTED} == {"national", "local"}
    assert len({s.content for s in in_range if s.status in COUNTED}) >= 4
    # Rows that do not count, inside the range.
    assert {"cancelled", "rejected", "draft"} <= {s.status for s in in_range}
    # A 2025-form address on a record before the merger: the "not recorded" bucket.
    assert any(s.legacy is None and s.status in COUNTED for s in in_range)
    # A former address on a record after the merger, and a 2025 one.
    late = [s for s in SPECS if s.year >= MERGER_YEAR and s.status in COUNTED]
    assert any(s.legacy for s in late)
    assert any(s.legacy is None for s in late)
    # One 2025 commune reached from both a former address and a 2025 one.
    assert any(
        a.commune == b.commune and a.legacy and not b.legacy
        for a in in_range
        if a.status in COUNTED
        for b in in_range
        if b.status in COUNTED
    )
    # Amounts typed as text, with dots, with "đ", as floats; odd values.
    kinds = {type(s.support_cell) for s in SPECS} | {type(s.counterpart_cell) for s in SPECS}
    assert {int, str, float} <= kinds
    assert any(isinstance(s.support_cell, str) and s.support_cell.endswith("đ") for s in SPECS)
    assert any(s.counterpart == 0 for s in SPECS if s.status in COUNTED)
    assert any(s.support % 1000 for s in in_range if s.status in COUNTED)


def test_the_workbook_lands_in_the_database_as_generated(imported):
    """The importer's reading is checked once here, so the figures below test the summary."""
    stored = {
        p.code: p
        for p in Project.objects.select_related("commune", "legacy_commune__parent__parent")
    }
    assert len(stored) == len(imported)
    for spec in imported:
        project = stored[spec.code]
        assert (project.plan_year, project.fund_source, project.content_type, project.status) == (
            spec.year,
            spec.fund,
            spec.content,
            spec.status,
        )
        assert (project.commune.code, project.commune.name) == spec.commune
        if spec.legacy is None or spec.year > MERGER_YEAR:
            assert project.legacy_commune is None
        else:
            district = project.legacy_commune.parent
            assert (district.parent.code, district.code, district.name) == spec.legacy
    lines = BudgetLine.objects.values_list("project__code", "state_support_vnd", "counterpart_vnd")
    assert {c: (s, cp) for c, s, cp in lines} == {
        s.code: (s.support, s.counterpart) for s in imported
    }


def test_period_summary_2018_2024_matches_the_rows_to_the_dong(imported):
    summary = builders.period_summary(from_year=2018, to_year=2024)

    assert_matches(summary, imported, 2018, 2024)
    assert summary["projects"] > 0
    assert any(r["code"] is None for r in summary["by_legacy_province"])


@pytest.mark.parametrize(
    ("first", "last"), [(2021, 2026), (2016, 2026), (2025, 2026), (2019, 2019), (2010, 2015)]
)
def test_period_summary_of_other_ranges_matches_the_rows_to_the_dong(imported, first, last):
    summary = builders.period_summary(from_year=first, to_year=last)

    assert_matches(summary, imported, first, last)


def test_the_json_keys_are_exactly_the_stable_interface(imported):
    summary = builders.period_summary(from_year=2018, to_year=2024)

    assert list(summary) == TOP_KEYS
    assert set(summary["province"]) == {"code", "name"}
    assert list(summary["by_fund_source"]) == ["national", "local"]
    for figures in summary["by_fund_source"].values():
        assert set(figures) == set(FIGURES)
    assert {tuple(sorted(r)) for r in summary["by_content_type"]} == {
        tuple(sorted({"code", "name", *FIGURES}))
    }
    assert {tuple(sorted(r)) for r in summary["by_year"]} == {tuple(sorted({"year", *FIGURES}))}
    assert {tuple(sorted(r)) for r in summary["by_commune"]} == {
        tuple(sorted({"code", "name", *FIGURES}))
    }
    assert {tuple(sorted(r)) for r in summary["by_legacy_province"]} == {
        tuple(sorted({"code", "name", *FIGURES}))
    }
    assert {tuple(sorted(r)) for r in summary["by_legacy_district"]} == {
        tuple(sorted({"code", "name", "province", *FIGURES}))
    }
    # Plain JSON types: it goes through json unchanged.
    assert json.loads(json.dumps(summary, ensure_ascii=False)) == summary
    for row in summary["by_commune"] + summary["by_legacy_district"]:
        assert all(type(row[k]) is int for k in FIGURES)


def test_an_empty_period_has_zeros_and_empty_lists(imported):
    summary = builders.period_summary(from_year=2000, to_year=2005)

    assert list(summary) == TOP_KEYS
    assert _only_figures(summary) == {"projects": 0, "support_vnd": 0, "counterpart_vnd": 0}
    assert summary["by_fund_source"] == {
        "national": {"projects": 0, "support_vnd": 0, "counterpart_vnd": 0},
        "local": {"projects": 0, "support_vnd": 0, "counterpart_vnd": 0},
    }
    for section in TOP_KEYS[7:]:
        assert summary[section] == []


def test_a_2025_form_address_before_the_merger_is_a_former_place_not_recorded(staff_user):
    specs = [
        _spec("A-2020", 2020, "Xã Tân Yên, Tỉnh Bắc Ninh", 100, 1),
        _spec("B-2020", 2020, "Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang", 20, 2),
        _spec("C-2026", 2026, "Xã Tân Yên, Tỉnh Bắc Ninh", 3_000, 4),
        _spec("D-2026", 2026, "Thị trấn Lim, Huyện Tiên Du, Tỉnh Bắc Ninh", 40_000, 8),
    ]
    do_import(staff_user, specs)

    summary = builders.period_summary(from_year=2020, to_year=2026)

    assert _keyed(summary["by_legacy_province"], "code", "name") == {
        None: {
            "name": gettext("Former place not recorded"),
            "projects": 1,
            "support_vnd": 100,
            "counterpart_vnd": 1,
        },
        "24": {"name": "Tỉnh Bắc Giang", "projects": 1, "support_vnd": 20, "counterpart_vnd": 2},
        # D-2026 is after the merger: written with its former address, it still keeps no
        # former place.
    }
    assert _keyed(summary["by_legacy_district"], "code", "name")["216"] == {
        "name": "Huyện Tân Yên",
        "projects": 1,
        "support_vnd": 20,
        "counterpart_vnd": 2,
    }
    # The 2026 records have no former place at all.
    assert sum(r["projects"] for r in summary["by_legacy_province"]) == 2
    # Xã Tân Yên gathers its own records and those of Xã Việt Lập.
    assert _keyed(summary["by_commune"], "code", "name")["07339"] == {
        "name": "Xã Tân Yên",
        "projects": 3,
        "support_vnd": 3_120,
        "counterpart_vnd": 7,
    }


def _spec(code, year, address, support, counterpart, status="settled", fund="local") -> Spec:
    commune_, legacy = next((c, legacy) for a, c, legacy in ADDRESSES if a == address)
    return Spec(
        code=code,
        year=year,
        fund=fund,
        fund_cell=fund,
        content="machinery",
        status=status,
        status_cell=status,
        address=address,
        commune=commune_,
        legacy=legacy,
        support=support,
        support_cell=support,
        counterpart=counterpart,
        counterpart_cell=counterpart,
    )


def test_statuses_that_do_not_count_are_left_out_of_every_figure(staff_user):
    statuses = [s for _cell, s in STATUS_CELLS if s != "settled"]
    specs = [
        _spec(f"S-{i}", 2022, "Thị trấn Lim, Huyện Tiên Du, Tỉnh Bắc Ninh", 10**i, i, status=s)
        for i, s in enumerate(statuses)
    ]
    do_import(staff_user, specs)

    summary = builders.period_summary(from_year=2022, to_year=2022)

    assert summary["projects"] == 4
    assert summary["support_vnd"] == 1 + 10 + 100 + 1000  # approved ... accepted
    assert summary["by_legacy_province"][0]["projects"] == 4


def test_a_project_counts_once_with_all_its_budget_lines_and_without_any(db):
    tan_yen = commune("Xã Tân Yên")
    two_lines = ProjectFactory(plan_year=2023, status="contracted", commune=tan_yen)
    two_lines.budget_lines.create(item="Máy", state_support_vnd=150_000_001, counterpart_vnd=3)
    two_lines.budget_lines.create(item="Lắp đặt", state_support_vnd=49_999_999, counterpart_vnd=4)
    ProjectFactory(plan_year=2023, status="approved", commune=tan_yen, fund_source="national")

    summary = builders.period_summary(from_year=2023, to_year=2023)

    assert _only_figures(summary) == {
        "projects": 2,
        "support_vnd": 200_000_000,
        "counterpart_vnd": 7,
    }
    assert _only_figures(summary["by_fund_source"]["national"]) == {
        "projects": 1,
        "support_vnd": 0,
        "counterpart_vnd": 0,
    }


def test_the_first_year_after_the_last_is_refused(db):
    with pytest.raises(
        ValueError, match=re.escape(gettext("The first year comes after the last."))
    ):
        builders.period_summary(from_year=2024, to_year=2018)


def test_progress_is_reported_in_increasing_steps_below_100(imported):
    seen = []

    builders.period_summary(from_year=2018, to_year=2024, progress=seen.append)

    assert seen == sorted(seen)
    assert seen
    assert all(0 < p < 100 for p in seen)


# --- 2. queries ------------------------------------------------------------------------------


def test_the_summary_costs_the_same_queries_for_5_and_for_60_projects(staff_user):
    specs = generate(60, seed=11, prefix="QC")
    do_import(staff_user, specs[:5])
    builders.period_summary(from_year=2016, to_year=2026)  # warm any cache

    with CaptureQueriesContext(connection) as few:
        small = builders.period_summary(from_year=2016, to_year=2026)
    do_import(staff_user, specs[5:], offset=5)
    with CaptureQueriesContext(connection) as many:
        large = builders.period_summary(from_year=2016, to_year=2026)

    print(f"\nperiod_summary queries: {len(few)} for 5 projects, {len(many)} for 60 projects")
    assert len(few) == len(many)
    assert len(many) <= 10
    assert small["projects"] < large["projects"]
    assert_matches(large, specs, 2016, 2026)


# --- 3. the files -------------------------------------------------------------------------------


def _sheet_rows(workbook, title: str) -> list[tuple]:
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


def _text(value) -> str:
    return "" if value is None else str(value)


def test_the_xlsx_carries_the_same_numbers_as_the_dict(imported):
    summary = builders.period_summary(from_year=2018, to_year=2024)

    workbook = load_workbook(io.BytesIO(builders.period_summary_xlsx(summary)))

    assert workbook.sheetnames == [
        "Tổng hợp",
        "Theo nội dung",
        "Theo năm",
        "Theo xã (2025)",
        "Theo tỉnh cũ",
        "Theo huyện cũ",
    ]
    overall = _sheet_rows(workbook, "Tổng hợp")
    assert overall[0] == ("Chỉ tiêu", "Số đề án", "Kinh phí hỗ trợ (đồng)", "Vốn đối ứng (đồng)")
    assert overall[1] == (
        "Tỉnh Bắc Ninh, 2018 - 2024",
        summary["projects"],
        summary["support_vnd"],
        summary["counterpart_vnd"],
    )
    national, local = summary["by_fund_source"]["national"], summary["by_fund_source"]["local"]
    assert overall[2:] == [
        ("Khuyến công quốc gia", *_only_figures(national).values()),
        ("Khuyến công địa phương", *_only_figures(local).values()),
    ]
    former = _sheet_rows(workbook, "Theo tỉnh cũ")
    assert former[0][:2] == ("Mã tỉnh (trước 07/2025)", "Tỉnh (trước 07/2025)")
    assert [(_text(r[0]), r[1], r[2], r[3], r[4]) for r in former[1:]] == [
        (r["code"] or "", r["name"], r["projects"], r["support_vnd"], r["counterpart_vnd"])
        for r in summary["by_legacy_province"]
    ]
    by_year = _sheet_rows(workbook, "Theo năm")[1:]
    assert by_year == [tuple(r.values()) for r in summary["by_year"]]
    districts = _sheet_rows(workbook, "Theo huyện cũ")[1:]
    assert sum(r[-2] for r in districts) == sum(
        r["support_vnd"] for r in summary["by_legacy_province"]
    )
    assert workbook.properties.title == "Tổng hợp khuyến công"


def test_the_pdf_is_a_pdf(imported):
    summary = builders.period_summary(from_year=2018, to_year=2024)

    pdf = builders.period_summary_pdf(summary)

    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


# --- 4. manage.py report --------------------------------------------------------------------------


def test_the_command_prints_the_same_json_as_period_summary(imported, capsys):
    call_command("report", "period_summary", "--from", "2018", "--to", "2024")

    printed = json.loads(capsys.readouterr().out)
    summary = builders.period_summary(from_year=2018, to_year=2024)
    assert printed == json.loads(json.dumps(summary))
    assert list(printed) == TOP_KEYS
    assert_matches(printed, imported, 2018, 2024)


def test_the_command_writes_a_workbook_with_out(imported, tmp_path):
    out = tmp_path / "x.xlsx"

    call_command(
        "report",
        "period_summary",
        "--from",
        "2018",
        "--to",
        "2024",
        "--format",
        "xlsx",
        "--out",
        str(out),
        stderr=io.StringIO(),
    )

    workbook = load_workbook(out)
    expected = expected_summary(imported, 2018, 2024)["total"]
    assert _sheet_rows(workbook, "Tổng hợp")[1][1:] == tuple(expected.values())


def test_the_command_writes_a_pdf_with_out(imported, tmp_path):
    out = tmp_path / "x.pdf"

    call_command(
        "report", "period_summary", "--from", "2018", "--to", "2024", "--format", "pdf",
        "--out", str(out), stderr=io.StringIO(),
    )  # fmt: skip

    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "years",
    [
        ("2024", "2018"),
        ("1999", "2018"),
        ("2018", str(timezone.localdate().year + 2)),
    ],
    ids=["first-after-last", "before-2000", "too-far-ahead"],
)
def test_the_command_refuses_bad_years(db, years, capsys):
    with pytest.raises(CommandError):
        call_command("report", "period_summary", "--from", years[0], "--to", years[1])
    assert capsys.readouterr().out == ""


def test_the_command_needs_out_for_a_binary_format(db):
    with pytest.raises(CommandError):
        call_command(
            "report", "period_summary", "--from", "2018", "--to", "2024", "--format", "xlsx"
        )
