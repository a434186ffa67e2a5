"""Demo users, one per role. Known passwords exist only on a DEBUG machine."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "khuyencong-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str | None
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "Quản trị hệ thống", None, is_staff=True, is_superuser=True),
    DemoUser("canbo", "Nguyễn Thị Lan", Role.CENTER_STAFF, is_staff=True),
    # A second pair of staff eyes: payments are approved by someone other than their author.
    DemoUser("ketoan", "Đỗ Minh Châu", Role.CENTER_STAFF, is_staff=True),
    DemoUser("ctv", "Trần Văn Minh", Role.COLLABORATOR),
    DemoUser("chuyenvien", "Lê Hoàng Nam", Role.OFFICIAL),
    DemoUser("hoidong", "Phạm Thu Hà", Role.COUNCIL_MEMBER),
    # Two more council members: a voting round needs several to score.
    DemoUser("hoidong2", "Vũ Đức Thắng", Role.COUNCIL_MEMBER),
    DemoUser("hoidong3", "Hoàng Thị Mai", Role.COUNCIL_MEMBER),
)


@transaction.atomic
def load(*, stdout=None) -> list[User]:
    from django.contrib.auth.models import Group

    users = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "full_name": spec.full_name,
                "email": f"{spec.username}@khuyencong.local",
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if spec.role:
            user.groups.add(Group.objects.get(name=spec.role))
        users.append(user)
        if stdout is not None:
            state = "created" if created else "kept"
            stdout.write(f"  user {spec.username} ({spec.role or 'superuser'}): {state}")
    return users
