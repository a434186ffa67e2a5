"""Representative links: matched at sign-in or confirmed by the center; the
establishment_user role follows the confirmed links."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.roles import Role, user_roles
from establishments.models import LinkedVia, Representative, RepresentativeStatus
from establishments.selectors import representative_queue, represented_establishments
from establishments.services import (
    establishment_candidates,
    representative_confirm,
    representative_end,
    representative_link,
    representative_request,
)
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

FACTS = {"name": "Nguyễn Văn An", "identity_number": "024090001234"}


def _fresh(user):
    # A new object, as the next request would load it: roles are cached on the user.
    return type(user).objects.get(pk=user.pk)


def test_candidates_match_tax_code_and_owner_identity_exactly():
    company = EstablishmentFactory(legal_form="enterprise", tax_code="2400123456")
    household = EstablishmentFactory(owner_identity_number="024090001234")
    EstablishmentFactory(tax_code="2400123457")
    assert list(establishment_candidates(tax_code="2400 123 456")) == [company]
    assert list(establishment_candidates(identity_number="024090001234")) == [household]
    assert list(establishment_candidates(tax_code="", identity_number=None)) == []


def test_candidates_skip_archived_and_merged_records():
    from django.utils import timezone

    EstablishmentFactory(tax_code="2400123456", archived_at=timezone.now())
    assert not establishment_candidates(tax_code="2400123456").exists()


def test_exact_match_confirms_at_once_and_gives_the_role():
    person = UserFactory()
    household = EstablishmentFactory(owner_identity_number="024090001234")
    link = representative_request(
        user=person, establishment=household, via=LinkedVia.OIDC, facts=FACTS, exact=True
    )
    assert link.status == RepresentativeStatus.CONFIRMED
    assert link.exact_match
    assert link.facts["name"] == "Nguyễn Văn An"
    assert Role.ESTABLISHMENT_USER in user_roles(_fresh(person))
    assert list(represented_establishments(person)) == [household]
    assert [e.to_status for e in link.events.all()] == ["pending", "confirmed"]


def test_a_claimed_match_the_register_denies_waits_for_the_center():
    person = UserFactory()
    other = EstablishmentFactory(owner_identity_number="024090009999")
    link = representative_request(
        user=person, establishment=other, via=LinkedVia.OIDC, facts=FACTS, exact=True
    )
    assert link.status == RepresentativeStatus.PENDING
    assert Role.ESTABLISHMENT_USER not in user_roles(_fresh(person))
    assert not represented_establishments(person).exists()


def test_staff_confirm_a_pending_link_and_end_it(staff_user):
    person = UserFactory()
    establishment = EstablishmentFactory()
    link = representative_request(
        user=person, establishment=establishment, via=LinkedVia.OIDC, facts=FACTS, exact=False
    )
    assert list(representative_queue(staff_user)) == [link]
    link = representative_confirm(link, by=staff_user)
    assert link.confirmed_by == staff_user
    assert link.confirmed_at
    assert Role.ESTABLISHMENT_USER in user_roles(_fresh(person))
    assert not representative_queue(staff_user).exists()
    with pytest.raises(ValidationError):
        representative_end(link, by=staff_user, reason="  ")
    link = representative_end(link, by=staff_user, reason="Đã chuyển nhượng cơ sở")
    assert link.status == RepresentativeStatus.ENDED
    assert link.ended_by == staff_user
    assert Role.ESTABLISHMENT_USER not in user_roles(_fresh(person))
    assert not represented_establishments(person).exists()


def test_the_role_stays_while_another_link_is_confirmed(staff_user):
    person = UserFactory()
    first = representative_link(actor=staff_user, user=person, establishment=EstablishmentFactory())
    representative_link(actor=staff_user, user=person, establishment=EstablishmentFactory())
    assert represented_establishments(person).count() == 2
    representative_end(first, by=staff_user, reason="Không còn đại diện")
    assert Role.ESTABLISHMENT_USER in user_roles(_fresh(person))
    assert represented_establishments(person).count() == 1


def test_only_center_staff_confirm_and_end(collaborator_user, official_user):
    person = UserFactory()
    link = representative_request(
        user=person, establishment=EstablishmentFactory(), via="oidc", facts={}, exact=False
    )
    for actor in (collaborator_user, official_user, person):
        with pytest.raises(PermissionDenied):
            representative_confirm(link, by=actor)
        with pytest.raises(PermissionDenied):
            representative_end(link, by=actor, reason="x")
        with pytest.raises(PermissionDenied):
            representative_link(actor=actor, user=person, establishment=link.establishment)


def test_asking_twice_keeps_one_live_link_and_a_new_one_after_the_end(staff_user):
    person = UserFactory()
    establishment = EstablishmentFactory()
    first = representative_request(
        user=person, establishment=establishment, via="oidc", facts={}, exact=False
    )
    again = representative_request(
        user=person, establishment=establishment, via="oidc", facts={}, exact=False
    )
    assert again.pk == first.pk
    representative_end(first, by=staff_user, reason="Không phải chủ cơ sở")
    later = representative_request(
        user=person, establishment=establishment, via="oidc", facts={}, exact=False
    )
    assert later.pk != first.pk
    assert Representative.objects.filter(user=person).count() == 2


def test_the_database_refuses_two_live_links():
    person = UserFactory()
    establishment = EstablishmentFactory()
    Representative.objects.create(user=person, establishment=establishment, linked_via="staff")
    with pytest.raises(IntegrityError), transaction.atomic():
        Representative.objects.create(user=person, establishment=establishment, linked_via="oidc")


def test_a_confirmed_link_cannot_be_confirmed_again(staff_user):
    link = representative_link(
        actor=staff_user, user=UserFactory(), establishment=EstablishmentFactory()
    )
    with pytest.raises(ValidationError):
        representative_confirm(link, by=staff_user)


# --- the staff's screens ----------------------------------------------------------


def test_staff_confirm_from_the_queue(client, staff_user):
    person = UserFactory(full_name="Trần Thị Bình")
    establishment = EstablishmentFactory(name="Cơ sở mây tre Bình")
    link = representative_request(
        user=person, establishment=establishment, via="oidc", facts=FACTS, exact=False
    )
    client.force_login(staff_user)
    page = client.get(reverse("establishments:representative_queue"))
    assert "Trần Thị Bình" in page.text
    assert "024090001234" in page.text
    response = client.post(
        reverse("establishments:representative_decide", args=[link.pk]),
        {"target": "confirmed", "next": reverse("establishments:representative_queue")},
        follow=True,
    )
    assert "Trần Thị Bình" in response.text  # the success message names the person
    assert f'data-testid="representative-{link.pk}"' not in response.text  # off the queue
    link.refresh_from_db()
    assert link.status == RepresentativeStatus.CONFIRMED


def test_staff_end_a_link_from_the_establishment_page_needs_a_reason(client, staff_user):
    link = representative_link(
        actor=staff_user, user=UserFactory(), establishment=EstablishmentFactory()
    )
    client.force_login(staff_user)
    detail = reverse("establishments:detail", args=[link.establishment_id])
    assert f'data-testid="end-{link.pk}"' in client.get(detail).text
    url = reverse("establishments:representative_decide", args=[link.pk])
    client.post(url, {"target": "ended", "reason": ""})
    link.refresh_from_db()
    assert link.status == RepresentativeStatus.CONFIRMED
    response = client.post(url, {"target": "ended", "reason": "Đã bán cơ sở"})
    assert response["Location"] == detail
    link.refresh_from_db()
    assert link.status == RepresentativeStatus.ENDED
    assert link.end_reason == "Đã bán cơ sở"


def test_the_queue_costs_the_same_for_many_links(client, staff_user, django_assert_max_num_queries):
    for _ in range(12):
        representative_request(
            user=UserFactory(),
            establishment=EstablishmentFactory(),
            via="oidc",
            facts=FACTS,
            exact=False,
        )
    client.force_login(staff_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("establishments:representative_queue")).status_code == 200
