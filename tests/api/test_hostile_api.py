"""Hostile input to the API's filters and cursors, the open data downloads and the
page that issues tokens: never a 500, nothing written on refusal."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.models import ApiClient
from tests.api.conftest import make_caller
from tests.security.test_hostile_input import (
    ANY_PARAM,
    BAD_TEXT,
    CHOICES,
    IDS,
    ODD_TEXT,
    _urlencoded,
    few,
    get,
    omit,
    received,
    rolled_back,
)

pytestmark = pytest.mark.django_db

FILTERS = {
    "/api/v1/establishments/": ("commune", "legal_form", "sector", "verified", "updated_after"),
    "/api/v1/projects/": ("year", "status", "fund_source", "content", "commune", "updated_after"),
    "/api/v1/plans/": ("year", "status", "fund_source", "updated_after"),
    "/api/v1/products/": ("commune", "establishment", "group", "updated_after"),
    "/api/v1/certificates/": ("year", "level", "commune", "product", "updated_after"),
    "/api/v1/localities/": ("era", "level", "parent", "code"),
}


@pytest.fixture
def caller(db):
    return make_caller("center_staff")


@few
@given(data=st.data())
@pytest.mark.parametrize("url", sorted(FILTERS))
def test_api_filters_and_cursors_never_fail(caller, url, data):
    names = (*FILTERS[url], "cursor", "page_size")
    query = {name: data.draw(st.one_of(ANY_PARAM, omit()), label=name) for name in names}
    with rolled_back():
        response = caller.http.get(
            f"{url}?{_urlencoded(query)}", HTTP_AUTHORIZATION=f"Bearer {caller.token}"
        )
        assert response.status_code in (200, 400, 404), response.status_code


@few
@given(year=st.one_of(st.sampled_from(IDS + CHOICES + BAD_TEXT), st.text(max_size=20)))
@pytest.mark.parametrize("url", ["/opendata/projects.csv", "/opendata/projects.json"])
def test_open_data_years_never_fail(client, url, year):
    response = get(client, url, {"year": year})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        b"".join(response.streaming_content)


@few
@given(
    # What the server receives (a lone surrogate arrives as U+FFFD).
    name=st.one_of(st.sampled_from(BAD_TEXT + ODD_TEXT), st.text(max_size=120)).map(received),
    scope=st.sampled_from(["official", "public", "collaborator", "center_staff", *CHOICES]),
    acts_as=st.sampled_from(["", *IDS]),
    personal=st.sampled_from(["", "on", "\x00"]),
)
def test_the_token_form_never_fails_and_writes_nothing_when_it_refuses(
    client, staff_user, name, scope, acts_as, personal
):
    client.force_login(staff_user)
    with rolled_back():
        before = ApiClient.objects.count()
        response = client.post(
            "/api-clients/",
            {"name": name, "scope": scope, "acts_as": acts_as, "personal_data": personal},
        )
        assert response.status_code == 200
        created = ApiClient.objects.count() - before
        assert created == (1 if "token" in response.context else 0)
