"""The reporting periods (cut-offs of the State's reporting regime: a quarter, half-year
or year runs from the 15th of the month before it to the 14th of its last month) and
the default measures of the periodic reports. The center edits and extends both."""

from django.db import migrations

IMPLEMENTED = ["approved", "contracted", "in_progress", "accepted", "settled"]
ALL_CONTENTS: list[str] = []

PERIODS = [
    # code, kind, name, start (month, day), end (month, day)
    ("q1", "quarter", "Quý I", (12, 15), (3, 14)),
    ("q2", "quarter", "Quý II", (3, 15), (6, 14)),
    ("q3", "quarter", "Quý III", (6, 15), (9, 14)),
    ("q4", "quarter", "Quý IV", (9, 15), (12, 14)),
    ("h1", "half_year", "6 tháng đầu năm", (12, 15), (6, 14)),
    ("h2", "half_year", "6 tháng cuối năm", (6, 15), (12, 14)),
    ("year", "year", "Cả năm", (12, 15), (12, 14)),
]


def _projects(statuses=IMPLEMENTED, contents=ALL_CONTENTS):
    return {"statuses": list(statuses), "contents": list(contents)}


def _establishments(**flags):
    return {
        "statuses": IMPLEMENTED,
        "contents": [],
        "legal_forms": flags.pop("legal_forms", []),
        "women_owned": flags.pop("women_owned", None),
        "minority_owned": flags.pop("minority_owned", None),
        "craft_village": flags.pop("craft_village", None),
    }


def _followup(field):
    return {"field": field, "contents": []}


MEASURES = [
    ("ke_hoach", "Kinh phí theo kế hoạch được duyệt", "plan_sum", {"contents": []}),
    ("phan_bo", "Kinh phí được giao", "allocation_sum", {}),
    (
        "cap_ho_tro",
        "Kinh phí hỗ trợ được cấp",
        "grant_sum",
        {
            "field": "amount_vnd",
            "date": "plan_year",
            "statuses": ["open", "settled"],
            "contents": [],
        },
    ),
    (
        "da_chi",
        "Đã chi trong kỳ",
        "disbursement_sum",
        {"kinds": ["advance", "interim", "final"], "contents": []},
    ),
    ("thu_hoi", "Đã thu hồi, hoàn trả trong kỳ", "refund_sum", {"contents": []}),
    (
        "giai_ngan",
        "Giải ngân (đã chi trừ thu hồi)",
        "combination",
        {"terms": [{"measure": "da_chi", "sign": 1}, {"measure": "thu_hoi", "sign": -1}]},
    ),
    (
        "ty_le_giai_ngan",
        "Tỷ lệ giải ngân so với kinh phí được cấp",
        "ratio",
        {"numerator": "giai_ngan", "denominator": "cap_ho_tro"},
    ),
    (
        "doi_ung_ke_hoach",
        "Vốn đối ứng theo dự toán",
        "budget_sum",
        {"field": "counterpart_vnd", **_projects()},
    ),
    (
        "doi_ung_thuc_te",
        "Vốn đối ứng thực hiện (quyết toán trong kỳ)",
        "grant_sum",
        {
            "field": "counterpart_actual_vnd",
            "date": "settled_on",
            "statuses": ["settled"],
            "contents": [],
        },
    ),
    ("de_an", "Số đề án được phê duyệt", "project_count", _projects()),
    (
        "de_an_dang_thuc_hien",
        "— đang thực hiện",
        "project_count",
        _projects(["contracted", "in_progress"]),
    ),
    (
        "de_an_nghiem_thu",
        "— đã nghiệm thu, chờ quyết toán",
        "project_count",
        _projects(["accepted"]),
    ),
    ("de_an_quyet_toan", "— đã quyết toán", "project_count", _projects(["settled"])),
    ("de_an_huy", "Số đề án bị hủy", "project_count", _projects(["cancelled"])),
    ("hoc_vien", "Số người được đào tạo nghề", "trained_sum", {"contents": []}),
    ("co_so", "Số cơ sở được hỗ trợ", "establishment_count", _establishments()),
    (
        "co_so_doanh_nghiep",
        "— doanh nghiệp",
        "establishment_count",
        _establishments(legal_forms=["enterprise"]),
    ),
    (
        "co_so_htx",
        "— hợp tác xã, liên hiệp, tổ hợp tác",
        "establishment_count",
        _establishments(legal_forms=["cooperative", "cooperative_union", "cooperative_group"]),
    ),
    (
        "co_so_ho",
        "— hộ kinh doanh",
        "establishment_count",
        _establishments(legal_forms=["household_business"]),
    ),
    ("co_so_nu", "— do phụ nữ làm chủ", "establishment_count", _establishments(women_owned=True)),
    (
        "co_so_dtts",
        "— do người dân tộc thiểu số làm chủ",
        "establishment_count",
        _establishments(minority_owned=True),
    ),
    (
        "co_so_lang_nghe",
        "— thuộc làng nghề được công nhận",
        "establishment_count",
        _establishments(craft_village=True),
    ),
    (
        "may_moc",
        "Số đề án hỗ trợ máy móc thiết bị",
        "project_count",
        _projects(contents=["machinery"]),
    ),
    (
        "mo_hinh",
        "Số mô hình trình diễn kỹ thuật",
        "project_count",
        _projects(contents=["demo_model"]),
    ),
    ("phieu_ket_qua", "Số phiếu kết quả sau hỗ trợ", "followup_sum", _followup("count")),
    ("viec_lam_moi", "Việc làm tạo mới sau hỗ trợ", "followup_sum", _followup("jobs_created")),
    ("viec_lam_duy_tri", "Việc làm duy trì sau hỗ trợ", "followup_sum", _followup("jobs_kept")),
    (
        "doanh_thu_tang",
        "Doanh thu tăng thêm mỗi năm sau hỗ trợ",
        "followup_sum",
        _followup("revenue_increase_vnd"),
    ),
    (
        "von_huy_dong",
        "Vốn huy động thêm sau hỗ trợ",
        "followup_sum",
        _followup("capital_mobilised_vnd"),
    ),
    ("thi_truong_moi", "Thị trường mới sau hỗ trợ", "followup_sum", _followup("new_markets")),
]


def _with_history(apps, model_name: str, obj) -> None:
    """The seeded row's first version, as if it had been created in the admin."""
    from django.utils import timezone

    history = apps.get_model("reports", f"Historical{model_name}")
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    history.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Giá trị mặc định",
    )


def add_defaults(apps, schema_editor):
    ReportingPeriod = apps.get_model("reports", "ReportingPeriod")
    Measure = apps.get_model("reports", "Measure")
    for position, (code, kind, name, (sm, sd), (em, ed)) in enumerate(PERIODS, start=1):
        period, created = ReportingPeriod.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name": name,
                "start_month": sm,
                "start_day": sd,
                "end_month": em,
                "end_day": ed,
                "position": position,
            },
        )
        if created:
            _with_history(apps, "ReportingPeriod", period)
    for position, (code, name, kind, params) in enumerate(MEASURES, start=1):
        measure, created = Measure.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "params": params, "position": position * 10},
        )
        if created:
            _with_history(apps, "Measure", measure)


def remove_defaults(apps, schema_editor):
    apps.get_model("reports", "Measure").objects.filter(code__in=[m[0] for m in MEASURES]).delete()
    apps.get_model("reports", "ReportingPeriod").objects.filter(
        code__in=[p[0] for p in PERIODS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_periodic_reports")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
