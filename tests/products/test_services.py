"""The rules of a typical-product round, through the services a user's click reaches: who
may enter which product, the bounds of a score sheet, conflicts of interest, points hidden
until the round closes, results, certificates and their verification, complaints and the
council."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from localities.models import AdminUnit, DivisionType, Era
from localities.models import Level as UnitLevel
from products import selectors, services
from products.models import (
    Certificate,
    Complaint,
    Criterion,
    DocumentKind,
    Entry,
    RoundStatus,
    Score,
    ScoreSheet,
    VotingRound,
)
from tests.factories import (
    EstablishmentFactory,
    ProductFactory,
    UserFactory,
    commune,
    make_round,
    published_certificate,
    seat,
)

pytestmark = pytest.mark.django_db


# --- helpers ------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _forwarding(note="Công văn 12/UBND-KT ngày 03/3") -> dict:
    letter = SimpleUploadedFile("cong-van.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    return {"forwarding_note": note, "forwarding_file": letter}


def _enter(staff, voting_round, product=None, **how):
    """Enter a product; at provincial level by forwarding unless told otherwise."""
    product = product or ProductFactory()
    if voting_round.level == "provincial" and not how:
        how = _forwarding()
    return services.entry_add(actor=staff, voting_round=voting_round, product=product, **how)


def _criteria(voting_round) -> list[Criterion]:
    return list(
        Criterion.objects.filter(group__round=voting_round).order_by("group__position", "position")
    )


def _points(voting_round, total) -> dict[int, Decimal]:
    """Points adding up to `total`: criteria filled to their maximum in order."""
    remaining = Decimal(str(total))
    points = {}
    for criterion in _criteria(voting_round):
        points[criterion.pk] = min(remaining, Decimal(criterion.max_points))
        remaining -= points[criterion.pk]
    assert remaining == 0
    return points


def _score(member, entry, total):
    return services.sheet_save(actor=member.user, entry=entry, points=_points(entry.round, total))


def _scoring(staff, scores, *, groups=None, threshold=70, year=None):
    """A provincial round in scoring. `scores`: per entry, the totals of the chair and the
    members in order (None: that member has not scored it)."""
    voting_round = make_round(actor=staff, threshold=threshold, year=year)
    groups = groups or [1] * len(scores)
    entries = [_enter(staff, voting_round, ProductFactory(group=g)) for g in groups]
    council = [seat(voting_round, role="chair")]
    council += [seat(voting_round) for _ in range(len(scores[0]) - 1)]
    services.open_scoring(actor=staff, voting_round=voting_round)
    for entry, totals in zip(entries, scores, strict=True):
        for member, total in zip(council, totals, strict=True):
            if total is not None:
                _score(member, entry, total)
    return voting_round, entries, council


def _close(actor, voting_round) -> list[Entry]:
    services.close_round(actor=actor, voting_round=voting_round)
    return list(Entry.objects.filter(round=voting_round).order_by("id"))


def _published(staff, totals=(80, 75), decision_date=dt.date(2026, 1, 5)):
    """A round whose every entry (one per total, scored alike by chair and member) is
    recognised, awarded and published."""
    voting_round, _entries, _council = _scoring(
        staff, [(t, t) for t in totals], year=decision_date.year
    )
    entries = _close(staff, voting_round)
    services.awards_set(actor=staff, voting_round=voting_round, entry_ids=[e.pk for e in entries])
    number = "125/QĐ-UBND"
    return services.publish_round(
        actor=staff, voting_round=voting_round, decision_number=number, decision_date=decision_date
    )


def _keys(refused) -> set[str]:
    return set(refused.value.message_dict)


# --- entries --------------------------------------------------------------------------------


def test_a_product_can_be_entered_on_every_database(staff_user):
    voting_round = make_round(actor=staff_user)
    entry = services.entry_add(
        actor=staff_user, voting_round=voting_round, product=ProductFactory(), **_forwarding()
    )
    assert list(voting_round.entries.all()) == [entry]


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.COLLABORATOR, Role.COUNCIL_MEMBER])
def test_only_center_staff_enter_products(role, staff_user):
    voting_round = make_round(actor=staff_user)
    with pytest.raises(PermissionDenied):
        _enter(UserFactory(role=role), voting_round)
    assert not Entry.objects.exists()


def test_a_ward_of_a_centrally_run_city_is_eligible_only_inside_a_craft_village(staff_user):
    hanoi = AdminUnit.objects.select_related("parent").filter(era=Era.CURRENT, parent__code="01")
    ward = hanoi.filter(level=UnitLevel.COMMUNE, division_type=DivisionType.WARD)[0]
    voting_round = make_round(actor=staff_user)
    outside = ProductFactory(establishment=EstablishmentFactory(commune=ward))
    with pytest.raises(ValidationError) as refused:
        _enter(staff_user, voting_round, outside)
    assert outside.establishment.name in " ".join(refused.value.messages)

    village = EstablishmentFactory(commune=ward, craft_village="Làng gốm Bát Tràng")
    assert _enter(staff_user, voting_round, ProductFactory(establishment=village))


@pytest.mark.parametrize("flaw", ["merged establishment", "two photos"])
def test_a_merged_establishment_or_a_dossier_with_two_photos_is_refused(flaw, staff_user):
    if flaw == "two photos":
        product = ProductFactory(photos=("front", "side"))
    else:
        merged = EstablishmentFactory(merged_into=EstablishmentFactory())
        product = ProductFactory(establishment=merged)
    named = product.name if flaw == "two photos" else product.establishment.name
    with pytest.raises(ValidationError) as refused:
        _enter(staff_user, make_round(actor=staff_user), product)
    assert named in " ".join(refused.value.messages)


def test_a_commune_round_takes_only_products_of_its_commune(staff_user):
    voting_round = make_round(level="commune", actor=staff_user)
    province = AdminUnit.objects.filter(era=Era.CURRENT, parent__code="24")
    elsewhere = province.filter(division_type=DivisionType.COMMUNE).exclude(name="Xã Tân Yên")[0]
    stranger = ProductFactory(establishment=EstablishmentFactory(commune=elsewhere))
    with pytest.raises(ValidationError) as refused:
        _enter(staff_user, voting_round, stranger)
    assert "Xã Tân Yên" in " ".join(refused.value.messages)

    local = ProductFactory(establishment=EstablishmentFactory(commune=commune("Xã Tân Yên")))
    assert _enter(staff_user, voting_round, local).round == voting_round


def test_a_provincial_round_takes_a_valid_commune_certificate_of_the_same_product(staff_user):
    product = ProductFactory()
    certificate = published_certificate(product, level="commune")
    entry = services.nominate(
        actor=staff_user, certificate=certificate, voting_round=make_round(actor=staff_user)
    )
    assert (entry.product, entry.nominated_from) == (product, certificate)
    assert entry.forwarding_document is None


def test_a_provincial_round_takes_the_communes_forwarding_letter_instead(staff_user):
    product = ProductFactory(group=2)
    entry = _enter(staff_user, make_round(actor=staff_user), product, **_forwarding(" CV 12 "))
    product.group = 3  # the entry keeps the group the product had when it entered
    product.save()
    entry.refresh_from_db()
    assert (entry.group, entry.nominated_from) == (2, None)
    assert entry.forwarding_note == "CV 12"
    assert entry.forwarding_document.kind == DocumentKind.FORWARDING
    assert entry.forwarding_document.product == entry.product


@pytest.mark.parametrize("missing", ["forwarding_note", "forwarding_file"])
def test_a_forwarding_needs_both_the_letter_and_its_note(missing, staff_user):
    how = _forwarding() | {missing: "" if missing == "forwarding_note" else None}
    with pytest.raises(ValidationError) as refused:
        _enter(staff_user, make_round(actor=staff_user), **how)
    assert _keys(refused) == {"forwarding_note"}
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("level", "below", "wrong"),
    [("regional", "provincial", "commune"), ("national", "regional", "provincial")],
)
def test_higher_rounds_need_a_certificate_of_the_level_below_and_no_forwarding_will_do(
    level, below, wrong, staff_user
):
    voting_round = make_round(level=level, actor=staff_user)
    product = ProductFactory()
    for how in (_forwarding(), {"nominated_from": published_certificate(product, level=wrong)}):
        with pytest.raises(ValidationError) as refused:
            _enter(staff_user, voting_round, product, **how)
        assert _keys(refused) == {"nominated_from"}
    right = published_certificate(product, level=below)
    assert _enter(staff_user, voting_round, product, nominated_from=right).nominated_from == right


@pytest.mark.parametrize(
    "flaw", ["none", "of another product", "revoked", "of an unpublished round"]
)
def test_a_provincial_entry_without_a_commune_certificate_that_stands_is_refused(flaw, staff_user):
    product = ProductFactory()
    holder = ProductFactory() if flaw == "of another product" else product
    certificate = published_certificate(holder, revoked=flaw == "revoked")
    if flaw == "none":
        certificate = None
    elif flaw == "of an unpublished round":
        VotingRound.objects.filter(pk=certificate.entry.round_id).update(status=RoundStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        _enter(staff_user, make_round(actor=staff_user), product, nominated_from=certificate)
    assert _keys(refused) == {"nominated_from"}
    assert not Entry.objects.filter(round__status=RoundStatus.OPEN).exists()


def test_a_certificate_expires_on_31_december_of_the_third_year(staff_user):
    """Issued in year Y, valid to 31/12 of Y+2: one issued on 1 January two years ago is
    still good; one issued on 31 December three years ago has expired."""
    year = _today().year
    voting_round = make_round(actor=staff_user)
    old = ProductFactory()
    expired = published_certificate(old, issued_on=dt.date(year - 3, 12, 31))
    with pytest.raises(ValidationError) as refused:
        _enter(staff_user, voting_round, old, nominated_from=expired)
    assert _keys(refused) == {"nominated_from"}
    assert f"31/12/{year - 1}" in str(refused.value)

    recent = ProductFactory()
    good = published_certificate(recent, issued_on=dt.date(year - 2, 1, 1))
    assert good.valid_until == dt.date(year, 12, 31)
    assert _enter(staff_user, voting_round, recent, nominated_from=good)


def test_a_product_is_entered_once_and_only_while_the_round_is_open(staff_user):
    voting_round = make_round(actor=staff_user)
    product = ProductFactory()
    _enter(staff_user, voting_round, product)
    with pytest.raises(ValidationError) as refused:
        _enter(staff_user, voting_round, product)
    assert _keys(refused) == {"product"}
    seat(voting_round, role="chair")
    services.open_scoring(actor=staff_user, voting_round=voting_round)
    with pytest.raises(ValidationError):
        _enter(staff_user, voting_round)
    assert voting_round.entries.count() == 1


# --- score sheets ---------------------------------------------------------------------------


def test_the_maximum_of_every_criterion_is_accepted_and_the_total_is_their_sum(staff_user):
    voting_round, (entry,), (chair, member) = _scoring(staff_user, [(None, None)])
    maxima = {c.pk: Decimal(c.max_points) for c in _criteria(voting_round)}
    assert sorted(maxima.values()) == [5] * 4 + [10] * 8
    sheet = services.sheet_save(actor=chair.user, entry=entry, points=maxima)
    assert (sheet.total, sheet.scores.count()) == (100, 12)
    assert _score(member, entry, "72.5").total == Decimal("72.5")


@pytest.mark.parametrize(
    ("index", "value"),
    [(0, "-1"), (0, "-0.1"), (0, "10.1"), (11, "5.1"), (3, "7.25"), (11, None)],
    ids=["negative", "just-negative", "max-plus-0.1", "5-point-criterion", "two-decimals", "none"],
)
def test_points_outside_the_criterion_bounds_or_missing_are_refused(index, value, staff_user):
    voting_round, (entry,), (chair, _member) = _scoring(staff_user, [(None, None)])
    criterion = _criteria(voting_round)[index]
    points = _points(voting_round, 50)
    if value is None:
        del points[criterion.pk]
    else:
        points[criterion.pk] = Decimal(value)
    with pytest.raises(ValidationError) as refused:
        services.sheet_save(actor=chair.user, entry=entry, points=points)
    assert _keys(refused) == {f"c{criterion.pk}"}
    assert not ScoreSheet.objects.exists()


def test_saving_again_replaces_the_earlier_points(staff_user):
    _round, (entry,), (chair, _member) = _scoring(staff_user, [(80, None)])
    _score(chair, entry, "64.5")
    sheet = ScoreSheet.objects.get(entry=entry)
    assert (sheet.member, sheet.total) == (chair, Decimal("64.5"))
    assert Score.objects.filter(sheet__entry=entry).count() == 12
    assert sum(s.points for s in sheet.scores.all()) == Decimal("64.5")


def test_only_scoring_members_of_the_round_score_it(staff_user):
    """Not its secretary, not a member of another round, not staff off the council."""
    voting_round, (entry,), _council = _scoring(staff_user, [(None, None)])
    secretary = seat(voting_round, role="secretary")
    _other, _entries, (other_chair, _m) = _scoring(staff_user, [(None, None)])
    for outsider in (secretary.user, other_chair.user, staff_user):
        with pytest.raises(PermissionDenied):
            services.sheet_save(actor=outsider, entry=entry, points=_points(voting_round, 70))
    assert not ScoreSheet.objects.filter(entry=entry).exists()


def test_points_are_given_only_while_scoring_is_open(staff_user):
    voting_round = make_round(actor=staff_user)
    entry = _enter(staff_user, voting_round)
    chair = seat(voting_round, role="chair")
    with pytest.raises(ValidationError):
        _score(chair, entry, 70)
    services.open_scoring(actor=staff_user, voting_round=voting_round)
    _score(chair, entry, 70)
    _close(staff_user, voting_round)
    with pytest.raises(ValidationError):
        _score(chair, entry, 90)
    assert ScoreSheet.objects.get(entry=entry).total == 70


# --- conflicts of interest --------------------------------------------------------------


def test_a_conflict_removes_the_points_and_blocks_scoring_until_withdrawn(staff_user):
    _round, (entry,), (chair, _member) = _scoring(staff_user, [(85, None)])
    with pytest.raises(ValidationError) as refused:
        services.conflict_declare(actor=chair.user, entry=entry, note="   ")
    assert _keys(refused) == {"note"}
    sheet = services.conflict_declare(actor=chair.user, entry=entry, note="Cơ sở của em ruột")
    assert (sheet.conflict, sheet.total, sheet.scores.count()) == (True, None, 0)
    assert ScoreSheet.objects.filter(entry=entry).count() == 1
    with pytest.raises(ValidationError):
        _score(chair, entry, 90)

    services.conflict_withdraw(actor=chair.user, entry=entry)
    assert _score(chair, entry, 90).total == 90


def test_the_average_leaves_out_a_member_with_a_conflict(staff_user):
    voting_round, (entry,), (chair, first, _second) = _scoring(staff_user, [(100, 60, 70)])
    services.conflict_declare(actor=first.user, entry=entry, note="Là cổ đông")
    (entry,) = _close(chair.user, voting_round)
    assert (entry.average_score, entry.scorer_count) == (Decimal("85.00"), 2)


# --- points hidden until the round closes ------------------------------------------------


def test_a_member_sees_only_their_own_sheet_until_the_round_closes(staff_user):
    voting_round, (entry,), (_chair, member) = _scoring(staff_user, [(80, 70)])
    entry.refresh_from_db()
    assert [s.member for s in selectors.sheets_visible(member.user, entry, member)] == [member]
    assert list(selectors.sheets_visible(staff_user, entry, None)) == []
    _close(staff_user, voting_round)
    entry.refresh_from_db()
    assert {s.total for s in selectors.sheets_visible(member.user, entry, member)} == {80, 70}
    assert selectors.sheets_visible(staff_user, entry, None).count() == 2


def test_scoring_progress_shows_who_scored_what_but_no_points(staff_user):
    voting_round, entries, (chair, member) = _scoring(staff_user, [(80, None), (None, None)])
    seat(voting_round, role="secretary")
    services.conflict_declare(actor=member.user, entry=entries[1], note="Người nhà")
    assert selectors.scoring_progress(voting_round, entries) == [
        (chair, ["scored", "missing"], 1),
        (member, ["missing", "conflict"], 1),
    ]


# --- results ----------------------------------------------------------------------------


def test_the_chair_or_staff_close_the_round_but_not_a_member_or_an_official(
    staff_user, official_user
):
    voting_round, _entries, (chair, member) = _scoring(staff_user, [(80, 80)])
    for actor in (member.user, official_user):
        with pytest.raises(PermissionDenied):
            services.close_round(actor=actor, voting_round=voting_round)
    services.close_round(actor=chair.user, voting_round=voting_round)  # staff: see _close
    voting_round.refresh_from_db()
    assert voting_round.status == RoundStatus.CLOSED


def test_the_average_has_two_decimals_and_exactly_70_is_recognised_but_69_97_is_not(
    staff_user,
):
    scores = [(70, 70, 70), (70, 70, "69.9"), (80, 75, "70.1")]
    voting_round, _entries, _council = _scoring(staff_user, scores)
    results = [(e.average_score, e.recognised) for e in _close(staff_user, voting_round)]
    assert results == [
        (Decimal("70.00"), True),
        (Decimal("69.97"), False),
        (Decimal("75.03"), True),
    ]


def test_a_round_with_a_threshold_of_80(staff_user):
    voting_round, _entries, _council = _scoring(
        staff_user, [(80, 80), (80, "79.9"), (95, 90)], threshold=80
    )
    assert [e.recognised for e in _close(staff_user, voting_round)] == [True, False, True]


def test_ranks_are_per_group_ties_share_a_rank_and_unscored_entries_have_none(staff_user):
    voting_round, entries, council = _scoring(
        staff_user,
        [(80, 90), (90, 80), (70, 70), (60, 60), (None, None)],
        groups=[1, 1, 1, 2, 2],
    )
    # Nobody may score the last entry: every member declared a conflict of interest.
    for member in council:
        if member.scores:
            services.conflict_declare(actor=member.user, entry=entries[-1], note="Người nhà")
    results = _close(staff_user, voting_round)
    assert [e.rank for e in results] == [1, 1, 3, 1, None]
    unscored = results[-1]
    assert (unscored.average_score, unscored.scorer_count, unscored.recognised) == (None, 0, False)


def test_a_round_closes_only_once_a_majority_has_scored_each_entry(staff_user):
    """Three scoring members: one sheet is not enough, two are; a member who declared a
    conflict does not count towards the majority."""
    voting_round, entries, council = _scoring(staff_user, [(80, None, None), (80, None, None)])
    with pytest.raises(ValidationError) as refused:
        services.close_round(actor=staff_user, voting_round=voting_round)
    assert entries[0].product.name in str(refused.value)
    services.sheet_save(actor=council[1].user, entry=entries[0], points=_points(voting_round, 70))
    services.conflict_declare(actor=council[1].user, entry=entries[1], note="Người nhà")
    with pytest.raises(ValidationError):  # the second entry: 1 of the 2 who may score
        services.close_round(actor=staff_user, voting_round=voting_round)
    services.sheet_save(actor=council[2].user, entry=entries[1], points=_points(voting_round, 90))
    first, second = _close(staff_user, voting_round)
    assert (first.scorer_count, second.scorer_count) == (2, 2)
    assert second.average_score == Decimal("85.00")


def test_a_decision_dated_before_the_rounds_year_is_refused(staff_user):
    voting_round, _entries, _council = _scoring(staff_user, [(80, 80)])
    _close(staff_user, voting_round)
    with pytest.raises(ValidationError) as refused:
        services.publish_round(
            actor=staff_user,
            voting_round=voting_round,
            decision_number="1/QĐ-UBND",
            decision_date=dt.date(voting_round.year - 1, 12, 31),
        )
    assert "decision_date" in refused.value.message_dict


def test_entries_published_with_the_same_average_share_a_rank(staff_user):
    """A council of seven; one member steps aside from the first entry:
    452.0 / 6 = 75.333… and 527.3 / 7 = 75.328…, both 75.33."""
    scores = [(80, 80, 80, 80, 66, 66, None), (80, 80, 80, 80, 66, 66, "75.3")]
    voting_round, (first, _second), council = _scoring(staff_user, scores)
    services.conflict_declare(actor=council[-1].user, entry=first, note="Người nhà")
    first, second = _close(staff_user, voting_round)
    assert first.average_score == second.average_score == Decimal("75.33")
    assert first.rank == second.rank == 1


def test_a_half_hundredth_is_rounded_up(staff_user):
    scores = [(70, "69.9", "69.9", "69.9"), ("80.1", 80, 80, 80)]
    voting_round, _entries, _council = _scoring(staff_user, scores)
    averages = [e.average_score for e in _close(staff_user, voting_round)]
    assert averages == [Decimal("69.93"), Decimal("80.03")]


# --- opening the scoring --------------------------------------------------------------------


def test_scoring_does_not_open_without_entries_or_chair(staff_user):
    voting_round = make_round(actor=staff_user)
    seat(voting_round)
    with pytest.raises(ValidationError) as refused:
        services.open_scoring(actor=staff_user, voting_round=voting_round)
    assert len(refused.value.messages) == 2
    voting_round.refresh_from_db()
    assert voting_round.status == RoundStatus.OPEN


def test_only_staff_open_scoring_and_not_when_the_sheet_does_not_add_up(staff_user):
    voting_round = make_round(actor=staff_user)
    _enter(staff_user, voting_round)
    chair = seat(voting_round, role="chair")
    with pytest.raises(PermissionDenied):
        services.open_scoring(actor=chair.user, voting_round=voting_round)
    first = _criteria(voting_round)[0]
    services.criterion_save(
        actor=staff_user,
        voting_round=voting_round,
        group=first.group,
        criterion=first,
        name=first.name,
        max_points=9,
    )
    with pytest.raises(ValidationError) as refused:
        services.open_scoring(actor=staff_user, voting_round=voting_round)
    (problem,) = refused.value.messages
    assert "39" in problem
    assert "40" in problem
    voting_round.refresh_from_db()
    assert voting_round.status == RoundStatus.OPEN


# --- awards and publication ---------------------------------------------------------------


def test_certificates_go_only_to_recognised_entries_the_council_awards_after_closing(
    staff_user,
):
    voting_round, (good, weak, passed_over), _council = _scoring(
        staff_user, [(80, 80), (50, 50), (90, 90)]
    )
    with pytest.raises(ValidationError):
        services.awards_set(actor=staff_user, voting_round=voting_round, entry_ids=[good.pk])
    _close(staff_user, voting_round)
    with pytest.raises(ValidationError) as refused:
        services.awards_set(
            actor=staff_user, voting_round=voting_round, entry_ids=[good.pk, weak.pk]
        )
    assert weak.product.name in " ".join(refused.value.messages)
    assert not Entry.objects.filter(awarded=True).exists()
    assert services.awards_set(actor=staff_user, voting_round=voting_round, entry_ids=[good.pk])
    assert list(Entry.objects.filter(awarded=True)) == [good]
    certificates = services.publish_round(
        actor=staff_user,
        voting_round=voting_round,
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
    )
    assert [c.entry for c in certificates] == [good]
    assert not Certificate.objects.filter(entry=passed_over).exists()
    with pytest.raises(ValidationError):  # the decision is final once published
        services.awards_set(actor=staff_user, voting_round=voting_round, entry_ids=[])


def test_certificate_numbers_run_on_across_the_rounds_of_a_level_and_year(staff_user):
    year = _today().year
    first = _published(staff_user, totals=(90, 80))
    second = _published(staff_user, totals=(75,))
    assert [c.number for c in first + second] == [
        f"001/{year}/SPTB-T",
        f"002/{year}/SPTB-T",
        f"003/{year}/SPTB-T",
    ]
    assert first[0].entry.average_score == 90  # numbered in the order of the ranking


@pytest.mark.parametrize(
    ("decision_date", "valid_until"),
    [(dt.date(2025, 12, 31), dt.date(2027, 12, 31)), (dt.date(2026, 1, 1), dt.date(2028, 12, 31))],
)
def test_a_certificate_is_valid_to_31_december_two_years_after_the_decision_year(
    decision_date, valid_until, staff_user
):
    (certificate,) = _published(staff_user, totals=(80,), decision_date=decision_date)
    certificate.refresh_from_db()
    assert (certificate.issued_on, certificate.valid_until) == (decision_date, valid_until)
    voting_round = certificate.entry.round
    assert (voting_round.status, voting_round.published_on) == (RoundStatus.PUBLISHED, _today())


def test_publishing_needs_a_decision_number_and_a_date_not_in_the_future(staff_user):
    voting_round, _entries, (chair, _m) = _scoring(staff_user, [(80, 80)])
    _close(staff_user, voting_round)
    tomorrow = _today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.publish_round(
            actor=staff_user, voting_round=voting_round, decision_number=" ", decision_date=tomorrow
        )
    assert _keys(refused) == {"decision_number", "decision_date"}
    with pytest.raises(PermissionDenied):
        services.publish_round(
            actor=chair.user, voting_round=voting_round, decision_number="1", decision_date=_today()
        )
    voting_round.refresh_from_db()
    assert voting_round.status == RoundStatus.CLOSED
    assert not Certificate.objects.exists()


# --- verification ---------------------------------------------------------------------------


def test_verification_tells_valid_expired_revoked_and_unknown(staff_user):
    (certificate, other) = _published(staff_user, decision_date=dt.date(2026, 1, 5))
    number = certificate.number
    assert selectors.verify(number=number, on=dt.date(2028, 12, 31)).state == "valid"
    assert selectors.verify(number=number, on=dt.date(2029, 1, 1)).state == "expired"
    assert selectors.verify(token=other.token).certificate == other
    assert selectors.verify(number="999/2026/SPTB-T").state == "unknown"
    assert selectors.verify(token="no-such-token").state == "unknown"

    services.certificate_revoke(actor=staff_user, certificate=other, reason="Hàng giả")
    assert selectors.verify(token=other.token).state == "revoked"
    assert selectors.verify(token=other.token, on=dt.date(2035, 1, 1)).state == "revoked"
    # Typed by hand: any case, spaces around.
    typed = f"  {number.lower()} \t"
    assert selectors.verify(number=typed).certificate == certificate


def test_a_certificate_of_a_round_not_published_is_unknown(staff_user):
    certificate = published_certificate(ProductFactory())
    assert selectors.verify(number=certificate.number).state == "valid"
    VotingRound.objects.filter(pk=certificate.entry.round_id).update(status=RoundStatus.CLOSED)
    assert selectors.verify(number=certificate.number).state == "unknown"
    assert selectors.verify(token=certificate.token).certificate is None


def test_only_staff_revoke_and_they_say_why(staff_user, official_user):
    certificate = published_certificate(ProductFactory())
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(actor=official_user, certificate=certificate, reason="X")
    with pytest.raises(ValidationError) as refused:
        services.certificate_revoke(actor=staff_user, certificate=certificate, reason="  ")
    assert _keys(refused) == {"reason"}
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    services.certificate_revoke(actor=staff_user, certificate=certificate, reason="Sai hồ sơ")
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=staff_user, certificate=certificate, reason="Lần nữa")


# --- complaints -----------------------------------------------------------------------------

# Friday 24/04/2026: 30/4 and 1/5 fall in the next 15 working days, which end on 19/05/2026.
PUBLISHED_ON = dt.date(2026, 4, 24)


def _published_round(published_on=PUBLISHED_ON):
    voting_round = published_certificate(ProductFactory()).entry.round
    VotingRound.objects.filter(pk=voting_round.pk).update(published_on=published_on)
    voting_round.refresh_from_db()
    return voting_round


def _complain(staff, voting_round, received_on):
    return services.complaint_record(
        actor=staff,
        voting_round=voting_round,
        complainant="Ông Nguyễn Văn A",
        content="Điểm của sản phẩm tôi bị chấm thấp.",
        received_on=received_on,
    )


def test_complaints_are_taken_for_15_working_days_after_publication(staff_user):
    voting_round = _published_round()
    assert voting_round.complaint_deadline == dt.date(2026, 5, 19)
    for day in (PUBLISHED_ON, dt.date(2026, 4, 30), dt.date(2026, 5, 19)):
        assert _complain(staff_user, voting_round, day).received_on == day
    for day in (dt.date(2026, 5, 20), PUBLISHED_ON - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            _complain(staff_user, voting_round, day)
        assert _keys(refused) == {"received_on"}
        assert "19/05/2026" in str(refused.value)
    assert Complaint.objects.count() == 3


def test_complaints_wait_for_the_publication_and_are_not_dated_tomorrow(staff_user):
    closed, _entries, _council = _scoring(staff_user, [(80, 80)])
    _close(staff_user, closed)
    with pytest.raises(ValidationError):
        _complain(staff_user, closed, _today())
    published_today = _published_round(published_on=_today())
    with pytest.raises(ValidationError) as refused:
        _complain(staff_user, published_today, _today() + dt.timedelta(days=1))
    assert _keys(refused) == {"received_on"}


def test_the_chair_or_staff_answer_a_complaint_once(staff_user):
    voting_round = _published_round()
    chair = seat(voting_round, role="chair")
    member = seat(voting_round)
    complaint = _complain(staff_user, voting_round, dt.date(2026, 5, 4))
    with pytest.raises(PermissionDenied):
        services.complaint_answer(actor=member.user, complaint=complaint, answer="Giữ nguyên")
    with pytest.raises(ValidationError) as refused:
        services.complaint_answer(actor=chair.user, complaint=complaint, answer=" ")
    assert _keys(refused) == {"answer"}

    answered = services.complaint_answer(actor=chair.user, complaint=complaint, answer=" Đúng. ")
    assert (answered.answer, answered.answered_by, answered.answered_on) == (
        "Đúng.",
        chair.user,
        _today(),
    )
    with pytest.raises(ValidationError):
        services.complaint_answer(actor=staff_user, complaint=complaint, answer="Sửa lại")
    complaint.refresh_from_db()
    assert complaint.answered_by == chair.user


# --- the council ----------------------------------------------------------------------------


def test_staff_seat_only_people_with_the_council_role(staff_user, official_user, council_user):
    voting_round = make_round(actor=staff_user)
    with pytest.raises(ValidationError) as refused:
        services.council_member_add(
            actor=staff_user, voting_round=voting_round, user=official_user, role="member"
        )
    assert _keys(refused) == {"user"}
    with pytest.raises(PermissionDenied):
        services.council_member_add(
            actor=council_user, voting_round=voting_round, user=council_user, role="chair"
        )
    assert not voting_round.council.exists()


def test_a_council_has_one_chair_and_seats_a_person_once(staff_user, council_user):
    voting_round = make_round(actor=staff_user)

    def add(user, role):
        return services.council_member_add(
            actor=staff_user, voting_round=voting_round, user=user, role=role
        )

    add(council_user, "chair")
    with pytest.raises(ValidationError):
        add(UserFactory(role=Role.COUNCIL_MEMBER), "chair")
    with pytest.raises(ValidationError):
        add(council_user, "member")
    assert voting_round.council.count() == 1


def test_the_council_is_fixed_once_scoring_opens(staff_user, council_user):
    voting_round, _entries, (chair, _member) = _scoring(staff_user, [(None, None)])
    with pytest.raises(ValidationError):
        services.council_member_add(
            actor=staff_user, voting_round=voting_round, user=council_user, role="member"
        )
    with pytest.raises(ValidationError):
        services.council_member_remove(actor=staff_user, member=chair)
    assert voting_round.council.count() == 2


def test_a_new_round_gets_the_standard_sheet_in_the_portals_language(staff_user):
    """The sheet is data printed and signed as is: stored in Vietnamese, whatever the
    language of the staff member who created the round."""
    from django.utils import translation

    with translation.override("en"):
        voting_round = make_round(actor=staff_user)
    groups = list(voting_round.criterion_groups.order_by("position"))
    assert [g.max_points for g in groups] == [40, 40, 10, 10]
    assert groups[0].name.startswith("Nhóm tiêu chí về khả năng đáp ứng thị trường")
    assert Criterion.objects.filter(group__round=voting_round).count() == 12


def test_publishing_records_what_each_certificate_is_issued_for(staff_user):
    certificates = _published(staff_user, totals=(80,))

    (certificate,) = certificates
    product = certificate.entry.product
    assert certificate.product_name == product.name
    assert certificate.establishment_name == product.establishment.name
    assert certificate.commune_name == product.establishment.commune.name == "Xã Tân Yên"
