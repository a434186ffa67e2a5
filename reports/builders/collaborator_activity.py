"""Collaborator activity: field visits and establishments registered, per collaborator
and month."""

from django.db.models import Count

from core.spreadsheets import COUNT, SheetColumn
from establishments.models import Establishment, FieldVisit

from .common import Progress, Sheet, noop


def collaborator_activity_sheets(*, year: int, progress: Progress = noop) -> list[Sheet]:
    """Per collaborator and month of a year: field visits and establishments registered."""
    from django.db.models.functions import ExtractMonth

    visits = (
        FieldVisit.objects.filter(visited_on__year=year)
        .annotate(month=ExtractMonth("visited_on"))
        .values("collaborator_id", "collaborator__full_name", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    registered = (
        Establishment.objects.filter(
            created_at__year=year, registered_by__collaborator__isnull=False
        )
        .annotate(month=ExtractMonth("created_at"))
        .values(
            "registered_by__collaborator__id", "registered_by__collaborator__full_name", "month"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Keyed by the collaborator, not the name: two people may share a name.
    table: dict[tuple[str, int, int], list[int]] = {}
    for row in visits:
        key = (row["collaborator__full_name"], row["collaborator_id"], row["month"])
        table.setdefault(key, [0, 0])[0] += row["n"]
    progress(50)
    for row in registered:
        key = (
            row["registered_by__collaborator__full_name"],
            row["registered_by__collaborator__id"],
            row["month"],
        )
        table.setdefault(key, [0, 0])[1] += row["n"]
    rows = [
        [name, f"{month:02d}/{year}", *counts]
        for (name, _pk, month), counts in sorted(table.items())
    ]
    return [
        Sheet(
            f"Cộng tác viên {year}",
            [
                SheetColumn("Cộng tác viên", 30),
                SheetColumn("Tháng", 10),
                SheetColumn("Lượt thăm cơ sở", 14, COUNT),
                SheetColumn("Cơ sở đăng ký mới", 14, COUNT),
            ],
            rows,
            frozen_columns=1,
        )
    ]
