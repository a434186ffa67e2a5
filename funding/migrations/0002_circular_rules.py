"""The national support caps that could be verified (docs/DOMAIN.md, "Support caps"):
Joint Circular 26/2014/TTLT-BTC-BCT (2014–2018) for history, and Circular 28/2018/TT-BTC.
They are data: staff edit them, and add the 2026 circulars and the province's own
resolution when their texts are in hand."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

TTLT_26 = "26/2014/TTLT-BTC-BCT"
TT_28 = "28/2018/TT-BTC"
TTLT_26_FROM = dt.date(2014, 4, 8)
TT_28_FROM = dt.date(2018, 5, 15)
TT_28_NOTE = (
    "Ban hành 28/03/2018. Ngày hiệu lực 15/05/2018 chưa được đối chiếu với văn bản gốc; "
    "sửa tại đây nếu văn bản ghi khác. Có thể đã được thay thế bởi Thông tư 139/2026/TT-BTC."
)

# (legal basis, valid from, valid to, content, item, max %, max VND, note)
RULES = [
    (TTLT_26, TTLT_26_FROM, TT_28_FROM - dt.timedelta(days=1), "", "Tạm ứng kinh phí khuyến công", None, None, ""),
    (TTLT_26, TTLT_26_FROM, TT_28_FROM - dt.timedelta(days=1), "machinery", "Ứng dụng máy móc tiên tiến, chuyển giao công nghệ", 50, 200_000_000, ""),
    (TTLT_26, TTLT_26_FROM, TT_28_FROM - dt.timedelta(days=1), "demo_model", "Mô hình trình diễn kỹ thuật sản xuất sản phẩm mới, công nghệ mới", 30, 500_000_000, ""),
    (TTLT_26, TTLT_26_FROM, TT_28_FROM - dt.timedelta(days=1), "startup", "Thành lập doanh nghiệp sản xuất CNNT tại địa bàn khó khăn", None, 10_000_000, ""),
    (TT_28, TT_28_FROM, None, "", "Tạm ứng kinh phí khuyến công", None, None, TT_28_NOTE),
    (TT_28, TT_28_FROM, None, "machinery", "Ứng dụng máy móc tiên tiến, chuyển giao công nghệ", 50, 300_000_000, TT_28_NOTE),
    (TT_28, TT_28_FROM, None, "demo_model", "Mô hình trình diễn kỹ thuật sản xuất sản phẩm mới, công nghệ mới", 30, 1_000_000_000, TT_28_NOTE),
    (TT_28, TT_28_FROM, None, "startup", "Thành lập doanh nghiệp sản xuất CNNT tại địa bàn khó khăn", None, 10_000_000, TT_28_NOTE),
]
ADVANCE_MAX_PERCENT = Decimal(70)


def add_rules(apps, schema_editor):
    SupportRule = apps.get_model("funding", "SupportRule")
    for basis, start, end, content, item, percent, amount, note in RULES:
        SupportRule.objects.get_or_create(
            legal_basis=basis,
            content_type=content,
            fund_source="national",
            province_code="",
            valid_from=start,
            defaults={
                "item": item,
                "valid_to": end,
                "max_percent": None if percent is None else Decimal(percent),
                "max_amount_vnd": amount,
                "advance_max_percent": ADVANCE_MAX_PERCENT,
                "note": note,
            },
        )


def remove_rules(apps, schema_editor):
    SupportRule = apps.get_model("funding", "SupportRule")
    SupportRule.objects.filter(legal_basis__in=[TTLT_26, TT_28], grants__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
