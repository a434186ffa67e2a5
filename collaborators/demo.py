"""Demo collaborators and their rosters: last year's, this year's (in force) and a
draft for next year, so areas and coverage show both eras of communes."""

import datetime as dt

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import Role
from collaborators import services
from collaborators.models import Collaborator, CollaboratorRoster, RosterMembership
from localities.models import AdminUnit
from localities.selectors import configured_province

# 2025 communes of Bắc Ninh: the first ones were in Bắc Giang before 07/2025.
AREAS = {
    "ctv": ["Xã Tân Yên", "Phường Việt Yên", "Xã Đồng Kỳ", "Phường Từ Sơn", "Phường Đồng Nguyên"],
    "ctv2": ["Xã Lục Nam", "Xã Lục Ngạn", "Phường Chũ", "Phường Phù Khê"],
}
LAST_YEAR_AREAS = {"ctv": ["Xã Tân Yên", "Xã Nhã Nam", "Phường Từ Sơn"]}


def _communes(names: list[str]) -> list[AdminUnit]:
    province = configured_province()
    return list(AdminUnit.objects.filter(parent=province, name__in=names))


def _roster(year, number, approved, areas, staff) -> CollaboratorRoster:
    roster, created = CollaboratorRoster.objects.get_or_create(
        year=year,
        decision_number=number,
        defaults={
            "decision_date": dt.date(year - 1, 12, 20),
            "signed_by": "Giám đốc Sở Công Thương",
        },
    )
    if created:
        for username, names in areas.items():
            services.roster_membership_save(
                actor=staff,
                membership=RosterMembership(
                    roster=roster,
                    collaborator=Collaborator.objects.get(user__username=username),
                ),
                communes=_communes(names),
            )
        if approved:
            roster = services.roster_approve(actor=staff, roster=roster)
    return roster


@transaction.atomic
def load(*, stdout=None) -> None:
    ctv2, created = User.objects.get_or_create(
        username="ctv2", defaults={"full_name": "Đỗ Thị Hoa", "email": "ctv2@khuyencong.local"}
    )
    if created:
        ctv2.set_password(DEMO_PASSWORD)
        ctv2.save(update_fields=["password"])
    ctv2.groups.add(Group.objects.get(name=Role.COLLABORATOR))
    for user, phone, place in (
        (User.objects.get(username="ctv"), "0912345678", "UBND xã Tân Yên"),
        (ctv2, "0987654321", "UBND xã Lục Nam"),
    ):
        Collaborator.objects.get_or_create(
            user=user,
            defaults={"full_name": user.full_name, "phone": phone, "workplace": place},
        )
    staff = User.objects.get(username="canbo")
    year = timezone.localdate().year
    _roster(year - 1, f"45/QĐ-SCT-{year - 1}", True, LAST_YEAR_AREAS, staff)
    _roster(year, f"12/QĐ-SCT-{year}", True, AREAS, staff)
    _roster(year + 1, f"DT/{year + 1}", False, AREAS, staff)
    if stdout is not None:
        stdout.write(
            f"  collaborators ctv, ctv2 (password {DEMO_PASSWORD}); rosters {year - 1}-{year + 1}"
        )
