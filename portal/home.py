"""The home page is "what awaits me": one section per concern, chosen by role.

Each later feature adds a provider here; a provider returns None when it has nothing
to say to this user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role, is_center_staff
from collaborators.selectors import collaborator_area
from core.formatting import format_vnd
from establishments.models import Establishment, RequestStatus, SupportRequest
from establishments.selectors import (
    change_proposal_queue,
    establishment_duplicates,
    establishment_list_visible_to,
    representative_queue,
    support_request_list_visible_to,
)
from funding.models import Disbursement, DisbursementStatus, Grant
from funding.selectors import can_view_money, overdue_settlements, refund_due_expression
from localities.selectors import commune_list, configured_province, legacy_units
from products.models import RoundStatus
from products.selectors import rounds_of_member
from projects.models import AnnualPlan, PlanStatus
from projects.monitoring import overdue_progress, pending_acceptances
from selfservice.selectors import my_queue


@dataclass
class Link:
    label: str | Promise
    url: str


@dataclass
class Section:
    title: str | Promise
    # A count is a link to the list it counts; plain text where there is no such list.
    lines: list[str | Promise | Link] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    empty: str | Promise = ""


def _province(user) -> Section:
    province = configured_province()
    former = list(legacy_units(province).values_list("name", flat=True))
    return Section(
        title=province.name,
        lines=[
            _("%(count)s communes and wards since 07/2025")
            % {"count": commune_list(province=province).count()},
            _("Formed from: %(names)s") % {"names": ", ".join(former)},
        ],
        links=[Link(_("Browse communes of both eras"), reverse("localities:unit_list"))],
    )


def _staff(user) -> Section | None:
    if not is_center_staff(user):
        return None

    requests = SupportRequest.objects.aggregate(
        submitted=Count("pk", filter=Q(status=RequestStatus.SUBMITTED)),
        under_review=Count("pk", filter=Q(status=RequestStatus.UNDER_REVIEW)),
    )

    unverified = Establishment.objects.filter(
        merged_into__isnull=True, archived_at__isnull=True, verified=False
    ).count()
    overdue = list(overdue_progress().values_list("code", flat=True)[:10])
    duplicates = establishment_duplicates(user).count()
    # Links and corrections establishments asked for, counted in one query.
    asked = (
        representative_queue(user)
        .order_by()
        .values_list("pk")
        .union(change_proposal_queue(user).order_by().values_list("pk"), all=True)
        .count()
    )
    return Section(
        title=_("Center work"),
        lines=[
            Link(
                _("%(n)s new support requests, %(m)s under review")
                % {"n": requests["submitted"], "m": requests["under_review"]},
                reverse("establishments:request_list") + "?status=submitted",
            ),
            Link(
                _("%(n)s representative links or corrections asked by establishments")
                % {"n": asked},
                reverse("establishments:representative_queue"),
            ),
            Link(
                _("%(n)s establishments not verified yet") % {"n": unverified},
                reverse("establishments:list") + "?verified=false",
            ),
            Link(
                _("%(n)s possible duplicates to check") % {"n": duplicates},
                reverse("establishments:duplicates"),
            ),
            _("Progress reports overdue: %(codes)s") % {"codes": ", ".join(overdue) or "—"},
        ],
        links=[
            Link(_("Review queue"), reverse("establishments:request_list") + "?status=submitted"),
            Link(_("Asked by establishments"), reverse("establishments:representative_queue")),
            Link(_("Establishments"), reverse("establishments:list")),
            Link(_("Rosters"), reverse("collaborators:roster_list")),
            Link(_("Administration"), reverse("admin:index")),
        ],
    )


def _money(user) -> Section | None:
    if not can_view_money(user):
        return None

    payments = Disbursement.objects.aggregate(
        scheduled=Count("pk", filter=Q(status=DisbursementStatus.SCHEDULED)),
        approved=Count("pk", filter=Q(status=DisbursementStatus.APPROVED)),
    )
    due = Grant.objects.aggregate(due=Sum(refund_due_expression()))["due"] or 0
    overdue = overdue_settlements().count()
    return Section(
        title=_("Money"),
        lines=[
            _("%(n)s payments awaiting approval, %(m)s awaiting payment")
            % {"n": payments["scheduled"], "m": payments["approved"]},
            Link(
                _("%(n)s settlements overdue (accepted more than 15 days ago)") % {"n": overdue},
                reverse("funding:overdue_settlements"),
            ),
            Link(
                _("Refunds due: %(amount)s") % {"amount": format_vnd(due)},
                reverse("funding:overdue_settlements"),
            ),
        ],
        links=[
            Link(_("Allocation ledger"), reverse("funding:ledger")),
            Link(_("Settlements and refunds due"), reverse("funding:overdue_settlements")),
        ],
    )


def _collaborator(user) -> Section | None:
    if not has_role(user, Role.COLLABORATOR):
        return None

    communes = list(collaborator_area(user).order_by("name").values_list("name", flat=True))
    if not communes:
        return Section(
            title=_("My area"),
            empty=_("The center has not assigned communes to you in this year's roster yet."),
        )
    open_requests = support_request_list_visible_to(user).aggregate(
        open=Count("pk", filter=Q(status__in=[RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW]))
    )["open"]
    return Section(
        title=_("My area"),
        lines=[
            ", ".join(communes),
            Link(
                _("%(n)s establishments") % {"n": establishment_list_visible_to(user).count()},
                reverse("establishments:list"),
            ),
            Link(
                _("%(n)s requests waiting for the center") % {"n": open_requests},
                reverse("establishments:request_list"),
            ),
        ],
        links=[
            Link(_("Register an establishment"), reverse("establishments:create")),
            Link(_("Log a visit"), reverse("collaborators:visit_create")),
            Link(_("My month"), reverse("collaborators:my_month")),
        ],
    )


def _official(user) -> Section | None:
    if not has_role(user, Role.OFFICIAL):
        return None

    plans = AnnualPlan.objects.filter(status=PlanStatus.SUBMITTED).count()
    acceptances = pending_acceptances().count()
    if not plans and not acceptances:
        return Section(title=_("Awaiting my decision"), empty=_("Nothing awaits your decision."))
    return Section(
        title=_("Awaiting my decision"),
        lines=[
            Link(_("%(n)s plans or adjustments") % {"n": plans}, reverse("projects:inbox")),
            Link(
                _("%(n)s projects awaiting acceptance") % {"n": acceptances},
                reverse("projects:inbox"),
            ),
        ],
        links=[Link(_("Open my inbox"), reverse("projects:inbox"))],
    )


def _council(user) -> Section | None:
    if not has_role(user, Role.COUNCIL_MEMBER):
        return None

    rounds = list(rounds_of_member(user)[:5])
    if not rounds:
        return Section(title=_("My voting rounds"), empty=_("You sit on no open voting round."))
    lines = []
    for voting_round in rounds:
        if voting_round.status == RoundStatus.SCORING:
            lines.append(
                _("%(round)s: %(done)s of %(total)s entries scored")
                % {
                    "round": voting_round.title,
                    "done": voting_round.done_count,
                    "total": voting_round.entry_count,
                }
            )
        else:
            lines.append(f"{voting_round.title}: {voting_round.get_status_display()}")
    return Section(
        title=_("My voting rounds"),
        lines=lines,
        links=[Link(r.title, r.get_absolute_url()) for r in rounds],
    )


def _establishment(user) -> Section | None:
    """The establishment's own queue: its requests, the monthly reports owed, the
    certificates about to expire."""
    if not has_role(user, Role.ESTABLISHMENT_USER):
        return None
    queue = my_queue(user)
    if queue is None:
        return None
    lines = [
        _("%(n)s of my requests are with the center") % {"n": queue["open_requests"]},
        _("Monthly progress to report: %(codes)s")
        % {"codes": ", ".join(queue["progress_owed"]) or "—"},
    ]
    lines += [
        _("Certificate %(number)s (%(product)s) expires on %(date)s")
        % {
            "number": c.number,
            "product": c.product_name,
            "date": c.valid_until.strftime("%d/%m/%Y"),
        }
        for c in queue["expiring"]
    ]
    return Section(
        title=_("My establishment"),
        lines=lines,
        links=[Link(_("Open my establishment"), reverse("selfservice:home"))],
    )


PROVIDERS: list[Callable] = [
    _establishment,
    _staff,
    _official,
    _money,
    _collaborator,
    _council,
    _province,
]


def home_sections(user) -> list[Section]:
    return [s for s in (provider(user) for provider in PROVIDERS) if s is not None]
