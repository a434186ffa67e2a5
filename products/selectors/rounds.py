"""Reads of voting rounds: who sits on them, entries, score sheets and scoring progress,
and the round's state as its page shows it."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_center_staff, is_official

from .. import workflow
from ..criteria import SHEET_TOTAL
from ..models import (
    LEVEL_ABOVE,
    LEVEL_BELOW,
    Certificate,
    Complaint,
    CouncilMember,
    CouncilRole,
    Criterion,
    CriterionGroup,
    Entry,
    Product,
    RoundStatus,
    ScoreSheet,
    VotingRound,
)
from .catalogue import certified_certificates, member_rounds, product_list_visible_to

SCORES_VISIBLE = frozenset({RoundStatus.CLOSED, RoundStatus.PUBLISHED})
STAFF = "staff"
CHAIR = "chair"


def entries_of_product_visible_to(user, product: Product) -> list[Entry]:
    """A product's entries in rounds the user can see, plus published ones. Each gets
    `show_score`: the average is shown once published, or once closed to who sees the
    round (staff, officials, its council)."""
    visible = round_list_visible_to(user).values("pk")
    entries = list(
        Entry.objects.filter(product=product)
        .filter(Q(round__in=visible) | Q(round__status=RoundStatus.PUBLISHED))
        .select_related("round", "certificate")
        .annotate(round_visible=Exists(visible.filter(pk=OuterRef("round_id"))))
        .order_by("-round__year", "-round_id")
    )
    for entry in entries:
        status = entry.round.status
        entry.show_score = status == RoundStatus.PUBLISHED or (
            status == RoundStatus.CLOSED and entry.round_visible
        )
    return entries


def round_list_visible_to(user) -> QuerySet[VotingRound]:
    qs = VotingRound.objects.select_related("commune")
    if is_center_staff(user) or is_official(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(pk__in=member_rounds(user))


def round_get_visible(user, pk: int) -> VotingRound:
    return get_object_or_404(round_list_visible_to(user), pk=pk)


def membership(user, voting_round: VotingRound) -> CouncilMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CouncilMember.objects.filter(round=voting_round, user=user).first()


def round_actors(user, member: CouncilMember | None) -> set[str]:
    actors = set()
    if is_center_staff(user):
        actors.add(STAFF)
    if member is not None and member.role == CouncilRole.CHAIR:
        actors.add(CHAIR)
    return actors


def rounds_of_member(user) -> QuerySet[VotingRound]:
    """The rounds a council member sits on that are not published yet, with how many
    entries they still have to score."""
    return (
        VotingRound.objects.filter(council__user=user)
        .exclude(status=RoundStatus.PUBLISHED)
        .annotate(
            entry_count=Count("entries", distinct=True),
            done_count=Count(
                "entries__sheets",
                filter=Q(entries__sheets__member__user=user),
                distinct=True,
            ),
        )
        .order_by("-year", "id")
    )


def criteria_of(voting_round: VotingRound) -> list[CriterionGroup]:
    """The score sheet: groups with their criteria (two queries)."""
    return list(
        CriterionGroup.objects.filter(round=voting_round).prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
        )
    )


def entries_of(voting_round: VotingRound) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(round=voting_round)
        .select_related("product__establishment__commune", "nominated_from", "certificate")
        .order_by("group", "rank", "product__name", "id")
    )


def entry_get_visible(user, voting_round: VotingRound, pk: int) -> Entry:
    return get_object_or_404(
        Entry.objects.select_related(
            "product__establishment__commune__parent",
            "nominated_from__entry__round",
            "forwarding_document",
        ),
        round=voting_round,
        pk=pk,
    )


def sheet_of(entry: Entry, member: CouncilMember) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(entry=entry, member=member).prefetch_related("scores").first()


def sheets_visible(user, entry: Entry, member: CouncilMember | None) -> QuerySet[ScoreSheet]:
    """Every member's sheet once the round is closed (to staff, officials and members);
    before that, only the asking member's own."""
    qs = (
        ScoreSheet.objects.filter(entry=entry)
        .select_related("member__user")
        .prefetch_related("scores")
        .order_by("member__role", "member__id")
    )
    if entry.round.status in SCORES_VISIBLE:
        return qs
    if member is None:
        return qs.none()
    return qs.filter(member=member)


