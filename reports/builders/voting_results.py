"""Voting results: a round's entries with their scores and certificates (scores only
once the round has closed)."""

from django.utils import translation
from django.utils.translation import gettext as _

from core.spreadsheets import COUNT, DECIMAL, SheetColumn
from products.models import Entry, ProductGroup, VotingRound

from .common import Progress, Sheet, noop


def voting_results_sheets(*, round_id: int, progress: Progress = noop) -> list[Sheet]:
    voting_round = VotingRound.objects.filter(pk=round_id).first()
    if voting_round is None:
        raise ValueError(_("The voting round of this report no longer exists."))
    visible = voting_round.status in ("closed", "published")
    entries = (
        Entry.objects.filter(round=voting_round)
        .select_related("product__establishment__commune", "certificate")
        .order_by("group", "rank", "product__name")
    )
    with translation.override("vi"):
        groups = {k: str(v) for k, v in ProductGroup.choices}

    def rows():
        for e in entries.iterator(chunk_size=1000):
            certificate = getattr(e, "certificate", None)
            yield [
                groups.get(e.group, e.group),
                e.product.name,
                e.product.establishment.name,
                e.product.establishment.commune.name,
                float(e.average_score) if visible and e.average_score is not None else None,
                e.scorer_count if visible else None,
                e.rank if visible else None,
                ("Đạt" if e.recognised else "Không đạt") if visible else "",
                certificate.number if certificate else "",
            ]

    return [
        Sheet(
            "Kết quả bình chọn",
            [
                SheetColumn("Nhóm", 34),
                SheetColumn("Sản phẩm", 36),
                SheetColumn("Cơ sở", 32),
                SheetColumn("Xã, phường", 22),
                SheetColumn("Điểm trung bình", 11, DECIMAL),
                SheetColumn("Số thành viên chấm", 11, COUNT),
                SheetColumn("Thứ hạng", 9, COUNT),
                SheetColumn("Kết quả", 11),
                SheetColumn("Số giấy chứng nhận", 18),
            ],
            rows(),
            frozen_columns=2,
        )
    ]
