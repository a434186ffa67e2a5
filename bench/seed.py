"""The bench dataset: a decade (2016-2026) of one province's records, at a scale.

Scale 1 is a large province over a decade: 100,000 establishments, 30,000 projects, 150,000
disbursements, 3,000 collaborator-years, 8,000 products and 300,000 scores, with what they
hang on (users of every role, rosters, plans, allocations, grants, voting rounds, councils,
certificates, field visits, support requests). Everything comes from one seeded random
generator, so a scale and a seed always give the same rows.

The rows respect the database's constraints and the invariants the services keep (running
totals on allocations and grants, advances within their limit, certificates only for
awarded entries of published rounds, entries above commune level nominated by a
certificate or a forwarding letter...). History tables are left empty.

A database is recognised as holding a bench dataset by an inactive user `bench-dataset`
whose full name records the scale, the seed and the seconds the seeding took.

Long module: a seeder: the rows are made in the order they hang on each other, from one
generator.
"""

import bisect
import datetime as dt
import itertools
import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections, transaction
from django.utils import timezone

from bench import words
from bench.writer import Writer, aware

GENERATOR_VERSION = 3
DEFAULT_SEED = 2026
MARKER_USERNAME = "bench-dataset"
USER_PREFIX = "bench-"
# The dataset's "today": fixed, so that a scale and a seed always give the same rows.
ANCHOR = dt.date(2026, 11, 20)
FIRST_YEAR, LAST_YEAR = 2016, 2026
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))

BASE = {
    "establishments": 100_000,
    "projects": 30_000,
    "disbursements": 150_000,
    "collaborator_years": 3_000,
    "products": 8_000,
    "scores": 300_000,
}

# Tables a bench run may find non-empty without it being someone's data.
KEPT_MODELS = frozenset(
    {
        "auth.Group",
        "auth.Permission",
        "auth.Group_permissions",
        "contenttypes.ContentType",
        "funding.SupportRule",
        "funding.HistoricalSupportRule",
    }
)
KEPT_APPS = frozenset({"localities"})
# Where "someone's data" would show first.
REGISTER_MODELS = (
    "accounts.User",
    "establishments.Establishment",
    "collaborators.Collaborator",
    "projects.Project",
    "projects.AnnualPlan",
    "funding.Allocation",
    "products.Product",
    "products.VotingRound",
)


class SeedRefused(Exception):
    """The database holds data this command must not mix with or overwrite."""


def target(name: str, scale: float) -> int:
    return max(1, round(BASE[name] * scale))


# --- what the database holds ------------------------------------------------------------


@dataclass
class DatasetState:
    marker: dict | None
    foreign: dict[str, int]

    def matches(self, scale: float, seed: int) -> bool:
        return bool(
            self.marker
            and self.marker.get("scale") == scale
            and self.marker.get("seed") == seed
            and self.marker.get("generator") == GENERATOR_VERSION
        )


def dataset_state(using: str = "default") -> DatasetState:
    User = apps.get_model(settings.AUTH_USER_MODEL)
    marker_row = (
        User.objects.using(using).filter(username=MARKER_USERNAME).values("full_name").first()
    )
    marker = None
    if marker_row:
        try:
            marker = json.loads(marker_row["full_name"])
        except ValueError:
            marker = {"scale": None}
    foreign = {}
    if marker is None:
        for label in REGISTER_MODELS:
            count = apps.get_model(label).objects.using(using).count()
            if count:
                foreign[label] = count
    return DatasetState(marker, foreign)


def erase(using: str = "default") -> None:
    """Empty every table of the portal except the administrative units, the groups and
    the support rules of the migrations: what --force does before seeding."""
    connection = connections[using]
    doomed = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in KEPT_APPS
        and m._meta.label not in KEPT_MODELS
        and m._meta.managed
        and not m._meta.proxy
        and m._meta.app_label != "migrations"
    ]
    tables = sorted(
        {m._meta.db_table for m in doomed} & set(connection.introspection.table_names())
    )
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows written earlier in the same transaction leave deferred foreign-key
            # checks pending, and PostgreSQL refuses to truncate under them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")


# --- the generator's shared state -------------------------------------------------------


@dataclass
class Commune:
    id: int
    code: str
    name: str
    weight: float
    legacy: list[int] = field(default_factory=list)  # legacy commune ids folded into it


@dataclass
class Est:
    """What later generators need to know of an establishment."""

    id: int
    commune: int  # index into Context.communes
    legacy_id: int | None
    created: dt.date
    name: str
    sector: str
    trade: str
    address: str
    merged: bool = False