@dataclass(frozen=True)
class ProgressCell:
    state: str  # scored | conflict | missing


def scoring_progress(voting_round: VotingRound, entries: list[Entry]):
    """Who has not yet scored what: (member, [cell per entry], missing count) rows, for the
    chair and staff. States only, never points. Two queries."""
    members = list(
        CouncilMember.objects.filter(round=voting_round)
        .select_related("user")
        .order_by("role", "id")
    )
    states = {
        (entry_id, member_id): conflict
        for entry_id, member_id, conflict in ScoreSheet.objects.filter(
            entry__round=voting_round
        ).values_list("entry_id", "member_id", "conflict")
    }
    rows = []
    for member in members:
        if not member.scores:
            continue
        cells = []
        missing = 0
        for entry in entries:
            conflict = states.get((entry.pk, member.pk))
            if conflict is None:
                cells.append("missing")
                missing += 1
            else:
                cells.append("conflict" if conflict else "scored")
        rows.append((member, cells, missing))
    return rows


def my_sheet_states(voting_round: VotingRound, member: CouncilMember | None) -> dict[int, str]:
    if member is None:
        return {}
    return {
        entry_id: ("conflict" if conflict else "scored")
        for entry_id, conflict in ScoreSheet.objects.filter(
            entry__round=voting_round, member=member
        ).values_list("entry_id", "conflict")
    }


def valid_certificates_below(voting_round: VotingRound, product_ids=None):
    """Certificates a product may enter this round with: of the level below, published,
    not revoked, valid today."""
    below = LEVEL_BELOW.get(voting_round.level)
    if below is None:
        return Certificate.objects.none()
    qs = certified_certificates().filter(level=below, valid_until__gte=timezone.localdate())
    if product_ids is not None:
        qs = qs.filter(entry__product__in=product_ids)
    return qs


def products_eligible_for(user, voting_round: VotingRound) -> QuerySet[Product]:
    """Products staff may enter: not yet in the round; in the round's commune for a
    commune round."""
    qs = product_list_visible_to(user).exclude(
        Exists(Entry.objects.filter(round=voting_round, product=OuterRef("pk")))
    )
    if voting_round.commune_id:
        qs = qs.filter(establishment__commune=voting_round.commune_id)
    return qs.order_by("name")


def sheet_problems(voting_round: VotingRound) -> list[str]:
    """What keeps the score sheet from adding up: each group's criteria must sum to the
    group's maximum, and the groups to 100 points."""
    groups = list(
        CriterionGroup.objects.filter(round=voting_round).annotate(
            criteria_sum=Sum("criteria__max_points"), criteria_count=Count("criteria")
        )
    )
    problems = []
    if not groups:
        return [_("The score sheet has no criteria.")]
    for group in groups:
        if not group.criteria_count:
            problems.append(_("Group “%(group)s” has no criteria.") % {"group": group.name})
        elif group.criteria_sum != group.max_points:
            problems.append(
                _("The criteria of “%(group)s” add up to %(sum)s points, not the group's %(max)s.")
                % {"group": group.name, "sum": group.criteria_sum, "max": group.max_points}
            )
    total = sum(g.max_points for g in groups)
    if total != SHEET_TOTAL:
        problems.append(
            _("The groups add up to %(total)s points, not %(expected)s.")
            % {"total": total, "expected": SHEET_TOTAL}
        )
    return problems


def open_rounds_above(level: str) -> QuerySet[VotingRound]:
    """Open rounds of the next level up, where a certificate of `level` may be put
    forward."""
    return VotingRound.objects.filter(level=LEVEL_ABOVE.get(level) or "", status=RoundStatus.OPEN)


