import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """UserFactory(role=Role.OFFICIAL) -> a user in that role's group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password(TEST_PASSWORD)
    role = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        role = kwargs.pop("role", None)
        if role == Role.CENTER_STAFF:
            kwargs.setdefault("is_staff", True)
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user
