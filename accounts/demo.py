"""Demo users, one per role. Known passwords exist only on a DEBUG machine."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import OidcIdentity, User
from accounts.roles import Role

DEMO_PASSWORD = "khuyencong-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str | None
    is_staff: bool = False
    is_superuser: bool = False
    # Recorded by the administrator: the province's sign-on links this account at the
    # person's first sign-in there (KHUYENCONG_OIDC_*, docs/DEPLOYMENT.md).
    identity_number: str = ""


DEMO_USERS = (
    DemoUser("admin", "Quản trị hệ thống", None, is_staff=True, is_superuser=True),
    DemoUser(
        "canbo", "Nguyễn Thị Lan", Role.CENTER_STAFF, is_staff=True, identity_number="027186000101"
    ),
    # A second pair of staff eyes: payments are approved by someone other than their author.
    DemoUser("ketoan", "Đỗ Minh Châu", Role.CENTER_STAFF, is_staff=True),
    DemoUser("ctv", "Trần Văn Minh", Role.COLLABORATOR),
    DemoUser("chuyenvien", "Lê Hoàng Nam", Role.OFFICIAL, identity_number="027088000202"),
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
                "identity_number": spec.identity_number,
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
    users.append(_signed_in_through_vneid(stdout))
    return users


# A household business owner who signed in through the national provider and confirmed
# what it said: an account with no password, its identity linked. No establishment of
# the register matched, so it has no establishment role until the center links one.
VNEID_FACTS = {
    "sub": "demo-vneid-0001",
    "name": "Nguyễn Văn Bình",
    "identity_number": "027079000303",
    "birthdate": "1979-08-21",
    "phone": "0987654321",
    "address": "Thôn Đông, xã Tiên Du, tỉnh Bắc Ninh",
    "acr": "LoA2",
}


def _signed_in_through_vneid(stdout) -> User:
    user, created = User.objects.get_or_create(
        username="coso.vneid",
        defaults={
            "full_name": VNEID_FACTS["name"],
            "phone": VNEID_FACTS["phone"],
            "identity_number": VNEID_FACTS["identity_number"],
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    OidcIdentity.objects.get_or_create(
        provider="vneid",
        subject=VNEID_FACTS["sub"],
        defaults={"user": user, "claims": VNEID_FACTS},
    )
    if stdout is not None:
        stdout.write(
            f"  user coso.vneid (signs in through VNeID): {'created' if created else 'kept'}"
        )
    return user
