"""The pages of typical products, through the test client: the public gallery and
certificate check, the product register, voting rounds, the council member's score sheet
on a phone, the chair's work, certificates and complaints, and what each page costs in
queries."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.roles import Role
from localities.models import AdminUnit, DivisionType, Era
from products.models import (
    Certificate,
    Complaint,
    CouncilMember,
    Criterion,
    CriterionGroup,
    Entry,
    Product,
    ProductDocument,
    ProductPhoto,
    RoundStatus,
    ScoreSheet,
    VotingRound,
)
from products.services import open_scoring, sheet_save
from tests.factories import (
    EstablishmentFactory,
    ProductFactory,
    UserFactory,
    assign_area,
    commune,
    make_round,
    pdf_bytes,
    published_certificate,
    seat,
    this_year,
    tiny_png,
)

pytestmark = pytest.mark.django_db

YEAR = this_year()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- helpers ------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[tuple[str, str]]:
    """(level, text) of the messages shown on the page a POST was followed to."""
    assert response.redirect_chain, "post with follow=True"
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    for _level, text in shown:
        assert escape(text) in response.content.decode()
    return shown


def _levels(response) -> list[str]:
    return [level for level, _text in _messages(response)]


def _refused(response) -> str:
    """A form refused on the round page: shown again (400) with its errors and what was
    typed; returns the page."""
    assert response.status_code == 400
    html = _text(response)
    assert "invalid-feedback" in html or "alert-danger" in html or "alert-block" in html
    return html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured)


def _body(response) -> bytes:
    """The bytes of a file response. Reading them to the end closes it, as a WSGI server
    would (closing it again here would fire request_finished and drop the connection)."""
    return b"".join(response.streaming_content)


def _pdf(name="cong-van.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _elsewhere() -> AdminUnit:
    """A commune of the province other than Xã Tân Yên."""
    return (
        AdminUnit.objects.filter(
            era=Era.CURRENT, parent__code="24", division_type=DivisionType.COMMUNE
        )
        .exclude(name="Xã Tân Yên")
        .order_by("code")
        .first()
    )


def _collaborator_in(user, commune_unit):
    assign_area(user, [commune_unit])
    return user


def _certified(name, *, level="commune", issued_on=None, group=1, revoked=False, **product):
    item = ProductFactory(name=name, group=group, **product)
    return published_certificate(item, level=level, issued_on=issued_on, revoked=revoked)


def _enter(staff, voting_round, product=None) -> Entry:
    """An entry straight into the table, entered by forwarding (the entry form has its own
    test)."""
    product = product or ProductFactory()
    return Entry.objects.create(
        round=voting_round,
        product=product,
        group=product.group,
        forwarding_note="Công văn 12/UBND-KT",
        registered_by=staff,
    )


def _round_in_scoring(staff, n_entries=2, members=1, **round_fields):
    """A provincial round in scoring with `n_entries` entries, a chair and `members`
    ordinary members (all of whom score)."""
    voting_round = make_round(actor=staff, **round_fields)
    entries = [
        _enter(staff, voting_round, ProductFactory(name=f"Sản phẩm {chr(65 + i)}"))
        for i in range(n_entries)
    ]
    chair = seat(voting_round, role="chair")
    council = [seat(voting_round) for _ in range(members)]
    open_scoring(actor=staff, voting_round=voting_round)
    voting_round.refresh_from_db()
    return voting_round, entries, chair, council


def _criteria(voting_round) -> list[Criterion]:
    return list(
        Criterion.objects.filter(group__round=voting_round).order_by("group__position", "position")
    )


def _sheet_form(voting_round, ten="7,5", five="4") -> dict[str, str]:
    """Points as typed on a phone: `ten` for the 10-point criteria, `five` for the others."""
    return {f"c{c.pk}": ten if c.max_points == 10 else five for c in _criteria(voting_round)}


def _score(member, entry, ten="8", five="4"):
    points = {c.pk: Decimal(ten if c.max_points == 10 else five) for c in _criteria(entry.round)}
    return sheet_save(actor=member.user, entry=entry, points=points)


def _score_url(voting_round, entry) -> str:
    return reverse("products:score_sheet", args=[voting_round.pk, entry.pk])


def _round_url(voting_round) -> str:
    return reverse("products:round_detail", args=[voting_round.pk])


def _status(voting_round) -> str:
    return VotingRound.objects.get(pk=voting_round.pk).status


# --- the public gallery -------------------------------------------------------------------


def test_the_gallery_lists_only_certified_products(client):
    _certified("Nón lá Tân Yên")
    _certified("Gốm men rạn bị thu hồi", revoked=True)
    unpublished = _certified("Mật ong chưa công bố")
    VotingRound.objects.filter(pk=unpublished.entry.round_id).update(status=RoundStatus.CLOSED)
    ProductFactory(name="Chiếu cói chưa dự thi")

    response = client.get(reverse("products:gallery"))

    assert response.status_code == 200
    html = _text(response)
    assert html.count('data-testid="gallery-card"') == 1
    assert "Nón lá Tân Yên" in html
    for absent in ("Gốm men rạn bị thu hồi", "Mật ong chưa công bố", "Chiếu cói chưa dự thi"):
        assert absent not in html


def test_the_gallery_filters_narrow_the_list(client):
    last_year = dt.date(YEAR - 1, 6, 1)
    _certified("Nón lá Tân Yên", level="commune", group=1)
    _certified(
        "Mật ong rừng",
        level="provincial",
        group=2,
        issued_on=last_year,
        establishment=EstablishmentFactory(name="Hợp tác xã Ong Vàng"),
    )
    url = reverse("products:gallery")

    def names(**query) -> set[str]:
        html = _text(client.get(url, query))
        return {n for n in ("Nón lá Tân Yên", "Mật ong rừng") if n in html}

    assert names() == {"Nón lá Tân Yên", "Mật ong rừng"}
    assert names(level="provincial") == {"Mật ong rừng"}
    assert names(level="commune") == {"Nón lá Tân Yên"}
    assert names(group="1") == {"Nón lá Tân Yên"}
    assert names(group="2") == {"Mật ong rừng"}
    assert names(year=str(YEAR - 1)) == {"Mật ong rừng"}
    assert names(year=str(YEAR)) == {"Nón lá Tân Yên"}
    assert names(q="nón lá") == {"Nón lá Tân Yên"}
    assert names(q="Ong Vàng") == {"Mật ong rừng"}  # the establishment's name
    # Typed without accents, as on a phone, like the register's search.
    assert names(q="non la") == {"Nón lá Tân Yên"}
    assert names(q="hop tac xa ong vang") == {"Mật ong rừng"}
    assert names(q="không có") == set()
    assert names(level="national") == set()
    # Nonsense filters are ignored rather than answering an error.
    assert names(level="x", group="abc", year="20") == {"Nón lá Tân Yên", "Mật ong rừng"}


def test_the_public_product_page_shows_a_certified_product_and_hides_the_rest(client):
    certificate = _certified("Nón lá Tân Yên")
    uncertified = ProductFactory(name="Chiếu cói chưa dự thi")
    revoked = _certified("Gốm bị thu hồi", revoked=True)

    page = client.get(reverse("products:public_product", args=[certificate.entry.product_id]))
    assert page.status_code == 200
    assert "Nón lá Tân Yên" in _text(page)
    assert certificate.number in _text(page)

    for product_id in (uncertified.pk, revoked.entry.product_id, 999_999):
        response = client.get(reverse("products:public_product", args=[product_id]))
        assert response.status_code == 404


def test_photos_of_a_certified_product_are_public(client):
    certificate = _certified("Nón lá Tân Yên")
    photo = certificate.entry.product.photos.get(view="front")

    response = client.get(reverse("products:photo", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("public")
    assert _body(response).startswith(PNG_SIGNATURE)


def test_photos_of_an_uncertified_product_are_only_for_who_may_see_it(
    client, staff_user, collaborator_user
):
    photo = ProductFactory().photos.get(view="front")  # in Xã Tân Yên
    url = reverse("products:photo", args=[photo.pk])

    assert client.get(url).status_code == 404

    client.force_login(_collaborator_in(collaborator_user, _elsewhere()))
    assert client.get(url).status_code == 404

    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert _body(response).startswith(PNG_SIGNATURE)


def test_a_collaborator_sees_the_photos_of_a_product_of_their_area(client, collaborator_user):
    photo = ProductFactory().photos.get(view="side")
    client.force_login(_collaborator_in(collaborator_user, commune("Xã Tân Yên")))

    response = client.get(reverse("products:photo", args=[photo.pk]))

    assert response.status_code == 200
    _body(response)


def test_a_council_member_sees_the_photos_of_the_entries_of_their_round(
    client, staff_user, council_user
):
    _voting_round, (entry, _other), _chair, (member,) = _round_in_scoring(staff_user)
    url = reverse("products:photo", args=[entry.product.photos.get(view="top").pk])

    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200
    _body(response)

    client.force_login(council_user)  # on no council
    assert client.get(url).status_code == 404


# --- verifying a certificate --------------------------------------------------------------


def _verify_state(client, number) -> str | None:
    response = client.get(reverse("products:verify"), {"number": number})
    assert response.status_code == 200
    match = re.search(r'data-testid="verify-result" data-state="(\w+)"', _text(response))
    return match.group(1) if match else None


def test_verify_by_number_tells_valid_expired_revoked_and_unknown(client):
    valid = _certified("Nón lá Tân Yên")
    expired = _certified("Mật ong rừng", issued_on=dt.date(YEAR - 3, 3, 1))
    revoked = _certified("Gốm men rạn", revoked=True)
    unpublished = _certified("Chiếu cói")
    VotingRound.objects.filter(pk=unpublished.entry.round_id).update(status=RoundStatus.CLOSED)

    assert _verify_state(client, valid.number) == "valid"
    assert _verify_state(client, expired.number) == "expired"
    assert _verify_state(client, revoked.number) == "revoked"
    assert _verify_state(client, "999/2020/SPTB-T") == "unknown"
    assert _verify_state(client, unpublished.number) == "unknown"


def test_the_verify_page_names_the_product_of_a_valid_certificate(client):
    certificate = _certified("Nón lá Tân Yên")

    html = _text(client.get(reverse("products:verify"), {"number": certificate.number}))

    assert "Nón lá Tân Yên" in html
    assert reverse("products:public_product", args=[certificate.entry.product_id]) in html


def test_verify_ignores_case_and_surrounding_spaces(client):
    certificate = _certified("Nón lá Tân Yên")
    typed = f"  {certificate.number.lower()}  "

    assert _verify_state(client, typed) == "valid"


def test_verify_without_a_number_shows_no_result(client):
    response = client.get(reverse("products:verify"))

    assert response.status_code == 200
    assert 'data-testid="verify-result"' not in _text(response)


def test_verify_by_token_answers_200_for_a_known_token_and_404_for_an_unknown_one(client):
    certificate = _certified("Nón lá Tân Yên")

    known = client.get(reverse("products:verify_token", args=[certificate.token]))
    unknown = client.get(reverse("products:verify_token", args=["khong-co-ma-nay"]))

    assert known.status_code == 200
    assert 'data-state="valid"' in _text(known)
    assert certificate.number in _text(known)
    assert unknown.status_code == 404
    assert 'data-state="unknown"' in _text(unknown)


# --- the product register -----------------------------------------------------------------


def _product_data(establishment, **overrides) -> dict:
    data = {
        "establishment": establishment.pk,
        "name": "Nón lá làng Chuông",
        "group": "1",
        "description": "Lá cọ, vành tre, khâu tay.",
        "photo_front": tiny_png("front.png"),
        "photo_side": tiny_png("side.png"),
        "photo_top": tiny_png("top.png"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_register_a_product_with_its_three_photos(client, staff_user):
    establishment = EstablishmentFactory()
    client.force_login(staff_user)

    response = client.post(reverse("products:product_create"), _product_data(establishment))

    product = Product.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("products:product_detail", args=[product.pk])
    assert (product.name, product.group, product.establishment) == (
        "Nón lá làng Chuông",
        1,
        establishment,
    )
    assert product.created_by == staff_user
    assert sorted(product.photos.values_list("view", flat=True)) == ["front", "side", "top"]
    page = _text(client.get(response.url))
    assert "Nón lá làng Chuông" in page
    for photo in product.photos.all():
        assert reverse("products:photo", args=[photo.pk]) in page


@pytest.mark.parametrize("missing", ["photo_front", "photo_side", "photo_top"])
def test_a_product_without_one_of_the_three_photos_is_refused(client, staff_user, missing):
    client.force_login(staff_user)

    response = client.post(
        reverse("products:product_create"),
        _product_data(EstablishmentFactory(), **{missing: None}),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [missing]
    assert 'class="invalid-feedback' in _text(response)
    assert not Product.objects.exists()
    assert not ProductPhoto.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_a_photo(client, staff_user):
    client.force_login(staff_user)
    fake = SimpleUploadedFile("front.png", b"not an image at all", content_type="image/png")

    response = client.post(
        reverse("products:product_create"), _product_data(EstablishmentFactory(), photo_front=fake)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["photo_front"]
    assert not Product.objects.exists()


def test_a_collaborator_registers_products_only_for_their_area(client, collaborator_user):
    client.force_login(_collaborator_in(collaborator_user, commune("Xã Tân Yên")))
    inside = EstablishmentFactory()
    outside = EstablishmentFactory(commune=_elsewhere())

    refused = client.post(reverse("products:product_create"), _product_data(outside))

    assert refused.status_code == 200
    assert "establishment" in refused.context["form"].errors
    assert not Product.objects.exists()

    accepted = client.post(reverse("products:product_create"), _product_data(inside))

    assert accepted.status_code == 302
    assert Product.objects.get().establishment == inside


def test_a_collaborator_without_an_area_cannot_open_the_register_form(client, collaborator_user):
    client.force_login(collaborator_user)

    assert client.get(reverse("products:product_create")).status_code == 404


def test_one_of_the_three_required_photos_cannot_be_removed(client, staff_user):
    product = ProductFactory()
    front = product.photos.get(view="front")
    client.force_login(staff_user)

    response = client.post(
        reverse("products:photo_remove", args=[product.pk, front.pk]), follow=True
    )

    assert response.redirect_chain == [(product.get_absolute_url(), 302)]
    assert _levels(response) == ["error"]
    assert ProductPhoto.objects.filter(pk=front.pk).exists()
    assert product.photos.count() == 3


def test_an_extra_photo_can_be_added_and_removed(client, staff_user):
    product = ProductFactory()
    client.force_login(staff_user)

    added = client.post(
        reverse("products:photo_add", args=[product.pk]),
        {"view": "other", "image": tiny_png("extra.png")},
        follow=True,
    )
    assert _levels(added) == ["success"]
    extra = product.photos.get(view="other")

    removed = client.post(
        reverse("products:photo_remove", args=[product.pk, extra.pk]), follow=True
    )

    assert _levels(removed) == ["success"]
    assert sorted(product.photos.values_list("view", flat=True)) == ["front", "side", "top"]


def test_a_document_with_an_exe_extension_is_refused(client, staff_user):
    product = ProductFactory()
    client.force_login(staff_user)
    url = reverse("products:document_add", args=[product.pk])
    exe = SimpleUploadedFile("chung-nhan.exe", b"MZ\x90\x00", content_type="application/pdf")

    refused = client.post(url, {"kind": "quality", "title": "Chứng nhận", "file": exe}, follow=True)

    assert refused.redirect_chain == [(product.get_absolute_url(), 302)]
    assert _levels(refused) == ["error"]
    assert not ProductDocument.objects.exists()

    accepted = client.post(
        url, {"kind": "quality", "title": "Chứng nhận", "file": _pdf()}, follow=True
    )

    assert _levels(accepted) == ["success"]
    assert ProductDocument.objects.get().title == "Chứng nhận"


def test_a_document_is_downloaded_only_by_who_may_see_the_product(client, staff_user, make_user):
    product = ProductFactory()  # in Xã Tân Yên
    client.force_login(staff_user)
    client.post(
        reverse("products:document_add", args=[product.pk]),
        {"kind": "quality", "title": "Chứng nhận", "file": _pdf("chung-nhan.pdf")},
    )
    url = reverse("products:document_download", args=[ProductDocument.objects.get().pk])

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert _body(response).startswith(b"%PDF")

    client.force_login(_collaborator_in(make_user(Role.COLLABORATOR), _elsewhere()))
    assert client.get(url).status_code == 404

    client.force_login(_collaborator_in(make_user(Role.COLLABORATOR), commune("Xã Tân Yên")))
    assert client.get(url).status_code == 200

    client.logout()
    assert client.get(url).status_code == 302  # to the login page


# --- voting rounds ------------------------------------------------------------------------


def test_staff_create_a_round_with_the_standard_score_sheet(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("products:round_create"),
        {
            "level": "provincial",
            "year": str(YEAR),
            "title": "Bình chọn SPCNNTTB cấp tỉnh",
            "commune": "",
            "threshold": "70",
        },
        follow=True,
    )

    voting_round = VotingRound.objects.get()
    assert response.redirect_chain == [(_round_url(voting_round), 302)]
    assert (voting_round.level, voting_round.year, voting_round.status) == (
        "provincial",
        YEAR,
        "open",
    )
    assert CriterionGroup.objects.filter(round=voting_round).count() == 4
    assert Criterion.objects.filter(group__round=voting_round).count() == 12
    assert sorted(
        CriterionGroup.objects.filter(round=voting_round).values_list("max_points", flat=True)
    ) == [10, 10, 40, 40]
    assert _levels(response) == ["success"]
    assert "Bình chọn SPCNNTTB cấp tỉnh" in _text(response)


def test_a_commune_round_needs_its_commune(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("products:round_create"),
        {"level": "commune", "year": str(YEAR), "title": "Cấp xã", "threshold": "70"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not VotingRound.objects.exists()


@pytest.mark.parametrize("role", ["official", "council_member", "collaborator"])
def test_only_staff_create_rounds(client_for, role):
    client = client_for(role)
    data = {"level": "provincial", "year": str(YEAR), "title": "X", "threshold": "70"}

    assert client.get(reverse("products:round_create")).status_code == 404
    assert client.post(reverse("products:round_create"), data).status_code == 404
    assert not VotingRound.objects.exists()


def test_the_round_page_shows_the_entry_and_council_forms_only_while_open(client, staff_user):
    voting_round = make_round(actor=staff_user)
    client.force_login(staff_user)
    entry_action = reverse("products:entry_add", args=[voting_round.pk])
    council_action = reverse("products:council_add", args=[voting_round.pk])

    html = _text(client.get(_round_url(voting_round)))
    assert f'action="{entry_action}"' in html
    assert f'action="{council_action}"' in html
    assert 'data-testid="transition-scoring"' in html

    scoring, _entries, _chair, _council = _round_in_scoring(staff_user)
    html = _text(client.get(_round_url(scoring)))
    assert f'action="{reverse("products:entry_add", args=[scoring.pk])}"' not in html
    assert f'action="{reverse("products:council_add", args=[scoring.pk])}"' not in html
    assert 'data-testid="transition-scoring"' not in html


def test_staff_enter_a_product_with_the_communes_forwarding_letter(client, staff_user):
    voting_round = make_round(actor=staff_user)
    product = ProductFactory(name="Nón lá làng Chuông")
    client.force_login(staff_user)

    response = client.post(
        reverse("products:entry_add", args=[voting_round.pk]),
        {
            "product": product.pk,
            "nominated_from": "",
            "forwarding_note": "Công văn 12/UBND-KT ngày 03/3",
            "forwarding_file": _pdf(),
        },
        follow=True,
    )

    entry = Entry.objects.get(round=voting_round)
    assert entry.product == product
    assert entry.forwarding_note == "Công văn 12/UBND-KT ngày 03/3"
    assert entry.forwarding_document.kind == "forwarding"
    assert _levels(response) == ["success"]
    assert f'data-testid="entry-{entry.pk}"' in _text(response)


def test_an_entry_without_certificate_or_forwarding_is_refused(client, staff_user):
    voting_round = make_round(actor=staff_user)
    product = ProductFactory()
    client.force_login(staff_user)

    response = client.post(
        reverse("products:entry_add", args=[voting_round.pk]),
        {"product": product.pk, "nominated_from": "", "forwarding_note": ""},
    )

    _refused(response)
    assert not Entry.objects.exists()


def test_staff_seat_a_council_member(client, staff_user, council_user):
    voting_round = make_round(actor=staff_user)
    client.force_login(staff_user)

    response = client.post(
        reverse("products:council_add", args=[voting_round.pk]),
        {"user": council_user.pk, "role": "chair", "organisation": "Sở Công Thương"},
        follow=True,
    )

    member = CouncilMember.objects.get(round=voting_round)
    assert (member.user, member.role, member.organisation) == (
        council_user,
        "chair",
        "Sở Công Thương",
    )
    assert _levels(response) == ["success"]
    assert council_user.display_name in _text(response)


def test_a_user_without_the_council_role_is_not_seated(client, staff_user, official_user):
    voting_round = make_round(actor=staff_user)
    client.force_login(staff_user)

    response = client.post(
        reverse("products:council_add", args=[voting_round.pk]),
        {"user": official_user.pk, "role": "member", "organisation": ""},
    )

    _refused(response)
    assert not CouncilMember.objects.exists()


def _ready_to_score(staff):
    """An open round that may go to scoring: one entry, a chair and a member."""
    voting_round = make_round(actor=staff)
    _enter(staff, voting_round)
    chair = seat(voting_round, role="chair")
    member = seat(voting_round)
    return voting_round, chair, member


def test_staff_open_scoring(client, staff_user):
    voting_round, _chair, _member = _ready_to_score(staff_user)
    client.force_login(staff_user)

    response = client.post(
        reverse("products:round_transition", args=[voting_round.pk]),
        {"target": "scoring", "confirmed": "1"},
        follow=True,
    )

    assert _status(voting_round) == "scoring"
    assert _levels(response) == ["success"]
    assert 'data-testid="progress"' in _text(response)


def test_scoring_does_not_open_without_a_chair(client, staff_user):
    voting_round = make_round(actor=staff_user)
    _enter(staff_user, voting_round)
    seat(voting_round)
    client.force_login(staff_user)

    response = client.post(
        reverse("products:round_transition", args=[voting_round.pk]),
        {"target": "scoring", "confirmed": "1"},
        follow=True,
    )

    assert _levels(response) == ["error"]
    assert _status(voting_round) == "open"


def test_an_official_or_a_member_who_is_not_chair_cannot_open_scoring(
    client, staff_user, official_user
):
    voting_round, chair, member = _ready_to_score(staff_user)
    url = reverse("products:round_transition", args=[voting_round.pk])

    for user in (official_user, member.user):
        client.force_login(user)
        assert client.post(url, {"target": "scoring", "confirmed": "1"}).status_code == 404
        assert _status(voting_round) == "open"

    # The chair may see the round but opening scoring is staff's: refused with a message.
    client.force_login(chair.user)
    response = client.post(url, {"target": "scoring", "confirmed": "1"}, follow=True)
    assert _levels(response) == ["error"]
    assert _status(voting_round) == "open"


def test_a_council_member_sees_only_the_rounds_they_sit_on(client, staff_user, council_user):
    mine = make_round(actor=staff_user, title="Đợt của tôi")
    other = make_round(actor=staff_user, title="Đợt khác")
    seat(mine, user=council_user)
    client.force_login(council_user)

    listing = _text(client.get(reverse("products:round_list")))

    assert "Đợt của tôi" in listing
    assert "Đợt khác" not in listing
    assert client.get(_round_url(mine)).status_code == 200
    assert client.get(_round_url(other)).status_code == 404


# --- the score sheet ------------------------------------------------------------------------


def test_a_member_scores_an_entry_with_comma_decimals(client, staff_user):
    voting_round, (first, second), _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)
    url = _score_url(voting_round, first)

    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="score-form"' in _text(page)
    assert first.product.name in _text(page)

    response = client.post(url, _sheet_form(voting_round, ten="7,5", five="4"))

    sheet = ScoreSheet.objects.get(entry=first, member=member)
    assert sheet.total == Decimal("76.0")  # 8 x 7,5 + 4 x 4
    assert sheet.scores.count() == 12
    assert not sheet.conflict
    # On to the next entry not scored yet.
    assert response.status_code == 302
    assert response.url == _score_url(voting_round, second)


def test_a_member_corrects_their_sheet_while_scoring_is_open(client, staff_user):
    voting_round, (entry, _other), _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)
    url = _score_url(voting_round, entry)
    client.post(url, _sheet_form(voting_round, ten="7,5", five="4"))

    page = client.get(url)
    assert 'value="7,5"' in _text(page) or 'value="7.5"' in _text(page)

    client.post(url, _sheet_form(voting_round, ten="9", five="5"))

    assert ScoreSheet.objects.get(entry=entry, member=member).total == Decimal("92.0")
    assert ScoreSheet.objects.count() == 1


def test_points_above_a_criterions_maximum_are_refused(client, staff_user):
    voting_round, (entry, _other), _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)
    data = _sheet_form(voting_round)
    five_point = next(c for c in _criteria(voting_round) if c.max_points == 5)
    data[f"c{five_point.pk}"] = "5,5"

    response = client.post(_score_url(voting_round, entry), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"c{five_point.pk}"]
    assert "is-invalid" in _text(response)
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("typed", ["abc", "-1", "7,55", ""])
def test_points_that_are_not_a_valid_number_are_refused(client, staff_user, typed):
    voting_round, (entry, _other), _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)
    data = _sheet_form(voting_round)
    first = _criteria(voting_round)[0]
    data[f"c{first.pk}"] = typed

    response = client.post(_score_url(voting_round, entry), data)

    assert response.status_code == 200
    assert f"c{first.pk}" in response.context["form"].errors
    assert not ScoreSheet.objects.exists()


def test_the_score_sheet_is_only_for_members_of_the_round(client, staff_user, council_user):
    voting_round, (entry, _other), _chair, _council = _round_in_scoring(staff_user)
    url = _score_url(voting_round, entry)

    for user in (council_user, staff_user):  # a member of no council; staff
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, _sheet_form(voting_round)).status_code == 404
    assert not ScoreSheet.objects.exists()


def test_the_secretary_does_not_get_a_score_sheet(client, staff_user):
    voting_round, (entry, _other), _chair, _council = _round_in_scoring(staff_user)
    secretary = seat(voting_round, role="secretary")
    client.force_login(secretary.user)

    assert client.get(_score_url(voting_round, entry)).status_code == 404
    assert client.get(_round_url(voting_round)).status_code == 200


def test_points_are_not_taken_once_the_round_is_closed(client, staff_user):
    voting_round, (entry, _other), _chair, (member,) = _round_in_scoring(staff_user)
    VotingRound.objects.filter(pk=voting_round.pk).update(status=RoundStatus.CLOSED)
    client.force_login(member.user)

    response = client.post(_score_url(voting_round, entry), _sheet_form(voting_round), follow=True)

    assert _levels(response) == ["error"]
    assert not ScoreSheet.objects.exists()


def _sheets_table(response) -> str:
    html = _text(response)
    match = re.search(r'<table[^>]*data-testid="sheets">(.*?)</table>', html, re.S)
    assert match, "no score sheet table"
    return match.group(1)


def test_before_closing_a_member_sees_only_their_own_points(client, staff_user):
    voting_round, (entry, _other), chair, (member,) = _round_in_scoring(staff_user)
    member.user.full_name = "Lê Văn Thành Viên"
    member.user.save()
    chair.user.full_name = "Trần Thị Chủ Tịch"
    chair.user.save()
    _score(chair, entry, ten="3", five="1")  # 28
    _score(member, entry, ten="9", five="5")  # 92
    url = reverse("products:entry_detail", args=[voting_round.pk, entry.pk])
    client.force_login(member.user)

    response = client.get(url)

    assert response.status_code == 200
    table = _sheets_table(response)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    assert head.count("<th") == 2  # the criterion column and mine
    assert re.search(r"92[,.]0", table)
    assert not re.search(r"28[,.]0", table)
    assert "Trần Thị Chủ Tịch" not in _text(response)
    assert 'data-testid="entry-average"' not in _text(response)


def test_before_closing_staff_see_no_points(client, staff_user):
    voting_round, (entry, _other), chair, (member,) = _round_in_scoring(staff_user)
    _score(chair, entry, ten="3", five="1")
    _score(member, entry, ten="9", five="5")
    client.force_login(staff_user)

    response = client.get(reverse("products:entry_detail", args=[voting_round.pk, entry.pk]))

    assert response.status_code == 200
    assert 'data-testid="sheets"' not in _text(response)


def test_after_closing_every_members_sheet_is_shown(client, staff_user):
    voting_round, (entry, other), chair, (member,) = _round_in_scoring(staff_user)
    member.user.full_name = "Lê Văn Thành Viên"
    member.user.save()
    chair.user.full_name = "Trần Thị Chủ Tịch"
    chair.user.save()
    _score(chair, entry, ten="3", five="1")  # 28
    _score(member, entry, ten="9", five="5")  # 92
    for who in (chair, member):  # the round closes once each entry is scored
        _score(who, other, ten="5", five="5")
    client.force_login(chair.user)
    client.post(
        reverse("products:round_transition", args=[voting_round.pk]),
        {"target": "closed", "confirmed": "1"},
    )
    client.force_login(member.user)

    response = client.get(reverse("products:entry_detail", args=[voting_round.pk, entry.pk]))

    table = _sheets_table(response)
    assert "Trần Thị Chủ Tịch" in table
    assert "Lê Văn Thành Viên" in table
    assert re.search(r"28[,.]0", table)
    assert re.search(r"92[,.]0", table)
    average = re.search(r'data-testid="entry-average">([^<]+)<', _text(response)).group(1)
    assert re.fullmatch(r"60[,.]00", average)


def test_a_member_declares_a_conflict_and_withdraws_it(client, staff_user):
    voting_round, (entry, _other), _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)
    url = reverse("products:conflict", args=[voting_round.pk, entry.pk])
    client.post(_score_url(voting_round, entry), _sheet_form(voting_round), follow=True)

    declared = client.post(url, {"note": "Anh ruột tôi là chủ cơ sở."}, follow=True)

    sheet = ScoreSheet.objects.get(entry=entry, member=member)
    assert (sheet.conflict, sheet.conflict_note, sheet.total) == (
        True,
        "Anh ruột tôi là chủ cơ sở.",
        None,
    )
    assert not sheet.scores.exists()
    assert _levels(declared) == ["success"]
    assert declared.redirect_chain[-1][0] == _round_url(voting_round)
    # The sheet page now offers only to withdraw; points are not taken meanwhile.
    page = _text(client.get(_score_url(voting_round, entry)))
    assert 'data-testid="score-form"' not in page
    assert 'name="withdraw"' in page

    withdrawn = client.post(url, {"withdraw": "1"}, follow=True)

    assert not ScoreSheet.objects.filter(entry=entry, member=member).exists()
    assert _levels(withdrawn) == ["success"]
    assert withdrawn.redirect_chain[-1][0] == _score_url(voting_round, entry)
    assert 'data-testid="score-form"' in _text(withdrawn)


def test_a_conflict_needs_a_note(client, staff_user):
    voting_round, (entry, _other), _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)

    response = client.post(
        reverse("products:conflict", args=[voting_round.pk, entry.pk]), {"note": " "}, follow=True
    )

    assert _levels(response) == ["error"]
    assert not ScoreSheet.objects.exists()


# --- the chair, results and certificates --------------------------------------------------


def test_the_chair_follows_the_progress_of_scoring(client, staff_user):
    voting_round, (first, second, third), chair, (member, other) = _round_in_scoring(
        staff_user, n_entries=3, members=2
    )
    _score(member, first)
    _score(member, second)
    _score(other, first)
    client.force_login(other.user)
    client.post(reverse("products:conflict", args=[voting_round.pk, third.pk]), {"note": "Họ hàng"})
    client.force_login(chair.user)

    html = _text(client.get(_round_url(voting_round)))

    assert 'data-testid="progress"' in html
    missing = dict(re.findall(r'data-testid="missing-(\d+)">(\d+)<', html))
    assert missing == {str(chair.pk): "3", str(member.pk): "1", str(other.pk): "1"}
    assert 'data-testid="transition-closed"' in html
    # States only: no points on the progress table.
    assert not re.search(r"8\d[,.]0", html)


def test_an_ordinary_member_does_not_see_the_progress_table(client, staff_user):
    voting_round, _entries, _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)

    html = _text(client.get(_round_url(voting_round)))

    assert 'data-testid="my-sheets"' in html
    assert 'data-testid="progress"' not in html
    assert 'data-testid="transition-closed"' not in html


def test_an_ordinary_member_cannot_close_the_round(client, staff_user):
    voting_round, _entries, _chair, (member,) = _round_in_scoring(staff_user)
    client.force_login(member.user)

    response = client.post(
        reverse("products:round_transition", args=[voting_round.pk]),
        {"target": "closed", "confirmed": "1"},
    )

    assert response.status_code == 404
    assert _status(voting_round) == "scoring"


def _closed_by_chair(client, staff, totals=((80, 84), (60, 64))):
    """A round scored (chair, member per entry) and closed by its chair on the page."""
    voting_round, entries, chair, (member,) = _round_in_scoring(staff, n_entries=len(totals))
    for entry, (by_chair, by_member) in zip(entries, totals, strict=True):
        for who, total in ((chair, by_chair), (member, by_member)):
            # 8 criteria of 10 and 4 of 5: `total` = 8 x ten + 4 x five.
            ten = Decimal(total - 20) / 8
            _score(who, entry, ten=str(ten), five="5")
    client.force_login(chair.user)
    response = client.post(
        reverse("products:round_transition", args=[voting_round.pk]),
        {"target": "closed", "confirmed": "1"},
        follow=True,
    )
    return voting_round, entries, chair, response


def test_the_chair_closes_the_round_and_the_averages_are_computed(client, staff_user):
    voting_round, (good, weak), _chair, response = _closed_by_chair(client, staff_user)

    assert _status(voting_round) == "closed"
    assert _levels(response) == ["success"]
    good.refresh_from_db()
    weak.refresh_from_db()
    assert (good.average_score, good.scorer_count, good.recognised) == (Decimal("82.00"), 2, True)
    assert (weak.average_score, weak.recognised) == (Decimal("62.00"), False)
    averages = re.findall(r'data-testid="average">([^<]+?) <', _text(response))
    assert [re.sub(r"[,.]", ".", a) for a in averages] == ["82.00", "62.00"]
    assert f'data-testid="award-{good.pk}"' in _text(response)
    assert f'data-testid="award-{weak.pk}"' not in _text(response)


def test_the_chair_records_the_awards_and_staff_publish(client, staff_user):
    voting_round, (good, _weak), _chair, _response = _closed_by_chair(client, staff_user)

    awarded = client.post(
        reverse("products:awards", args=[voting_round.pk]), {"entry": [good.pk]}, follow=True
    )
    assert _levels(awarded) == ["success"]
    assert list(Entry.objects.filter(awarded=True)) == [good]

    client.force_login(staff_user)
    published = client.post(
        reverse("products:publish", args=[voting_round.pk]),
        {"decision_number": "125/QĐ-UBND", "decision_date": _today().isoformat(), "confirmed": "1"},
        follow=True,
    )

    assert _status(voting_round) == "published"
    assert _levels(published) == ["success"]
    certificate = Certificate.objects.get()
    assert certificate.entry == good
    assert certificate.number == f"001/{YEAR}/SPTB-T"
    assert certificate.decision_number == "125/QĐ-UBND"
    numbers = re.findall(r'data-testid="certificate-number">([^<]+)<', _text(published))
    assert numbers == [certificate.number]
    # The product is now in the public gallery.
    assert good.product.name in _text(client.get(reverse("products:gallery")))


def test_a_recognised_entry_is_needed_for_a_certificate(client, staff_user):
    voting_round, (good, weak), _chair, _response = _closed_by_chair(client, staff_user)

    response = client.post(
        reverse("products:awards", args=[voting_round.pk]),
        {"entry": [good.pk, weak.pk]},
        follow=True,
    )

    assert _levels(response) == ["error"]
    assert not Entry.objects.filter(awarded=True).exists()


def test_publishing_needs_a_decision_number_and_is_for_staff(client, staff_user):
    voting_round, (good, _weak), _chair, _response = _closed_by_chair(client, staff_user)
    client.post(
        reverse("products:awards", args=[voting_round.pk]), {"entry": [good.pk]}, follow=True
    )
    url = reverse("products:publish", args=[voting_round.pk])
    data = {
        "decision_number": "125/QĐ-UBND",
        "decision_date": _today().isoformat(),
        "confirmed": "1",
    }

    assert client.post(url, data).status_code == 404  # the chair
    client.force_login(staff_user)
    missing = client.post(url, {**data, "decision_number": ""})
    future = _today() + dt.timedelta(days=2)
    later = client.post(url, {**data, "decision_date": future.isoformat()})

    _refused(missing)
    assert future.isoformat() in _refused(later)  # what was typed is kept
    assert _status(voting_round) == "closed"
    assert not Certificate.objects.exists()


def test_the_certificate_pdf_is_for_staff_and_officials(client, staff_user, make_user):
    voting_round, (good, _weak), chair, _response = _closed_by_chair(client, staff_user)
    client.post(
        reverse("products:awards", args=[voting_round.pk]), {"entry": [good.pk]}, follow=True
    )
    client.force_login(staff_user)
    client.post(
        reverse("products:publish", args=[voting_round.pk]),
        {"decision_number": "125/QĐ-UBND", "decision_date": _today().isoformat(), "confirmed": "1"},
    )
    certificate = Certificate.objects.get()
    url = reverse("products:certificate_pdf", args=[certificate.pk])
    assert url in _text(client.get(_round_url(voting_round)))

    for user in (staff_user, make_user(Role.OFFICIAL)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")

    collaborator = _collaborator_in(make_user(Role.COLLABORATOR), commune("Xã Tân Yên"))
    for user in (chair.user, make_user(Role.COUNCIL_MEMBER), collaborator):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- complaints ---------------------------------------------------------------------------


def _published_round(published_on=None):
    certificate = _certified("Nón lá Tân Yên", level="provincial")
    voting_round = certificate.entry.round
    VotingRound.objects.filter(pk=voting_round.pk).update(published_on=published_on or _today())
    voting_round.refresh_from_db()
    return voting_round


def _complaint_data(received_on, **overrides) -> dict:
    data = {
        "complainant": "Ông Nguyễn Văn A",
        "contact": "0912 345 678",
        "entry": "",
        "received_on": received_on.isoformat(),
        "content": "Điểm của sản phẩm tôi bị chấm thấp.",
    }
    data.update(overrides)
    return data


def test_staff_record_a_complaint_within_the_window(client, staff_user):
    voting_round = _published_round()
    entry = voting_round.entries.get()
    client.force_login(staff_user)

    response = client.post(
        reverse("products:complaint_record", args=[voting_round.pk]),
        _complaint_data(_today(), entry=entry.pk),
        follow=True,
    )

    complaint = Complaint.objects.get()
    assert (complaint.round, complaint.entry, complaint.received_on) == (
        voting_round,
        entry,
        _today(),
    )
    assert complaint.recorded_by == staff_user
    assert _levels(response) == ["success"]
    assert "Ông Nguyễn Văn A" in _text(response)


def test_a_complaint_outside_the_window_is_refused(client, staff_user):
    voting_round = _published_round(published_on=_today() - dt.timedelta(days=60))
    client.force_login(staff_user)

    late = client.post(
        reverse("products:complaint_record", args=[voting_round.pk]),
        _complaint_data(_today()),
    )
    early = client.post(
        reverse("products:complaint_record", args=[voting_round.pk]),
        _complaint_data(voting_round.published_on - dt.timedelta(days=1)),
    )

    _refused(early)
    deadline = voting_round.complaint_deadline.strftime("%d/%m/%Y")
    assert deadline in _refused(late)
    assert not Complaint.objects.exists()


def test_the_chair_answers_a_complaint(client, staff_user):
    voting_round = _published_round()
    chair = seat(voting_round, role="chair")
    member = seat(voting_round)
    complaint = Complaint.objects.create(
        round=voting_round,
        complainant="Ông Nguyễn Văn A",
        content="Điểm thấp.",
        received_on=_today(),
        recorded_by=staff_user,
    )
    url = reverse("products:complaint_answer", args=[complaint.pk])

    client.force_login(member.user)
    assert client.post(url, {"answer": "Giữ nguyên"}).status_code == 404

    client.force_login(chair.user)
    page = _text(client.get(_round_url(voting_round)))
    assert f'action="{url}"' in page
    response = client.post(url, {"answer": "Hội đồng giữ nguyên kết quả."}, follow=True)

    complaint.refresh_from_db()
    assert (complaint.answer, complaint.answered_by, complaint.answered_on) == (
        "Hội đồng giữ nguyên kết quả.",
        chair.user,
        _today(),
    )
    assert _levels(response) == ["success"]
    assert "Hội đồng giữ nguyên kết quả." in _text(response)
    assert f'action="{url}"' not in _text(response)


# --- what the pages cost ------------------------------------------------------------------


def test_the_gallery_costs_the_same_whatever_the_number_of_products(client):
    url = reverse("products:gallery")
    for n in range(2):
        _certified(f"Sản phẩm đầu {n}")
    few = _count(client, url)
    for n in range(10):
        _certified(f"Sản phẩm sau {n}", group=1 + n % 4)
    many = _count(client, url)
    html = _text(client.get(url))
    assert html.count('data-testid="gallery-card"') == 12
    print(f"gallery: {few} queries with 2 products, {many} with 12")
    # Anonymous: the paginator's count, the certificates, their products' photos, and
    # nothing per card.
    assert few == many <= 8


def test_the_round_page_costs_the_same_whatever_the_number_of_entries(client, staff_user):
    small, *_ = _round_in_scoring(staff_user, n_entries=2, members=2)
    large, entries, _chair, council = _round_in_scoring(staff_user, n_entries=10, members=2)
    for entry in entries[:4]:
        _score(council[0], entry)
    client.force_login(staff_user)
    few = _count(client, _round_url(small))
    many = _count(client, _round_url(large))
    html = _text(client.get(_round_url(large)))
    assert 'data-testid="progress"' in html
    assert html.count('data-testid="entry-') == 10
    print(f"round page (staff, scoring): {few} queries with 2 entries, {many} with 10")
    assert few == many <= 16


def test_the_chairs_round_page_costs_the_same_whatever_the_number_of_entries(client, staff_user):
    small, _e, small_chair, _c = _round_in_scoring(staff_user, n_entries=2)
    large, _e, large_chair, _c = _round_in_scoring(staff_user, n_entries=10)
    client.force_login(small_chair.user)
    few = _count(client, _round_url(small))
    client.force_login(large_chair.user)
    many = _count(client, _round_url(large))
    print(f"round page (chair, scoring): {few} queries with 2 entries, {many} with 10")
    assert few == many <= 16


def test_the_score_sheet_costs_the_same_whatever_the_number_of_entries(client, staff_user):
    small, small_entries, _chair, (small_member,) = _round_in_scoring(staff_user, n_entries=2)
    large, large_entries, _chair, (large_member,) = _round_in_scoring(staff_user, n_entries=10)
    _score(small_member, small_entries[0])
    _score(large_member, large_entries[0])
    client.force_login(small_member.user)
    few = _count(client, _score_url(small, small_entries[0]))
    client.force_login(large_member.user)
    many = _count(client, _score_url(large, large_entries[0]))
    print(f"score sheet: {few} queries in a round of 2 entries, {many} in one of 10")
    assert few == many <= 14


def test_the_entry_page_after_closing_costs_the_same_whatever_the_council(client, staff_user):
    small, (s_entry, _o), s_chair, s_council = _round_in_scoring(staff_user, members=1)
    large, (l_entry, _o), l_chair, l_council = _round_in_scoring(staff_user, members=5)
    for member in (s_chair, *s_council):
        _score(member, s_entry)
    for member in (l_chair, *l_council):
        _score(member, l_entry)
    VotingRound.objects.filter(pk__in=[small.pk, large.pk]).update(status=RoundStatus.CLOSED)
    client.force_login(staff_user)
    few = _count(client, reverse("products:entry_detail", args=[small.pk, s_entry.pk]))
    many = _count(client, reverse("products:entry_detail", args=[large.pk, l_entry.pk]))
    print(f"entry page (closed): {few} queries with 2 sheets, {many} with 6")
    assert few == many


def test_the_open_round_page_costs_the_same_whatever_the_number_of_entries(client, staff_user):
    small = make_round(actor=staff_user)
    large = make_round(actor=staff_user)
    for voting_round, n in ((small, 2), (large, 10)):
        for _ in range(n):
            _enter(staff_user, voting_round)
        ProductFactory.create_batch(n)  # eligible, offered by the entry form
        for _ in range(n):
            seat(voting_round)
            UserFactory(role=Role.COUNCIL_MEMBER)  # offered by the council form
    client.force_login(staff_user)
    few = _count(client, _round_url(small))
    many = _count(client, _round_url(large))
    print(f"round page (staff, open): {few} queries with 2 entries, {many} with 10")
    assert few == many <= 16


def test_the_published_round_page_costs_the_same_whatever_the_number_of_certificates(
    client, staff_user
):
    rounds = []
    for n in (2, 10):
        first = _certified(f"Đầu {n}", level="provincial")
        voting_round = first.entry.round
        for i in range(n - 1):
            other = _certified(f"Sau {n} {i}", level="provincial")
            Entry.objects.filter(pk=other.entry_id).update(round=voting_round)
        for i in range(n):
            Complaint.objects.create(
                round=voting_round,
                entry=voting_round.entries.first(),
                complainant=f"Người {i}",
                content="Điểm thấp.",
                received_on=_today(),
                recorded_by=staff_user,
            )
        rounds.append(voting_round)
    make_round(actor=staff_user, level="regional")  # a round to nominate to
    client.force_login(staff_user)
    few = _count(client, _round_url(rounds[0]))
    many = _count(client, _round_url(rounds[1]))
    html = _text(client.get(_round_url(rounds[1])))
    assert html.count('data-testid="certificate-number"') == 10
    print(f"round page (staff, published): {few} queries with 2 certificates, {many} with 10")
    assert few == many <= 16


# --- more of the round ----------------------------------------------------------------------


def test_staff_create_a_commune_round_for_its_commune(client, staff_user):
    tan_yen = commune("Xã Tân Yên")
    client.force_login(staff_user)

    client.post(
        reverse("products:round_create"),
        {
            "level": "commune",
            "year": str(YEAR),
            "title": "Bình chọn cấp xã Tân Yên",
            "commune": tan_yen.pk,
            "threshold": "70",
        },
    )

    voting_round = VotingRound.objects.get()
    assert (voting_round.level, voting_round.commune) == ("commune", tan_yen)


def test_a_council_has_one_chair(client, staff_user, make_user):
    voting_round = make_round(actor=staff_user)
    seat(voting_round, role="chair")
    second = make_user(Role.COUNCIL_MEMBER)
    client.force_login(staff_user)

    response = client.post(
        reverse("products:council_add", args=[voting_round.pk]),
        {"user": second.pk, "role": "chair", "organisation": ""},
    )

    _refused(response)
    assert not CouncilMember.objects.filter(user=second).exists()


def test_staff_adjust_the_score_sheet_until_scoring_opens(client, staff_user):
    voting_round, _chair, _member = _ready_to_score(staff_user)
    criterion = _criteria(voting_round)[0]
    url = reverse("products:round_criteria", args=[voting_round.pk])
    client.force_login(staff_user)

    response = client.post(
        url,
        {
            "action": "criterion_save",
            "criterion": criterion.pk,
            "group": criterion.group_id,
            "name": "Nhu cầu thị trường",
            "max_points": "12",
            "guidance": "",
        },
        follow=True,
    )

    criterion.refresh_from_db()
    assert (criterion.name, criterion.max_points) == ("Nhu cầu thị trường", 12)
    assert _levels(response) == ["success"]
    # The group now adds up to 42 of its 40 points: the sheet shows the problem and
    # scoring does not open.
    assert "alert-warning" in _text(response)
    opened = client.post(
        reverse("products:round_transition", args=[voting_round.pk]),
        {"target": "scoring", "confirmed": "1"},
        follow=True,
    )
    assert _levels(opened) == ["error"]
    assert _status(voting_round) == "open"

    client.post(
        url,
        {
            "action": "criterion_save",
            "criterion": criterion.pk,
            "group": criterion.group_id,
            "name": "Nhu cầu thị trường",
            "max_points": "10",
            "guidance": "",
        },
    )
    client.post(
        reverse("products:round_transition", args=[voting_round.pk]),
        {"target": "scoring", "confirmed": "1"},
    )
    assert _status(voting_round) == "scoring"
    fixed = client.post(
        url,
        {
            "action": "criterion_delete",
            "criterion": criterion.pk,
            "group": criterion.group_id,
        },
    )
    assert fixed.status_code == 404
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_the_standard_score_sheet_is_in_the_portals_language(client, staff_user):
    """The sheet is data, seeded from the catalogue: its names must be extractable."""
    voting_round = make_round(actor=staff_user)
    client.force_login(staff_user)

    html = _text(client.get(reverse("products:round_criteria", args=[voting_round.pk])))

    assert "Cultural identity and tradition" not in html
    assert "Market demand and import substitution" not in html


def test_staff_revoke_a_certificate_and_it_leaves_the_gallery(client, staff_user):
    certificate = _certified("Nón lá Tân Yên", level="provincial")
    client.force_login(staff_user)
    url = reverse("products:certificate_revoke", args=[certificate.pk])

    refused = client.post(url, {"reason": " "}, follow=True)
    assert _levels(refused) == ["error"]
    response = client.post(url, {"reason": "Sản phẩm không còn sản xuất."}, follow=True)

    assert _levels(response) == ["success"]
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Sản phẩm không còn sản xuất."
    client.logout()
    assert "Nón lá Tân Yên" not in _text(client.get(reverse("products:gallery")))
    by_token = client.get(reverse("products:verify_token", args=[certificate.token]))
    assert by_token.status_code == 200
    assert 'data-state="revoked"' in _text(by_token)
    assert "Sản phẩm không còn sản xuất." in _text(by_token)


def test_an_official_cannot_revoke_a_certificate(client, official_user):
    certificate = _certified("Nón lá Tân Yên", level="provincial")
    client.force_login(official_user)

    response = client.post(
        reverse("products:certificate_revoke", args=[certificate.pk]), {"reason": "Sai"}
    )

    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_staff_nominate_a_commune_certificate_to_the_provincial_round(client, staff_user):
    certificate = _certified("Nón lá Tân Yên", level="commune")
    provincial = make_round(actor=staff_user, title="Cấp tỉnh năm nay")
    client.force_login(staff_user)
    page = _text(client.get(_round_url(certificate.entry.round)))
    assert reverse("products:certificate_nominate", args=[certificate.pk]) in page

    response = client.post(
        reverse("products:certificate_nominate", args=[certificate.pk]),
        {"voting_round": provincial.pk},
        follow=True,
    )

    entry = Entry.objects.get(round=provincial)
    assert (entry.product, entry.nominated_from) == (certificate.entry.product, certificate)
    assert response.redirect_chain[-1][0] == _round_url(provincial)
    assert _levels(response) == ["success"]


# --- found in review ----------------------------------------------------------------------


def test_a_product_page_hides_rounds_the_user_does_not_sit_on(client, staff_user):
    """A product entered in rounds A (closed, not published) and B: a member of B sees
    only B; nobody outside A sees A's average before publication."""
    voting_round_a, (entry_a, other_a), chair_a, (member_a,) = _round_in_scoring(staff_user)
    for who in (chair_a, member_a):
        for entry in (entry_a, other_a):
            _score(who, entry, ten="9", five="5")
    client.force_login(chair_a.user)
    client.post(
        reverse("products:round_transition", args=[voting_round_a.pk]),
        {"target": "closed", "confirmed": "1"},
    )
    round_b = make_round(actor=staff_user, title="Đợt B")
    _enter(staff_user, round_b, entry_a.product)
    outsider = seat(round_b)
    client.force_login(outsider.user)

    page = _text(client.get(reverse("products:product_detail", args=[entry_a.product.pk])))

    assert "Đợt B" in page
    assert voting_round_a.title not in page
    client.force_login(staff_user)  # staff see both, with A's average once closed
    page = _text(client.get(reverse("products:product_detail", args=[entry_a.product.pk])))
    assert voting_round_a.title in page
    assert re.search(r"92[,.]00", page)