@dataclass
class Context:
    rng: random.Random
    scale: float
    writer: Writer
    today: dt.date
    province_id: int = 0
    province_name: str = ""
    communes: list[Commune] = field(default_factory=list)
    commune_cum: list[float] = field(default_factory=list)
    legacy_ids: list[int] = field(default_factory=list)
    legacy_new: list[int] = field(default_factory=list)  # legacy index -> commune index
    legacy_cum: list[float] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)
    staff: list[int] = field(default_factory=list)
    officials: list[int] = field(default_factory=list)
    council: list[int] = field(default_factory=list)
    # (year, commune index) -> user ids of the collaborators covering it that year
    area: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    collaborator_users: list[int] = field(default_factory=list)
    memberships: list[tuple[int, int, int, list[int]]] = field(default_factory=list)
    establishments: list[Est] = field(default_factory=list)  # in creation (= id) order
    est_created: list[dt.date] = field(default_factory=list)
    by_commune: dict[int, list[int]] = field(default_factory=dict)  # commune -> est indices
    by_commune_created: dict[int, list[dt.date]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # user id -> full name
    marker_id: int = 0
    collaborator_of: dict[int, int] = field(default_factory=dict)  # user id -> collaborator id

    @property
    def using(self) -> str:
        return self.writer.using

    def commune_index(self) -> int:
        return bisect.bisect(self.commune_cum, self.rng.random() * self.commune_cum[-1])

    def legacy_index(self) -> int:
        return bisect.bisect(self.legacy_cum, self.rng.random() * self.legacy_cum[-1])

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        end = min(end, self.today)
        if end <= start:
            return min(start, self.today)
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def moment(self, day: dt.date) -> dt.datetime:
        return aware(day, self.rng.randrange(1 * 3600, 10 * 3600))

    def person(self) -> str:
        surname = pick_weighted(self.rng, words.SURNAMES)
        if self.rng.random() < 0.5:
            middle, given = words.MIDDLE_FEMALE, words.GIVEN_FEMALE
        else:
            middle, given = words.MIDDLE_MALE, words.GIVEN_MALE
        return f"{surname} {self.rng.choice(middle)} {self.rng.choice(given)}"

    def phone(self) -> str:
        return f"09{self.rng.randrange(10**8):08d}"

    def establishment_before(self, day: dt.date, commune: int | None = None) -> Est | None:
        """A random establishment (not merged away) registered by that day."""
        if commune is None:
            pool, created = None, self.est_created
        else:
            pool, created = self.by_commune.get(commune, []), self.by_commune_created.get(commune)
            if not pool:
                return None
        limit = bisect.bisect_right(created, day)
        if limit == 0:
            return None
        for _attempt in range(5):
            index = self.rng.randrange(limit)
            est = self.establishments[pool[index] if pool is not None else index]
            if not est.merged:
                return est
        return None


def pick_weighted(rng: random.Random, pairs: Sequence[tuple[object, float]]):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def split_total(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """Whole parts of total in proportion to weights, summing exactly to total."""
    whole = sum(weights) or 1
    raw = [total * w / whole for w in weights]
    parts = [math.floor(r) for r in raw]
    short = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], rng.random()), reverse=True)
    for i in order[:short]:
        parts[i] += 1
    return parts


# --- places -----------------------------------------------------------------------------


def load_places(ctx: Context) -> None:
    from localities.models import AdminUnit, AdminUnitSuccession, Era, Level

    units = AdminUnit.objects.using(ctx.using)
    province = units.filter(
        era=Era.CURRENT, level=Level.PROVINCE, code=str(settings.KHUYENCONG_PROVINCE_CODE)
    ).first()
    if province is None:
        raise SeedRefused(
            "The configured province is not in this database: run `manage.py load_localities`."
        )
    ctx.province_id, ctx.province_name = province.pk, province.name
    rows = units.filter(era=Era.CURRENT, level=Level.COMMUNE, parent=province).order_by("code")
    for row in rows.values("id", "code", "name"):
        weight = ctx.rng.lognormvariate(0, 0.8)
        ctx.communes.append(Commune(row["id"], row["code"], row["name"], weight))
    if not ctx.communes:
        raise SeedRefused("The configured province has no communes in this database.")
    index = {c.id: i for i, c in enumerate(ctx.communes)}
    successions = (
        AdminUnitSuccession.objects.using(ctx.using)
        .filter(new__in=[c.id for c in ctx.communes], old__level=Level.COMMUNE, is_default=True)
        .order_by("old__code")
        .values_list("old_id", "new_id")
    )
    for old_id, new_id in successions:
        ctx.communes[index[new_id]].legacy.append(old_id)
    ctx.commune_cum = list(itertools.accumulate(c.weight for c in ctx.communes))
    legacy_weights = []
    for i, commune in enumerate(ctx.communes):
        for old_id in commune.legacy:
            ctx.legacy_ids.append(old_id)
            ctx.legacy_new.append(i)
            legacy_weights.append(
                commune.weight / len(commune.legacy) * ctx.rng.lognormvariate(0, 0.3)
            )
    ctx.legacy_cum = list(itertools.accumulate(legacy_weights))


# --- users ------------------------------------------------------------------------------