def round_state(user, voting_round: VotingRound, member: CouncilMember | None, actors: set[str]):
    """What the round page shows at the round's stage, to this user: entries and council;
    the moves open to them; scoring progress (chair and staff, while scoring); the score
    sheet's problems (while open); complaints and the open rounds of the next level
    (once published)."""
    staff = STAFF in actors
    entries = list(entries_of(voting_round))
    council = list(voting_round.council.select_related("user").order_by("role", "id"))
    state = voting_round.status
    context = {
        "round": voting_round,
        "member": member,
        "staff": staff,
        "official": is_official(user),
        "chair": CHAIR in actors,
        "entries": entries,
        "council": council,
        "transitions": workflow.available_transitions(actors, state),
        "results_visible": state in SCORES_VISIBLE,
        "my_states": my_sheet_states(voting_round, member),
        "today": timezone.localdate(),
    }
    if actors and state == RoundStatus.SCORING:
        context["progress"] = scoring_progress(voting_round, entries)
    if state == RoundStatus.OPEN:
        context["sheet_problems"] = sheet_problems(voting_round)
    if state == RoundStatus.PUBLISHED:
        context["complaints"] = list(
            voting_round.complaints.select_related("entry__product", "answered_by")
        )
        context["complaint_deadline"] = voting_round.complaint_deadline
        if staff and LEVEL_ABOVE.get(voting_round.level):
            context["next_rounds"] = list(open_rounds_above(voting_round.level))
    return context


def sheet_rows(voting_round: VotingRound, sheets: list[ScoreSheet]):
    """The score sheet laid out for an entry's page: (criterion, [points of each shown
    sheet]) per criterion, in the sheet's order."""
    groups = criteria_of(voting_round)
    criteria = [c for g in groups for c in g.criteria.all()]
    points = {sheet.pk: {s.criterion_id: s.points for s in sheet.scores.all()} for sheet in sheets}
    return [(c, [points[sheet.pk].get(c.pk) for sheet in sheets]) for c in criteria]


def entry_position(voting_round: VotingRound, entry: Entry) -> tuple[int, int]:
    """Where an entry stands in the order members score them: (position, count)."""
    siblings = list(
        Entry.objects.filter(round=voting_round)
        .order_by("group", "product__name", "id")
        .values_list("pk", flat=True)
    )
    return siblings.index(entry.pk) + 1, len(siblings)


def next_to_score(voting_round: VotingRound, member: CouncilMember) -> Entry | None:
    """The next entry, in scoring order, this member has not scored yet."""
    return (
        Entry.objects.filter(round=voting_round)
        .exclude(sheets__member=member)
        .order_by("group", "product__name", "id")
        .first()
    )


# --- the parts of a round a page edits: read through the round, 404 if another round's ---


def criterion_group_get(voting_round: VotingRound, pk: int | None) -> CriterionGroup:
    return get_object_or_404(voting_round.criterion_groups.all(), pk=pk or 0)


def criterion_get(voting_round: VotingRound, pk: int) -> Criterion:
    return get_object_or_404(
        Criterion.objects.select_related("group"), group__round=voting_round, pk=pk
    )


def council_seat_get(voting_round: VotingRound, pk: int) -> CouncilMember:
    return get_object_or_404(voting_round.council.all(), pk=pk)


def entry_of_round_get(voting_round: VotingRound, pk: int) -> Entry:
    return get_object_or_404(voting_round.entries.all(), pk=pk)


def complaint_get_visible(user, pk: int) -> Complaint:
    """A complaint about a round the user sees (the page then asks who may answer)."""
    return get_object_or_404(Complaint.objects.filter(round__in=round_list_visible_to(user)), pk=pk)


def round_sizes(voting_round) -> tuple[int, int]:
    """How many entries and council members a round has (for the confirmation pages)."""
    return (
        Entry.objects.filter(round=voting_round).count(),
        CouncilMember.objects.filter(round=voting_round).count(),
    )
