"""The API writes plain fields straight from their attribute (api.serializers.Plain):
every resource answers exactly what DRF's own way of reading fields answers."""

import pytest

from api.serializers import Plain
from tests.api import builders
from tests.factories import ProductFactory, published_certificate

pytestmark = pytest.mark.django_db

PATHS = (
    "/api/v1/establishments/",
    "/api/v1/projects/",
    "/api/v1/plans/",
    "/api/v1/products/",
    "/api/v1/certificates/",
    "/api/v1/localities/?level=commune",
)


def _drf_way(self, instance):
    return super(Plain, self).to_representation(instance)


@pytest.mark.parametrize("personal", [False, True])
@pytest.mark.parametrize("scope", ["center_staff", "collaborator"])
def test_every_resource_answers_what_drf_would(api_for, monkeypatch, scope, personal):
    builders.projects(2)
    builders.plans(1)
    builders.household()
    published_certificate(ProductFactory())
    caller = api_for(scope, personal=personal)
    paths = [*PATHS]
    first = caller.get("/api/v1/projects/").json()["results"]
    assert first, "the scene has projects"
    paths.append(f"/api/v1/projects/{first[0]['id']}/")
    fast = {path: caller.get(path).json() for path in paths}
    monkeypatch.setattr(Plain, "to_representation", _drf_way)
    for path in paths:
        assert caller.get(path).json() == fast[path], path
    assert any(fast[path].get("results") for path in PATHS)


def test_a_dictionary_is_read_the_drf_way():
    from api.serializers import SuccessionSerializer

    serializer = SuccessionSerializer()
    row = {"new_id": 5, "is_default": True}
    assert serializer.to_representation(row) == super(Plain, serializer).to_representation(row)