USER_FIELDS = (
    "id", "password", "is_superuser", "username", "first_name", "last_name", "email",
    "is_staff", "is_active", "date_joined", "full_name", "phone",
)  # fmt: skip
UNUSABLE = "!bench-no-password"  # no one logs in with a password: the harness makes sessions


def user_row(ctx: Context, pk: int, username: str, full_name: str, *, is_staff=False, active=True):
    joined = aware(dt.date(FIRST_YEAR - 1, 12, 1))
    email = f"{username}@bench.invalid"
    phone = ctx.phone()
    return (
        pk,
        UNUSABLE,
        False,
        username,
        "",
        "",
        email,
        is_staff,
        active,
        joined,
        full_name,
        phone,
    )


def seed_users(ctx: Context, collaborator_count: int) -> None:
    from accounts.roles import Role

    User = apps.get_model(settings.AUTH_USER_MODEL)
    ctx.groups = dict(
        Group.objects.using(ctx.using).filter(name__in=Role.values).values_list("name", "id")
    )
    missing = set(Role.values) - set(ctx.groups)
    if missing:
        raise SeedRefused(f"Role groups missing ({', '.join(sorted(missing))}): run migrate.")
    plan = [
        (Role.CENTER_STAFF, "staff", 25, ctx.staff, True),
        (Role.OFFICIAL, "official", 8, ctx.officials, False),
        (Role.COUNCIL_MEMBER, "council", 60, ctx.council, False),
        (Role.COLLABORATOR, "collaborator", collaborator_count, ctx.collaborator_users, False),
    ]
    total = sum(n for _r, _n, n, _l, _s in plan) + 1
    pk = ctx.writer.reserve(User, total)
    rows, memberships = [], []
    for role, name, n, ids, is_staff in plan:
        for i in range(n):
            # The first of each role is the one the benchmark logs in as.
            username = f"{USER_PREFIX}{name}" if i == 0 else f"{USER_PREFIX}{name}-{i + 1:04d}"
            ctx.names[pk] = ctx.person()
            rows.append(user_row(ctx, pk, username, ctx.names[pk], is_staff=is_staff))
            memberships.append((pk, ctx.groups[role]))
            ids.append(pk)
            pk += 1
    ctx.writer.write(User, USER_FIELDS, rows)
    ctx.writer.write(User.groups.through, ("user", "group"), memberships)
    ctx.marker_id = pk


def write_marker(ctx: Context, meta: dict) -> None:
    User = apps.get_model(settings.AUTH_USER_MODEL)
    row = list(user_row(ctx, ctx.marker_id, MARKER_USERNAME, json.dumps(meta), active=False))
    ctx.writer.write(User, USER_FIELDS, [row])


# --- the whole dataset ---------------------------------------------------------------------


@dataclass
class SeedReport:
    scale: float
    seed: int
    seconds: float
    counts: dict[str, int]


def seed(
    *,
    scale: float,
    seed_value: int = DEFAULT_SEED,
    using: str = "default",
    log: Callable[[str], None] = lambda _msg: None,
) -> SeedReport:
    """Generate the dataset into an empty (or bench-free) database, in one transaction."""
    from bench import seed_products, seed_projects, seed_registers

    if scale <= 0:
        raise ValueError("The scale must be positive.")
    started = time.monotonic()
    today = min(timezone.localdate(), ANCHOR)
    writer = Writer(using)
    ctx = Context(rng=random.Random(seed_value), scale=scale, writer=writer, today=today)
    years: list[list[int]] = []

    def plan_rosters():
        years.extend(seed_registers.roster_plan(ctx))

    steps = [
        ("places", lambda: load_places(ctx)),
        ("rosters planned", plan_rosters),
        ("users", lambda: seed_users(ctx, max(p for m in years for p in m) + 1)),
        ("collaborators and rosters", lambda: seed_registers.seed_collaborators(ctx, years)),
        ("establishments", lambda: seed_registers.seed_establishments(ctx)),
        ("projects, plans and money", lambda: seed_projects.seed(ctx)),
        ("support requests", lambda: seed_registers.seed_free_requests(ctx)),
        ("field visits", lambda: seed_registers.seed_visits(ctx)),
        ("products and voting", lambda: seed_products.seed(ctx)),
    ]
    with transaction.atomic(using=using):
        for name, step in steps:
            began = time.monotonic()
            step()
            log(f"  {name}: {time.monotonic() - began:.1f} s")
        write_marker(
            ctx,
            {"scale": scale, "seed": seed_value, "generator": GENERATOR_VERSION, "seconds": None},
        )
        writer.reset_sequences()
    began = time.monotonic()
    writer.analyze()
    log(f"  analyze: {time.monotonic() - began:.1f} s")
    seconds = round(time.monotonic() - started, 1)
    meta = {"scale": scale, "seed": seed_value, "generator": GENERATOR_VERSION, "seconds": seconds}
    writer.update(
        apps.get_model(settings.AUTH_USER_MODEL), ctx.marker_id, full_name=json.dumps(meta)
    )
    return SeedReport(scale, seed_value, seconds, dict(writer.counts))
