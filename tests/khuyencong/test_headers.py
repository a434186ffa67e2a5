"""Every response turns off the browser features the portal never uses; the visit form,
which takes its photo with the phone's camera, is the one page that may use the camera."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory, assign_area, commune

OFF = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()")


def _features(response) -> set[str]:
    return {part.strip() for part in response["Permissions-Policy"].split(",")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/login/",
        "/khong-co-trang-nay/",  # a 404
        "/static/js/forms.js",  # a static file
        "/admin/login/",
    ],
)
def test_every_response_turns_the_unused_features_off(client, url):
    response = client.get(url)
    assert set(OFF) <= _features(response), url


@pytest.mark.django_db
def test_only_the_visit_form_may_use_the_camera(client):
    collaborator = UserFactory(role=Role.COLLABORATOR)
    assign_area(collaborator, [commune("Xã Tân Yên")])
    client.force_login(collaborator)

    form = client.get(reverse("collaborators:visit_create"))
    assert form.status_code == 200
    assert 'capture="environment"' in form.content.decode()
    assert "camera=(self)" in _features(form)
    assert "camera=()" not in _features(form)
    assert {"microphone=()", "geolocation=()"} <= _features(form)

    visits = client.get(reverse("collaborators:visit_list"))
    assert "camera=()" in _features(visits)
