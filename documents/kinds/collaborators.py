"""The decision recognising the collaborators of a roster."""

from documents.kinds.base import CIRCULAR_46, DECREE_45, KindSpec
from documents.models import ObjectType, TypeAbbreviation


def roster_context(roster) -> dict:
    memberships = roster.memberships.select_related("collaborator").prefetch_related("communes")
    rows = [
        {
            "index": index,
            "name": m.collaborator.full_name,
            "workplace": m.collaborator.workplace,
            "communes": ", ".join(c.name for c in m.communes.all()),
        }
        for index, m in enumerate(memberships.order_by("collaborator__full_name"), start=1)
    ]
    return {"year": roster.year, "member_count": len(rows), "rows": rows}


SPECS = (
    KindSpec(
        code="roster_decision",
        abbreviation=TypeAbbreviation.DECISION,
        type_name="QUYẾT ĐỊNH",
        title="Quyết định công nhận cộng tác viên khuyến công",
        object_type=ObjectType.ROSTER,
        subject=lambda roster: f"Về việc công nhận cộng tác viên khuyến công năm {roster.year}",
        context=roster_context,
        legal_bases=(DECREE_45, CIRCULAR_46),
        recipients=("Như Điều 2", "Ủy ban nhân dân các xã, phường"),
    ),
)