def test_a_certificate_keeps_what_it_was_issued_for(client, staff_user):
    certificate = published_certificate(ProductFactory(name="Nón lá bài thơ"))
    product = certificate.entry.product
    client.force_login(staff_user)
    client.post(
        reverse("products:product_identity", args=[product.pk]),
        {
            "name": "Tên khác",
            "group": 1,
            "establishment": product.establishment_id,
            "reason": "Cơ sở đổi nhãn hiệu",
        },
    )
    product.refresh_from_db()
    assert product.name == "Tên khác"

    page = _text(client.get(reverse("products:verify_token", args=[certificate.token])))

    assert "Nón lá bài thơ" in page
    assert "Tên khác" not in page


def test_a_dossier_under_scoring_cannot_change(client, staff_user):
    _voting_round, (entry, _other), _chair, _members = _round_in_scoring(staff_user)
    client.force_login(staff_user)

    response = client.post(
        reverse("products:product_update", args=[entry.product.pk]),
        {"name": "Đổi tên giữa chừng", "group": 1, "description": "Mô tả"},
    )

    assert response.status_code == 200  # the form again, with the refusal
    entry.product.refresh_from_db()
    assert entry.product.name != "Đổi tên giữa chừng"


@pytest.mark.parametrize("query", ["group=²", "year=²²²²", "group=99999999999999999999"])
def test_odd_digits_in_the_gallery_filters_are_ignored(client, query):
    assert client.get(reverse("products:gallery") + "?" + query).status_code == 200


def test_odd_ids_in_the_awards_are_ignored(client, staff_user):
    voting_round, (good, _weak), _chair, _response = _closed_by_chair(client, staff_user)
    client.force_login(staff_user)
    response = client.post(
        reverse("products:awards", args=[voting_round.pk]),
        {"entry": ["²", "9" * 40, str(good.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    good.refresh_from_db()
    assert good.awarded


# --- query counts of the lists ------------------------------------------------------------


def test_the_product_list_costs_the_same_for_2_and_for_20_products(client, staff_user):
    client.force_login(staff_user)
    url = reverse("products:product_list")
    ProductFactory.create_batch(2)
    few = _count(client, url)
    ProductFactory.create_batch(18)
    assert _count(client, url) == few <= 8


def test_the_round_list_costs_the_same_for_2_and_for_12_rounds(client, staff_user):
    client.force_login(staff_user)
    url = reverse("products:round_list")
    for _ in range(2):
        make_round(actor=staff_user, level="commune")
    few = _count(client, url)
    for _ in range(10):
        make_round(actor=staff_user, level="commune")
    assert _count(client, url) == few <= 8
