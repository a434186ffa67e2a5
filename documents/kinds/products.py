"""The decision recognising the typical rural industrial products of a published
voting round."""

from django.apps import apps

from documents.kinds.base import DECREE_45, LEVEL, KindSpec
from documents.models import ObjectType, TypeAbbreviation


def recognition_context(voting_round) -> dict:
    Certificate = apps.get_model("products", "Certificate")
    certificates = (
        Certificate.objects.filter(entry__round=voting_round, revoked_at__isnull=True)
        .select_related("entry")
        .order_by("sequence")
    )
    rows = [
        {
            "index": index,
            "product": c.product_name,
            "establishment": c.establishment_name,
            "certificate": c.number,
            "points": getattr(c.entry, "total", "") or "",
        }
        for index, c in enumerate(certificates, start=1)
    ]
    return {
        "year": voting_round.year,
        "level": LEVEL.get(voting_round.level, ""),
        "round_title": voting_round.title,
        "product_count": len(rows),
        "rows": rows,
    }


SPECS = (
    KindSpec(
        code="recognition_decision",
        abbreviation=TypeAbbreviation.DECISION,
        type_name="QUYẾT ĐỊNH",
        title="Quyết định công nhận sản phẩm công nghiệp nông thôn tiêu biểu",
        object_type=ObjectType.VOTING_ROUND,
        subject=lambda r: (
            f"Về việc công nhận sản phẩm công nghiệp nông thôn tiêu biểu năm {r.year}"
        ),
        context=recognition_context,
        legal_bases=(
            DECREE_45,
            "Căn cứ Thông tư số 26/2014/TT-BCT ngày 28 tháng 8 năm 2014 của Bộ trưởng Bộ "
            "Công Thương quy định về việc tổ chức bình chọn sản phẩm công nghiệp nông "
            "thôn tiêu biểu",
        ),
        recipients=("Như Điều 2", "Sở Công Thương (để báo cáo)"),
        applies=lambda r: r.status == "published",
    ),
)
