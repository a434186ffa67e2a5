"""Bench products and typical-product voting: rounds of every level over the decade,
councils, score sheets (12 criteria each, the default sheet), results, certificates.

Provincial rounds in even years, regional rounds in odd years (entries nominated by the
provincial certificates of the year before), commune rounds since 2025 (TT 38/2025).
Entries above commune level carry a valid certificate of the level below or the
commune's forwarding letter. Every round but the last provincial one is published; that
one is being scored, and its sheets make the dataset hold its target number of scores.

Long module: a seeder: the rounds of the decade are made in the order they happened.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext

from bench import words
from bench.seed import YEARS, Context, Est, pick_weighted, target

THRESHOLD = 70
COUNCILS = {
    "provincial": ("chair", "vice_chair", "member", "member", "member", "member", "member",
                   "jury", "secretary"),
    "regional": ("chair", "vice_chair", "member", "member", "member", "member", "jury",
                 "secretary"),
    "commune": ("chair", "member", "member", "member", "secretary"),
}  # fmt: skip
LEVEL_CODE = {"commune": "X", "provincial": "T", "regional": "KV", "national": "QG"}
LEVEL_NAME = {"commune": "cấp xã", "provincial": "cấp tỉnh", "regional": "cấp khu vực"}
TWO_PLACES = Decimal("0.01")


@dataclass
class Product:
    id: int
    est: Est
    group: int
    name: str
    created: dt.date
    quality: float


@dataclass
class Round:
    id: int
    level: str
    year: int
    status: str
    created: dt.date
    scoring: dt.date | None = None
    closed: dt.date | None = None
    published: dt.date | None = None
    commune: int | None = None
    number: str = ""
    members: list[tuple[int, int, str]] = field(default_factory=list)  # (id, user, role)
    criteria: list[tuple[int, int]] = field(default_factory=list)  # (id, max points)
    entries: list["Entry"] = field(default_factory=list)
    certificates: list["Certificate"] = field(default_factory=list)


@dataclass(eq=False)
class Entry:
    id: int
    round: Round
    product: Product
    registered: dt.date
    nominated_from: int | None = None
    forwarding: tuple[int, str] | None = None  # (document id, note)
    sheets: list[Decimal] = field(default_factory=list)  # totals of the sheets scored
    average: Decimal | None = None
    rank: int | None = None
    recognised: bool = False
    awarded: bool = False
    certificate: "Certificate | None" = None


@dataclass
class Certificate:
    id: int
    entry: Entry
    sequence: int
    valid_until: dt.date
    revoked: bool


class Ids:
    """Ids reserved in blocks, handed out one by one."""

    def __init__(self, ctx: Context, model, block: int = 10_000):
        self.ctx, self.model, self.block = ctx, model, block
        self.next, self.end = 0, 0

    def __call__(self) -> int:
        if self.next == self.end:
            self.next = self.ctx.writer.reserve(self.model, self.block)
            self.end = self.next + self.block
        self.next += 1
        return self.next - 1


def make_products(ctx: Context) -> list[Product]:
    """Products of handicraft and food establishments mostly (written with the rounds:
    a product entered before its record's date is dated by its first entry)."""
    from products.models import Product as ProductModel

    rng = ctx.rng
    n = target("products", ctx.scale)
    pools: dict[str, list[Est]] = {}
    for est in ctx.establishments:
        if not est.merged and words.TRADES[est.sector][1]:
            pools.setdefault(est.sector, []).append(est)
    weights = (("handicraft", 50), ("food", 35), ("mechanical", 8), ("consumer", 4), ("other", 3))
    weights = tuple((s, w) for s, w in weights if pools.get(s))
    first = ctx.writer.reserve(ProductModel, n)
    products = []
    for i in range(n):
        sector = pick_weighted(rng, weights)
        est = rng.choice(pools[sector])
        _trades, names, group = words.TRADES[sector]
        name = f"{rng.choice(names)} {rng.choice(words.BRANDS)}"
        created = ctx.day(est.created, est.created + dt.timedelta(days=90))
        quality = min(97.0, max(40.0, rng.gauss(72, 9)))
        products.append(Product(first + i, est, group, name, created, quality))
    return products


def plan_rounds(ctx: Context, products: list[Product], round_id) -> list[Round]:
    """Every round of the decade in the order it was held."""
    rng = ctx.rng
    d = dt.date
    rounds = []
    for year in YEARS:
        if year % 2 == 0:
            if year == YEARS[-1]:
                rounds.append(Round(round_id(), "provincial", year, "scoring",
                                    ctx.day(d(year, 3, 1), d(year, 3, 15)),
                                    scoring=ctx.day(d(year, 7, 1), d(year, 7, 15))))  # fmt: skip
                continue
            rounds.append(
                Round(round_id(), "provincial", year, "published",
                      ctx.day(d(year, 3, 1), d(year, 3, 20)),
                      scoring=ctx.day(d(year, 7, 1), d(year, 7, 15)),
                      closed=ctx.day(d(year, 9, 1), d(year, 9, 15)),
                      published=ctx.day(d(year, 10, 1), d(year, 10, 20)))
            )  # fmt: skip
        else:
            rounds.append(
                Round(round_id(), "regional", year, "published", d(year, 4, 1),
                      scoring=d(year, 8, 1), closed=d(year, 9, 20),
                      published=ctx.day(d(year, 10, 20), d(year, 10, 30)))
            )  # fmt: skip
    # Commune rounds since TT 38/2025: in the communes with the most products.
    by_commune: dict[int, int] = {}
    for p in products:
        by_commune[p.est.commune] = by_commune.get(p.est.commune, 0) + 1
    busiest = sorted(by_commune, key=lambda c: (-by_commune[c], c))
    c25 = max(1, round(20 * ctx.scale))
    c26 = max(1, round(30 * ctx.scale))
    commune_rounds = []
    for k in range(c25):
        commune_rounds.append(
            Round(round_id(), "commune", 2025, "published", ctx.day(d(2025, 8, 5), d(2025, 8, 30)),
                  scoring=d(2025, 10, 1), closed=d(2025, 10, 25),
                  published=ctx.day(d(2025, 11, 5), d(2025, 11, 20)),
                  commune=busiest[k % len(busiest)])
        )  # fmt: skip
    for k in range(c26):
        commune = busiest[(k + c25) % len(busiest)]
        if c26 >= 3 and k == c26 - 1:
            rnd = Round(round_id(), "commune", 2026, "open", ctx.day(d(2026, 10, 1), ctx.today),
                        commune=commune)  # fmt: skip
        elif c26 >= 3 and k == c26 - 2:
            rnd = Round(round_id(), "commune", 2026, "closed", d(2026, 8, 1),
                        scoring=d(2026, 9, 15), closed=d(2026, 11, 1), commune=commune)  # fmt: skip
        else:
            rnd = Round(round_id(), "commune", 2026, "published",
                        ctx.day(d(2026, 3, 1), d(2026, 3, 20)), scoring=d(2026, 4, 10),
                        closed=d(2026, 5, 1), published=ctx.day(d(2026, 5, 10), d(2026, 5, 31)),
                        commune=commune)  # fmt: skip
        commune_rounds.append(rnd)
    # Held in time order: the 2026 provincial round takes nominations from the communes'.
    rounds = rounds[:-1] + commune_rounds + rounds[-1:]
    for rnd in rounds:
        if rnd.published:
            rnd.number = f"{rng.randrange(100, 999)}/QĐ-UBND"
    return rounds


def council(ctx: Context, rnd: Round, member_id) -> None:
    roles = COUNCILS[rnd.level]
    users = ctx.rng.sample(ctx.council[1:], len(roles))
    if rnd.level == "provincial" and rnd.status == "scoring":
        users[2] = ctx.council[0]  # the council member the benchmark can log in as
    rnd.members = [(member_id(), user, role) for user, role in zip(users, roles, strict=True)]


def sheet(ctx: Context, rnd: Round, quality: float) -> tuple[Decimal, list[Decimal]]:
    rng = ctx.rng
    bias = rng.gauss(0, 3)
    points = []
    for _criterion, most in rnd.criteria:
        share = (quality + bias + rng.gauss(0, 6)) / 100
        value = min(most, max(0.0, round(most * share * 2) / 2))
        points.append(Decimal(str(value)))
    return sum(points, Decimal("0.0")), points


def results(ctx: Context, rnd: Round) -> None:
    """As products.services.compute_results: average over the sheets scored, rounded
    half up to two places; rank per group on it (ties share); recognised at 70."""
    by_group: dict[int, list[Entry]] = {}
    for entry in rnd.entries:
        if entry.sheets:
            entry.average = (sum(entry.sheets) / len(entry.sheets)).quantize(
                TWO_PLACES, rounding=ROUND_HALF_UP
            )
            entry.recognised = entry.average >= THRESHOLD
            entry.awarded = entry.recognised and ctx.rng.random() < 0.95
            by_group.setdefault(entry.product.group, []).append(entry)
    for entries in by_group.values():
        entries.sort(key=lambda e: e.average, reverse=True)
        for position, entry in enumerate(entries, start=1):
            before = entries[position - 2] if position > 1 else None
            entry.rank = before.rank if before and before.average == entry.average else position


def nominations(rounds: list[Round], rnd: Round, on: dt.date) -> list[Certificate]:
    """Valid certificates of the level below that may put a product into this round."""
    below = {"provincial": "commune", "regional": "provincial"}[rnd.level]
    years = (rnd.year - 1,) if rnd.level == "regional" else (rnd.year - 1, rnd.year)
    found, seen = [], set()
    for other in rounds:
        if other.level != below or other.year not in years or other.published is None:
            continue
        if other.published >= on:
            continue
        for cert in other.certificates:
            if not cert.revoked and cert.valid_until >= on and cert.entry.product.id not in seen:
                seen.add(cert.entry.product.id)
                found.append(cert)
    return found


def choose_entries(ctx: Context, rnd: Round, rounds, products, by_commune, count: int):
    rng = ctx.rng
    closing = rnd.scoring or ctx.today
    if rnd.level == "commune":
        pool = by_commune.get(rnd.commune, [])
        return [(p, None) for p in rng.sample(pool, min(12, len(pool)))]
    certificates = nominations(rounds, rnd, closing - dt.timedelta(days=30))
    if rnd.level == "regional":
        return [(c.entry.product, c) for c in rng.sample(certificates, len(certificates) * 2 // 5)]
    chosen = [(c.entry.product, c) for c in certificates[:count]]
    taken = {p.id for p, _c in chosen}
    rest = [p for p in products if p.id not in taken]
    return chosen + [(p, None) for p in rng.sample(rest, min(len(rest), count - len(chosen)))]


@dataclass
class Rows:
    documents: list = field(default_factory=list)
    sheets: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    criteria: list = field(default_factory=list)


def seed(ctx: Context) -> None:
    from products.criteria import DEFAULT_SHEET
    from products.models import Certificate as CertificateModel
    from products.models import (
        CouncilMember,
        Criterion,
        CriterionGroup,
        ProductDocument,
        ScoreSheet,
        VotingRound,
    )
    from products.models import Entry as EntryModel

    rng = ctx.rng
    products = make_products(ctx)
    round_id = Ids(ctx, VotingRound, 100)
    member_id, entry_id = Ids(ctx, CouncilMember), Ids(ctx, EntryModel)
    sheet_id, certificate_id = Ids(ctx, ScoreSheet), Ids(ctx, CertificateModel)
    group_id, criterion_id = Ids(ctx, CriterionGroup, 1000), Ids(ctx, Criterion, 1000)
    document_id = Ids(ctx, ProductDocument)
    rounds = plan_rounds(ctx, products, round_id)
    with translation.override("vi"):
        sheet_names = [
            (gettext(g), g_max, [(gettext(c), c_max) for c, c_max in criteria])
            for g, g_max, criteria in DEFAULT_SHEET
        ]
    rows = Rows()
    for rnd in rounds:
        council(ctx, rnd, member_id)
        for g_pos, (g_name, g_max, criteria) in enumerate(sheet_names, start=1):
            gid = group_id()
            rows.groups.append((gid, rnd.id, g_pos, g_name, g_max))
            for c_pos, (c_name, c_max) in enumerate(criteria, start=1):
                cid = criterion_id()
                rows.criteria.append((cid, gid, c_pos, c_name, "", c_max))
                rnd.criteria.append((cid, c_max))
    sheets_wanted = target("scores", ctx.scale) // len(rounds[0].criteria)
    by_commune: dict[int, list[Product]] = {}
    for p in products:
        by_commune.setdefault(p.est.commune, []).append(p)
    commune_sheets = sum(
        min(12, len(by_commune.get(r.commune, []))) * 4
        for r in rounds
        if r.level == "commune" and r.status in ("published", "closed")
    )
    # Sheets per entry of a provincial round, counting the regional rounds it feeds.
    per_entry = 5 * 8 + 5 * 7 * 0.4 * 0.5 + 0.6 * 8
    per_round = max(1, round((sheets_wanted - commune_sheets) / per_entry))
    scored = 0
    sequences: dict[tuple[str, int], int] = {}
    for rnd in rounds:
        count = per_round
        if rnd.status == "scoring":  # the last round takes up what the target still asks
            count = max(per_round, math.ceil(max(0, sheets_wanted - scored) / 8 / 0.9))
        for product, certificate in choose_entries(ctx, rnd, rounds, products, by_commune, count):
            start = rnd.created
            if certificate is not None:
                start = max(start, certificate.entry.round.published)
            registered = ctx.day(start, (rnd.scoring or ctx.today) - dt.timedelta(days=1))
            entry = Entry(entry_id(), rnd, product, registered)
            if certificate is not None:
                entry.nominated_from = certificate.id
            elif rnd.level == "provincial":
                doc = document_id()
                note = f"Công văn số {rng.randrange(10, 999)}/UBND ngày {registered:%d/%m/%Y}"
                entry.forwarding = (doc, note)
                rows.documents.append(
                    (doc, product.id, "forwarding", note, registered, "bench/cong-van.pdf",
                     rng.choice(ctx.staff), ctx.moment(registered))
                )  # fmt: skip
            rnd.entries.append(entry)
        if rnd.status == "open":
            continue
        pairs = [(e, m) for e in rnd.entries for m in rnd.members if m[2] != "secretary"]
        if rnd.status == "scoring":
            pairs = rng.sample(pairs, min(len(pairs), max(0, sheets_wanted - scored)))
        for entry, member in pairs:
            stamp = ctx.moment(ctx.day(rnd.scoring, rnd.closed or ctx.today))
            sid = sheet_id()
            if rnd.status != "scoring" and rng.random() < 0.015:
                rows.sheets.append((sid, entry.id, member[0], True, "Có quan hệ với cơ sở",
                                    None, stamp))  # fmt: skip
                continue
            total, points = sheet(ctx, rnd, entry.product.quality)
            entry.sheets.append(total)
            rows.sheets.append((sid, entry.id, member[0], False, "", total, stamp))
            rows.scores.extend(
                (sid, cid, value) for (cid, _most), value in zip(rnd.criteria, points, strict=True)
            )
            scored += 1
        if rnd.status in ("closed", "published"):
            results(ctx, rnd)
        if rnd.status == "published":
            awarded = sorted(
                (e for e in rnd.entries if e.awarded),
                key=lambda e: (e.product.group, e.rank, e.id),
            )
            for entry in awarded:
                key = (rnd.level, rnd.year)
                sequences[key] = sequences.get(key, 0) + 1
                valid_until = dt.date(rnd.published.year + 2, 12, 31)
                cert = Certificate(
                    certificate_id(), entry, sequences[key], valid_until, rng.random() < 0.01
                )
                entry.certificate = cert
                rnd.certificates.append(cert)
    write(ctx, products, rounds, rows)


def write(ctx: Context, products: list[Product], rounds: list[Round], rows: Rows) -> None:
    from products.models import (
        Certificate,
        Complaint,
        CouncilMember,
        Criterion,
        CriterionGroup,
        Entry,
        ProductDocument,
        ProductPhoto,
        RoundEvent,
        Score,
        ScoreSheet,
        VotingRound,
    )
    from products.models import Product as ProductModel

    rng = ctx.rng
    w = ctx.writer
    round_rows, members, entries, certificates, events, complaints = [], [], [], [], [], []
    photographed: dict[int, dt.date] = {}
    for rnd in rounds:
        level_name = LEVEL_NAME[rnd.level]
        title = f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu {level_name} năm {rnd.year}"
        if rnd.commune is not None:
            title += f" — {ctx.communes[rnd.commune].name}"
        creator = rng.choice(ctx.staff)
        round_rows.append(
            (rnd.id, rnd.level, rnd.year, title,
             ctx.communes[rnd.commune].id if rnd.commune is not None else None, rnd.status,
             THRESHOLD, rnd.number, rnd.published, rnd.published, creator,
             ctx.moment(rnd.created))
        )  # fmt: skip
        members.extend(
            (pk, rnd.id, user, role, "Sở Công Thương" if role != "jury" else "Chuyên gia")
            for pk, user, role in rnd.members
        )
        steps = [
            ("", "open", rnd.created),
            ("open", "scoring", rnd.scoring),
            ("scoring", "closed", rnd.closed),
            ("closed", "published", rnd.published),
        ]
        events.extend(
            (rnd.id, old, new, "", creator, ctx.moment(when)) for old, new, when in steps if when
        )
        for entry in rnd.entries:
            doc, note = entry.forwarding or (None, "")
            entries.append(
                (entry.id, rnd.id, entry.product.id, entry.product.group, entry.nominated_from,
                 note, doc, creator, ctx.moment(entry.registered), entry.average,
                 len(entry.sheets) if entry.average is not None else 0, entry.rank,
                 entry.recognised, entry.awarded)
            )  # fmt: skip
            first = photographed.get(entry.product.id)
            photographed[entry.product.id] = min(first or entry.registered, entry.registered)
        for cert in rnd.certificates:
            entry = cert.entry
            est = entry.product.est
            address = f"{est.address}, {ctx.communes[est.commune].name}, {ctx.province_name}"
            code = LEVEL_CODE[rnd.level]
            revoked_at = ctx.moment(ctx.today - dt.timedelta(days=30)) if cert.revoked else None
            certificates.append(
                (cert.id, entry.id, rnd.level, rnd.year, cert.sequence,
                 f"{cert.sequence:03d}/{rnd.year}/SPTB-{code}", rnd.number, rnd.published,
                 rnd.published, cert.valid_until, f"b{rnd.id:05d}{cert.sequence:05d}{entry.id:08d}",
                 entry.product.name, entry.product.group, est.name,
                 ctx.communes[est.commune].name, address[:500], revoked_at,
                 "Cơ sở ngừng sản xuất sản phẩm" if cert.revoked else "",
                 rng.choice(ctx.staff) if cert.revoked else None)
            )  # fmt: skip
        if rnd.level == "provincial" and rnd.published and rnd.entries:
            for _ in range(rng.randrange(0, 3)):
                received = rnd.published + dt.timedelta(days=rng.randrange(1, 10))
                answered = received + dt.timedelta(days=rng.randrange(3, 12))
                complaints.append(
                    (rnd.id, rng.choice(rnd.entries).id, ctx.person(), ctx.phone(),
                     "Đề nghị xem xét lại kết quả chấm điểm", received, rng.choice(ctx.staff),
                     "Hội đồng đã rà soát, giữ nguyên kết quả", answered,
                     rng.choice(ctx.staff))
                )  # fmt: skip
    photos = [
        (product, view, "bench/anh-san-pham.jpg", position, ctx.moment(day))
        for product, day in photographed.items()
        for position, view in enumerate(("front", "side", "top"))
    ]
    for p in products:
        if p.id in photographed:
            p.created = min(p.created, photographed[p.id] - dt.timedelta(days=7))
    w.write(
        ProductModel,
        ("id", "establishment", "name", "group", "description", "created_by", "created_at",
         "updated_at"),
        (
            (p.id, p.est.id, p.name, p.group,
             f"Sản phẩm truyền thống của {p.est.name}, làm từ nguyên liệu địa phương.",
             rng.choice(ctx.staff), ctx.moment(p.created), ctx.moment(p.created))
            for p in products
        ),
    )  # fmt: skip
    w.write(VotingRound, ("id", "level", "year", "title", "commune", "status", "threshold",
                          "decision_number", "decision_date", "published_on", "created_by",
                          "created_at"), round_rows)  # fmt: skip
    w.write(RoundEvent, ("round", "from_status", "to_status", "note", "actor", "at"), events)
    w.write(CouncilMember, ("id", "round", "user", "role", "organisation"), members)
    w.write(CriterionGroup, ("id", "round", "position", "name", "max_points"), rows.groups)
    w.write(Criterion, ("id", "group", "position", "name", "guidance", "max_points"),
            rows.criteria)  # fmt: skip
    w.write(ProductDocument, ("id", "product", "kind", "title", "issued_on", "file",
                              "uploaded_by", "uploaded_at"), rows.documents)  # fmt: skip
    w.write(ProductPhoto, ("product", "view", "image", "position", "uploaded_at"), photos)
    w.write(Entry, ("id", "round", "product", "group", "nominated_from", "forwarding_note",
                    "forwarding_document", "registered_by", "registered_at", "average_score",
                    "scorer_count", "rank", "recognised", "awarded"), entries)  # fmt: skip
    w.write(ScoreSheet, ("id", "entry", "member", "conflict", "conflict_note", "total",
                         "updated_at"), rows.sheets)  # fmt: skip
    w.write(Score, ("sheet", "criterion", "points"), rows.scores)
    w.write(Certificate, ("id", "entry", "level", "year", "sequence", "number",
                          "decision_number", "decision_date", "issued_on", "valid_until",
                          "token", "product_name", "group", "establishment_name",
                          "commune_name", "address",
                          "revoked_at", "revoked_reason", "revoked_by"), certificates)  # fmt: skip
    w.write(Complaint, ("round", "entry", "complainant", "contact", "content", "received_on",
                        "recorded_by", "answer", "answered_on", "answered_by"),
            complaints)  # fmt: skip
