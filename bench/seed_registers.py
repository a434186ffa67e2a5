"""Bench registers: collaborators and their yearly rosters, establishments over the
communes of both eras, field visits and the support requests that did not become
projects."""

import datetime as dt
import math

from bench import words
from bench.seed import (
    FIRST_YEAR,
    YEARS,
    Context,
    Est,
    pick_weighted,
    split_total,
    target,
)

# --- collaborators and rosters ------------------------------------------------------------


def roster_plan(ctx: Context) -> list[list[int]]:
    """Per year, the collaborator (person index) of each membership; person 0 is the
    collaborator the benchmark logs in as, on every roster."""
    total = target("collaborator_years", ctx.scale)
    per_year = split_total(ctx.rng, total, [8, 8, 9, 9, 9, 9, 9, 10, 10, 10, 9])
    people, active, years = 1, [0], []
    for n in per_year:
        n = max(n, 1)
        staying = [p for p in active[1:] if ctx.rng.random() < 0.85]
        ctx.rng.shuffle(staying)
        members = [0, *staying[: n - 1]]
        while len(members) < n:
            members.append(people)
            people += 1
        years.append(members)
        active = members
    return years


def seed_collaborators(ctx: Context, years: list[list[int]]) -> None:
    from collaborators.models import Collaborator, CollaboratorRoster, RosterMembership

    people = max(p for members in years for p in members) + 1
    first = ctx.writer.reserve(Collaborator, people)
    user_of = ctx.collaborator_users
    ctx.collaborator_of = {user_of[p]: first + p for p in range(people)}
    ctx.writer.write(
        Collaborator,
        ("id", "user", "full_name", "phone", "workplace"),
        (
            (first + p, user_of[p], ctx.names[user_of[p]], ctx.phone(), "UBND xã")
            for p in range(people)
        ),
    )
    roster_id = ctx.writer.reserve(CollaboratorRoster, len(years))
    membership_id = ctx.writer.reserve(RosterMembership, sum(len(m) for m in years))
    rosters, memberships, communes = [], [], []
    n_communes = len(ctx.communes)
    # The logged-in collaborator's area: two communes of middling size.
    by_weight = sorted(range(n_communes), key=lambda i: ctx.communes[i].weight)
    middle = by_weight[len(by_weight) // 2 : len(by_weight) // 2 + 2]
    for year, members in zip(YEARS, years, strict=True):
        decided = ctx.day(dt.date(year - 1, 12, 10), dt.date(year, 1, 20))
        rosters.append(
            (
                roster_id,
                year,
                f"{ctx.rng.randrange(100, 999)}/QĐ-SCT",
                decided,
                "Giám đốc Sở Công Thương",
                "",
                ctx.moment(decided),
                ctx.rng.choice(ctx.officials),
            )
        )
        order = [i for i in range(n_communes) if i not in middle]
        ctx.rng.shuffle(order)
        others = members[1:]
        share = split_total(ctx.rng, len(order), [1] * len(others)) if others else []
        areas = [list(middle)]
        position = 0
        for count in share:
            mine = order[position : position + count]
            position += count
            if not mine or ctx.rng.random() < 0.3:
                mine = [*mine, ctx.rng.randrange(n_communes)]
            areas.append(sorted(set(mine)))
        for person, area in zip(members, areas, strict=True):
            # One draw of four, as before kinds replaced a fixed allowance: the rest of the
            # seeded data stays the same.
            kind = ("commune", "commune", "commune", "district")[ctx.rng.randrange(4)]
            memberships.append((membership_id, roster_id, first + person, kind))
            ctx.memberships.append((year, membership_id, user_of[person], area))
            for i in area:
                communes.append((membership_id, ctx.communes[i].id))
                ctx.area.setdefault((year, i), []).append(user_of[person])
            membership_id += 1
        roster_id += 1
    ctx.writer.write(
        CollaboratorRoster,
        (
            "id", "year", "decision_number", "decision_date", "signed_by", "document",
            "approved_at", "approved_by",
        ),
        rosters,
    )  # fmt: skip
    ctx.writer.write(RosterMembership, ("id", "roster", "collaborator", "kind"), memberships)
    ctx.writer.write(RosterMembership.communes.through, ("rostermembership", "adminunit"), communes)


def collaborator_for(ctx: Context, year: int, commune: int) -> int:
    covering = ctx.area.get((year, commune))
    if covering:
        return ctx.rng.choice(covering)
    return ctx.rng.choice(ctx.collaborator_users)


# --- establishments -----------------------------------------------------------------------

TAX_MODULUS = 10**8
TAX_STEP = 48_271  # coprime with 10**8: i -> i * step mod 10**8 never repeats


def seed_establishments(ctx: Context) -> None:
    from establishments.models import Establishment
    from establishments.services import normalize_name

    rng = ctx.rng
    n = target("establishments", ctx.scale)
    first = ctx.writer.reserve(Establishment, n)
    year_weights = [6, 7, 7, 8, 8, 9, 9, 10, 11, 13, 12]
    created = sorted(
        ctx.day(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in rng.choices(YEARS, year_weights, k=n)
    )
    merger = dt.date(2025, 7, 1)
    rows, tax_serial = [], 0
    recent_names: dict[int, list[tuple[int, str]]] = {}
    for i, day in enumerate(created):
        pk = first + i
        legacy = ctx.legacy_index() if ctx.legacy_cum else None
        if legacy is not None:
            commune = ctx.legacy_new[legacy]
            keep_legacy = rng.random() < (0.92 if day < merger else 0.1)
            legacy_id = ctx.legacy_ids[legacy] if keep_legacy else None
        else:
            commune, legacy_id = ctx.commune_index(), None
        form = pick_weighted(rng, words.LEGAL_FORM_WEIGHTS)
        sector = pick_weighted(rng, words.SECTOR_WEIGHTS)
        trade = rng.choice(words.TRADES[sector][0])
        owner = ctx.person()
        prefix = rng.choice(words.LEGAL_PREFIX[form])
        if form == "household_business":
            name = f"{prefix} {trade} {owner}" if rng.random() < 0.6 else f"{prefix} {owner}"
        elif form == "enterprise":
            name = f"{prefix} {trade} {rng.choice(words.BRANDS)}"
        else:
            name = f"{prefix} {trade} {ctx.communes[commune].name.split(' ', 1)[-1]}"
        duplicate_of, merged_into = None, None
        earlier = recent_names.get(commune)
        if earlier and rng.random() < 0.005:
            original_pk, name = rng.choice(earlier)
            if rng.random() < 0.25:
                merged_into = original_pk
            else:
                duplicate_of = original_pk
        recent_names.setdefault(commune, []).append((pk, name))
        if len(recent_names[commune]) > 50:
            recent_names[commune].pop(0)
        tax_code = ""
        if form != "household_business" or rng.random() < 0.4:
            tax_serial += 1
            tax_code = f"24{tax_serial * TAX_STEP % TAX_MODULUS:08d}"
        if form in ("enterprise", "cooperative_union"):
            size = pick_weighted(rng, (("micro", 45), ("small", 40), ("medium", 15)))
            workers = int(rng.lognormvariate(math.log(35), 0.7))
        elif form == "cooperative":
            size = pick_weighted(rng, (("micro", 60), ("small", 35), ("medium", 5)))
            workers = int(rng.lognormvariate(math.log(20), 0.6))
        else:
            size = "na" if rng.random() < 0.15 else "micro"
            workers = max(1, int(rng.lognormvariate(math.log(5), 0.6)))
        address = (
            f"{rng.choice(words.HAMLETS)} {rng.randrange(1, 15)}"
            if rng.random() < 0.8
            else f"Số {rng.randrange(1, 400)}, đường {rng.choice(words.STREETS)}"
        )
        verified = rng.random() < (0.8 if day.year < 2026 else 0.45)
        verified_at = ctx.moment(ctx.day(day, day + dt.timedelta(days=60))) if verified else None
        stamp = ctx.moment(day)
        registered_by = (
            collaborator_for(ctx, day.year, commune)
            if rng.random() < 0.6
            else rng.choice(ctx.staff)
        )
        rows.append(
            (
                pk, name, normalize_name(name), form, size, tax_code, ctx.communes[commune].id,
                legacy_id, address, sector, f"Sản phẩm {trade}", workers,
                rng.randrange(0, 101), rng.random() < (0.25 if form == "enterprise" else 0.05),
                rng.random() < 0.3, rng.random() < 0.03,
                rng.choice(words.CRAFT_VILLAGES) if rng.random() < 0.12 else "",
                owner, ctx.phone(), f"lienhe{pk}@bench.invalid" if form == "enterprise" else "",
                registered_by, verified, rng.choice(ctx.staff) if verified else None,
                verified_at, duplicate_of, merged_into, stamp, verified_at or stamp,
            )
        )  # fmt: skip
        est = Est(
            pk, commune, legacy_id, day, name, sector, trade, address, merged_into is not None
        )
        ctx.establishments.append(est)
        ctx.est_created.append(day)
        ctx.by_commune.setdefault(commune, []).append(i)
        ctx.by_commune_created.setdefault(commune, []).append(day)
    ctx.writer.write(
        Establishment,
        (
            "id", "name", "normalized_name", "legal_form", "size_class", "tax_code", "commune",
            "legacy_commune", "address_line", "sector", "main_products", "workers",
            "local_material_share", "exports", "women_owned", "minority_owned", "craft_village",
            "contact_person", "phone", "email", "registered_by", "verified", "verified_by",
            "verified_at", "possible_duplicate_of", "merged_into", "created_at", "updated_at",
        ),
        rows,
    )  # fmt: skip


# --- field visits and support requests -----------------------------------------------------


def seed_visits(ctx: Context) -> None:
    from establishments.models import FieldVisit, VisitPurpose

    rng = ctx.rng
    collaborator_of = ctx.collaborator_of
    rows = []
    purposes = VisitPurpose.values
    for year, _membership, user, area in ctx.memberships:
        for _ in range(rng.randrange(5, 36)):
            visited = ctx.day(dt.date(year, 1, 5), dt.date(year, 12, 28))
            est = ctx.establishment_before(visited, rng.choice(area))
            if est is None:
                continue
            purpose = rng.choice(purposes)
            needs = rng.choice(words.PURPOSE_NEEDS) if purpose == "needs" else ""
            stamp = ctx.moment(min(visited + dt.timedelta(days=rng.randrange(3)), ctx.today))
            rows.append((collaborator_of[user], est.id, visited, purpose, needs, "", "", stamp))
    ctx.writer.write(
        FieldVisit,
        (
            "collaborator", "establishment", "visited_on", "purpose", "needs", "notes", "photo",
            "created_at",
        ),
        rows,
    )  # fmt: skip


def seed_free_requests(ctx: Context) -> None:
    """Requests that did not (yet) become projects; those that did come with their projects."""
    from establishments.content_types import PromotionContent
    from establishments.models import RequestStatus, SupportRequest

    rng = ctx.rng
    n = target("projects", ctx.scale) * 2 // 5
    first = ctx.writer.reserve(SupportRequest, n)
    rows, events = [], []
    contents = [c for c in PromotionContent.values if c not in words.NEW_CONTENTS]
    for i in range(n):
        day = ctx.day(dt.date(FIRST_YEAR, 3, 1), ctx.today)
        est = ctx.establishment_before(day)
        if est is None:
            continue
        pk = first + i
        age = (ctx.today - day).days
        if age < 30:
            status = RequestStatus.SUBMITTED
        elif age < 120:
            status = rng.choice((RequestStatus.UNDER_REVIEW, RequestStatus.SUBMITTED))
        else:
            status = pick_weighted(
                rng, ((RequestStatus.DECLINED, 6), (RequestStatus.ACCEPTED, 3), ("under", 1))
            )
            status = RequestStatus.UNDER_REVIEW if status == "under" else status
        submitter = collaborator_for(ctx, day.year, est.commune)
        content = rng.choice(contents)
        stamp = ctx.moment(day)
        rows.append(
            (
                pk, est.id, submitter, content, rng.choice(words.PURPOSE_NEEDS),
                rng.randrange(20, 800) * 1_000_000, day.year + 1, status, stamp, stamp,
            )
        )  # fmt: skip
        events.append((pk, "", RequestStatus.SUBMITTED, "", submitter, stamp))
        previous, when = RequestStatus.SUBMITTED, day
        for step in (RequestStatus.UNDER_REVIEW, status):
            if step == previous or status == RequestStatus.SUBMITTED:
                continue
            when = ctx.day(when + dt.timedelta(days=3), when + dt.timedelta(days=40))
            note = "Không đủ điều kiện hỗ trợ năm nay" if step == RequestStatus.DECLINED else ""
            events.append((pk, previous, step, note, rng.choice(ctx.staff), ctx.moment(when)))
            previous = step
    write_requests(ctx, rows, events)


REQUEST_FIELDS = (
    "id", "establishment", "submitted_by", "content_type", "description", "estimated_cost_vnd",
    "desired_year", "status", "created_at", "updated_at",
)  # fmt: skip
REQUEST_EVENT_FIELDS = ("request", "from_status", "to_status", "note", "actor", "at")


def write_requests(ctx: Context, rows, events) -> None:
    from establishments.models import SupportRequest, SupportRequestEvent

    ctx.writer.write(SupportRequest, REQUEST_FIELDS, rows)
    ctx.writer.write(SupportRequestEvent, REQUEST_EVENT_FIELDS, events)
