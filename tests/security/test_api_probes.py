"""Object probes over the data exchange API: each detail endpoint, asked by a client
whose scope does not reach the object, answers 404 (never 403, never the object), and
the object is missing from that client's list; a client whose scope reaches it gets it
(the probe has teeth). Without a token: 401. The scoping is the pages' selectors, so
these are the page probes' scenes seen through tokens."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.api.conftest import ApiCaller, make_caller
from tests.factories import (
    EstablishmentFactory,
    ProductFactory,
    ProjectFactory,
    published_certificate,
)

pytestmark = pytest.mark.django_db

HERE, ELSEWHERE = "Xã Tân Yên", "Xã Lục Nam"  # the factories build in Tân Yên

CALLERS: dict[str, Callable[[], ApiCaller]] = {
    "public": lambda: make_caller("public"),
    "collaborator-in-area": lambda: make_caller("collaborator", area=HERE),
    "collaborator-elsewhere": lambda: make_caller("collaborator", area=ELSEWHERE),
    "official": lambda: make_caller("official"),
    "center-staff": lambda: make_caller("center_staff"),
}


def _establishment() -> int:
    return EstablishmentFactory().pk


def _archived_establishment() -> int:
    from establishments.services import establishment_archive
    from tests.factories import UserFactory

    staff = UserFactory(role="center_staff")
    return establishment_archive(
        actor=staff, establishment=EstablishmentFactory(), reason="Ngừng sản xuất"
    ).pk


def _project() -> int:
    project = ProjectFactory()
    project.beneficiaries.add(EstablishmentFactory())
    return project.pk


def _plan() -> int:
    from projects.models import AnnualPlan

    plan = AnnualPlan.objects.create(year=2061, fund_source="local")
    plan.items.create(project=ProjectFactory(), amount_vnd=1)
    return plan.pk


def _product() -> int:
    return ProductFactory(photos=[]).pk


def _unpublished_certificate() -> int:
    certificate = published_certificate(ProductFactory(photos=[]))
    certificate.entry.round.status = "closed"
    certificate.entry.round.save(update_fields=["status"])
    return certificate.pk


def _revoked_certificate() -> int:
    return published_certificate(ProductFactory(photos=[]), revoked=True).pk


def _locality() -> int:
    from localities.models import AdminUnit

    return AdminUnit.objects.get(era="2025", level="province", code="24").pk


@dataclass(frozen=True)
class ApiProbe:
    build: Callable[[], int]
    outsiders: tuple[str, ...]  # get 404 on the detail, and no such row in their list
    insider: str


ELSEWHERE_AND_PUBLIC = ("public", "collaborator-elsewhere")

PROBES: dict[tuple[str, str], ApiProbe] = {
    ("api:establishment-detail", ""): ApiProbe(
        _establishment, ELSEWHERE_AND_PUBLIC, "collaborator-in-area"
    ),
    # Out of the register: staff alone open an archived record (as on the pages).
    ("api:establishment-detail", "archived"): ApiProbe(
        _archived_establishment, ("public", "collaborator-in-area", "official"), "center-staff"
    ),
    ("api:project-detail", ""): ApiProbe(_project, ELSEWHERE_AND_PUBLIC, "collaborator-in-area"),
    ("api:plan-detail", ""): ApiProbe(_plan, ("public", "collaborator-in-area"), "official"),
    ("api:product-detail", ""): ApiProbe(_product, ELSEWHERE_AND_PUBLIC, "collaborator-in-area"),
    ("api:certificate-detail", "unpublished"): ApiProbe(
        _unpublished_certificate, ("public", "collaborator-in-area"), "official"
    ),
    ("api:certificate-detail", "revoked"): ApiProbe(
        _revoked_certificate, ("public", "collaborator-in-area"), "center-staff"
    ),
    # Administrative units are public facts: every client reads them; only no token fails.
    ("api:locality-detail", ""): ApiProbe(_locality, (), "public"),
}


def _list_url(name: str) -> str:
    return reverse(name.replace("-detail", "-list"))


def _ids(caller: ApiCaller, url: str, **params) -> set[int]:
    body = caller.get(url, {"page_size": 500, **params}).json()
    return {row["id"] for row in body["results"]}


def _cases():
    for (name, variant), probe in PROBES.items():
        for kind in probe.outsiders:
            label = f"{name}[{variant}]" if variant else name
            yield pytest.param(name, variant, kind, id=f"{label}-{kind}")


@pytest.mark.parametrize(("name", "variant", "kind"), list(_cases()))
def test_a_client_out_of_scope_gets_404_and_no_row_in_its_list(name, variant, kind):
    pk = PROBES[name, variant].build()
    caller = CALLERS[kind]()
    response = caller.get(reverse(name, kwargs={"pk": pk}))
    assert response.status_code == 404, f"{kind} on {name}: {response.status_code}"
    assert pk not in _ids(caller, _list_url(name))


@pytest.mark.parametrize(("name", "variant"), list(PROBES))
def test_the_insider_gets_the_object_and_finds_it_in_its_list(name, variant):
    probe = PROBES[name, variant]
    pk = probe.build()
    caller = CALLERS[probe.insider]()
    response = caller.get(reverse(name, kwargs={"pk": pk}))
    assert response.status_code == 200, f"{probe.insider} on {name}: {response.status_code}"
    assert response.json()["id"] == pk
    if variant != "archived":  # archived records leave the lists, for staff too
        narrow = {"level": "province", "era": "2025"} if name == "api:locality-detail" else {}
        assert pk in _ids(caller, _list_url(name), **narrow)


@pytest.mark.parametrize(("name", "variant"), list(PROBES))
def test_without_a_token_every_object_is_401(name, variant):
    pk = PROBES[name, variant].build()
    assert Client().get(reverse(name, kwargs={"pk": pk})).status_code == 401


def test_a_non_numeric_or_huge_id_is_404_not_an_error():
    caller = make_caller("center_staff")
    assert caller.get("/api/v1/projects/abc/").status_code == 404
    assert caller.get(f"/api/v1/projects/{10**30}/").status_code == 404


def test_every_api_url_with_an_object_argument_has_a_probe():
    api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "api")

    def names(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern.url_patterns)
            elif pattern.pattern.regex.groupindex:
                yield f"api:{pattern.name}"

    found = set(names(api.url_patterns))
    assert found, "no API detail URL found"
    assert found == {name for name, _variant in PROBES}
