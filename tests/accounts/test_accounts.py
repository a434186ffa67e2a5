from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from accounts.roles import (
    ROLE_PERMISSIONS,
    Role,
    has_role,
    is_center_staff,
    is_collaborator,
    sync_role_groups,
    user_roles,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_four_role_groups_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    staff = Group.objects.get(name=Role.CENTER_STAFF)
    codenames = {f"{p.content_type.app_label}.{p.codename}" for p in staff.permissions.all()}
    assert codenames == set(ROLE_PERMISSIONS[Role.CENTER_STAFF])


def test_sync_removes_a_permission_granted_by_hand():
    group = Group.objects.get(name=Role.COLLABORATOR)
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    sync_role_groups()
    assert not group.permissions.filter(codename="delete_user").exists()


def test_role_helpers(make_user, django_assert_num_queries):
    collaborator = make_user(Role.COLLABORATOR)
    fresh = User.objects.get(pk=collaborator.pk)
    with django_assert_num_queries(1):  # asked many times, fetched once
        assert is_collaborator(fresh)
        assert not is_center_staff(fresh)
        assert has_role(fresh, Role.OFFICIAL, Role.COLLABORATOR)
        assert user_roles(fresh) == {Role.COLLABORATOR}
    superuser = make_user(None, is_superuser=True)
    assert is_center_staff(superuser)


def test_login_and_logout(client, make_user):
    user = make_user(Role.OFFICIAL)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)
    client.post(reverse("accounts:logout"))
    assert SESSION_KEY not in client.session


def test_login_page_speaks_vietnamese(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page


def test_password_change_keeps_the_session_and_checks_strength(client, make_user):
    user = make_user(Role.COLLABORATOR)
    client.force_login(user)
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    body = weak.content.decode()
    assert "Mật khẩu quá ngắn. Nó phải chứa ít nhất 10 ký tự." in body
    assert "Mật khẩu này hoàn toàn là số." in body
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    new = "mat-khau-moi-rat-dai-2026"
    ok = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "Đã đổi mật khẩu." in ok.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)


def test_demo_users_one_per_role(settings):
    settings.DEBUG = True
    from establishments.models import Establishment, SupportRequest

    call_command("load_demo", stdout=StringIO())
    counts = (User.objects.count(), Establishment.objects.count(), SupportRequest.objects.count())
    call_command("load_demo", stdout=StringIO())  # a second run adds nothing
    assert counts == (
        User.objects.count(),
        Establishment.objects.count(),
        SupportRequest.objects.count(),
    )
    for role in Role.values:
        assert User.objects.filter(groups__name=role).exists()
    assert User.objects.get(username="admin").is_superuser
    assert counts[1] > 10
    assert counts[2] > 5
    archived = Establishment.objects.filter(archived_at__isnull=False)
    assert archived.count() == 1  # the archive has an example
    assert archived.get().history.filter(history_change_reason__contains="lưu trữ").exists()
    # What happened to their things, told by the demo's own events.
    from notifications.models import Notification

    for username in ("canbo", "ctv"):
        assert Notification.objects.filter(recipient__username=username, in_app=True).exists()


def test_demo_data_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("load_demo")
    assert not User.objects.filter(username="admin").exists()


@pytest.fixture
def roles_cache(settings):
    from django.core.cache import cache

    settings.KHUYENCONG_ROLES_CACHE_SECONDS = 300  # as with Redis
    cache.clear()
    yield
    cache.clear()


def test_roles_are_cached_across_requests_and_forgotten_when_groups_change(
    roles_cache, make_user, django_assert_num_queries
):
    user = make_user(Role.CENTER_STAFF)
    assert is_center_staff(User.objects.get(pk=user.pk))  # read once, then cached
    fresh = User.objects.get(pk=user.pk)  # a new request's user
    with django_assert_num_queries(0):
        assert is_center_staff(fresh)

    staff_group = Group.objects.get(name=Role.CENTER_STAFF)
    user.groups.remove(staff_group)  # taken off the staff: effective at once
    assert not is_center_staff(User.objects.get(pk=user.pk))

    staff_group.user_set.add(user)  # from the group's side too
    assert is_center_staff(User.objects.get(pk=user.pk))
    staff_group.user_set.clear()
    assert not is_center_staff(User.objects.get(pk=user.pk))


def test_roles_still_answer_when_the_cache_is_down(roles_cache, make_user, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    user = make_user(Role.OFFICIAL)
    assert user_roles(User.objects.get(pk=user.pk)) == {Role.OFFICIAL}
