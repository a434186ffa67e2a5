from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from core.admin_base import (
    EditableHistoryAdmin,
    GuardedHistoryAdmin,
    PlainActionCheckboxMixin,
    RowLinkChangeList,
)
from establishments import services
from establishments.filters import search_establishments
from establishments.models import (
    ChangeProposal,
    Establishment,
    FieldVisit,
    MonthlyReport,
    Representative,
    RepresentativeEvent,
    SupportRequest,
    SupportRequestEvent,
    SupportRequestPhoto,
)
from establishments.resources import EstablishmentResource


class TrigramCountPaginator(Paginator):
    """Counts a name search's matches through the trigram index. Asked for COUNT(*),
    PostgreSQL counts "name contains …" by walking a whole name index (an index-only
    scan that filters every row, 100,000 at N=1); counting the ids, which that index does
    not hold, makes it take the matches from the trigram index: three to five times
    faster, in the same single query."""

    @cached_property
    def count(self) -> int:
        return self.object_list.aggregate(n=Count("pk"))["n"]


class SearchChangeList(RowLinkChangeList):
    """The register's admin list. A name search reads its page's ids and the count of
    its matches in one query, off the trigram index, the matches sorted by name
    (PostgreSQL keeps the top rows of a page as it goes): one pass over the matches where
    a count and then a page took two. Then those rows whole: sorting the matches joined to
    their communes cost twice as much. The order is the model's (the accent-free name is
    lower case already); a column sort or "show all" takes Django's way."""

    def get_results(self, request):
        if not self.query.strip() or ORDER_VAR in self.params or self.show_all or self.page_num < 1:
            super().get_results(request)
            return
        self.queryset = self.queryset.order_by(Lower("normalized_name"), "id")
        per_page = self.list_per_page
        start = (self.page_num - 1) * per_page
        rows = list(
            self.queryset.annotate(matches=Window(Count("pk"))).values_list("pk", "matches")[
                start : start + per_page
            ]
        )
        if not rows and self.page_num > 1:  # past the last page: Django's answer
            super().get_results(request)
            return
        paginator = self.model_admin.get_paginator(request, self.queryset, per_page)
        paginator.count = rows[0][1] if rows else 0
        self.result_count = paginator.count
        self.full_result_count = None
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > per_page
        self.paginator = paginator
        self.result_list = self.queryset.filter(pk__in=[pk for pk, _matches in rows])


@admin.register(Establishment)
class EstablishmentAdmin(PlainActionCheckboxMixin, ImportExportModelAdmin, EditableHistoryAdmin):
    resource_classes = [EstablishmentResource]
    list_display = ("name", "legal_form", "sector", "commune", "tax_code", "workers", "verified")
    list_filter = ("verified", "legal_form", "sector", "size_class", "women_owned", "exports")
    list_select_related = ("commune",)
    # Searched like the register's box: the accent-free name (trigram index on
    # PostgreSQL) or the start of the tax code (prefix index); see get_search_results.
    search_fields = ("normalized_name",)
    search_help_text = _("Name (with or without accents) or the first digits of a tax code")
    raw_id_fields = ("commune", "legacy_commune", "possible_duplicate_of", "merged_into")
    readonly_fields = ("registered_by", "verified", "verified_by", "verified_at", "merged_into")
    actions = ("verify_selected",)
    show_full_result_count = False
    list_per_page = 25  # a page renders in a few milliseconds at 100,000 rows

    def get_search_results(self, request, queryset, search_term):
        return search_establishments(queryset, search_term), False

    def get_changelist(self, request, **kwargs):
        return SearchChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        searching = bool(request.GET.get("q", "").strip())
        paginator = TrigramCountPaginator if searching else Paginator
        return paginator(queryset, per_page, orphans, allow_empty_first_page)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "actor": request.user}

    def save_model(self, request, obj, form, change):
        # Through the services, so the actor, duplicate flag and checks apply here too.
        data = {f: form.cleaned_data[f] for f in form.changed_data if f in form.cleaned_data}
        if change:
            services.establishment_update(actor=request.user, establishment=obj, **data)
        else:
            fields = {f: form.cleaned_data[f] for f in form.cleaned_data}
            created = services.establishment_register(actor=request.user, **fields)
            obj.pk = created.pk

    @admin.action(description=_("Verify selected establishments"))
    def verify_selected(self, request, queryset):
        count = services.establishment_verify(actor=request.user, establishments=queryset)
        self.message_user(request, _("%(count)s verified.") % {"count": count}, messages.SUCCESS)


class PhotoInline(admin.TabularInline):
    model = SupportRequestPhoto
    extra = 0
    readonly_fields = ("image", "uploaded_at")
    can_delete = False


class EventInline(admin.TabularInline):
    model = SupportRequestEvent
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupportRequest)
class SupportRequestAdmin(GuardedHistoryAdmin):
    """A request is submitted, reviewed and answered in the portal (its workflow)."""

    list_display = ("establishment", "content_type", "estimated_cost_vnd", "desired_year", "status")
    list_filter = ("status", "content_type", "desired_year")
    list_select_related = ("establishment",)
    search_fields = ("establishment__name", "description")
    raw_id_fields = ("establishment", "submitted_by")
    inlines = (PhotoInline, EventInline)


@admin.register(FieldVisit)
class FieldVisitAdmin(GuardedHistoryAdmin):
    list_display = ("establishment", "collaborator", "visited_on", "purpose")
    list_filter = ("purpose", "visited_on")
    list_select_related = ("establishment", "collaborator")
    search_fields = ("establishment__name", "collaborator__full_name")
    raw_id_fields = ("establishment", "collaborator")
    date_hierarchy = "visited_on"


class RepresentativeEventInline(admin.TabularInline):
    model = RepresentativeEvent
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Representative)
class RepresentativeAdmin(GuardedHistoryAdmin):
    """Links are asked for at sign-in and confirmed or ended by staff in the portal."""

    list_display = ("user", "establishment", "status", "linked_via", "requested_at")
    list_filter = ("status", "linked_via")
    list_select_related = ("user", "establishment")
    search_fields = ("establishment__name", "user__username", "user__full_name")
    raw_id_fields = ("user", "establishment", "confirmed_by", "ended_by")
    inlines = (RepresentativeEventInline,)


@admin.register(ChangeProposal)
class ChangeProposalAdmin(GuardedHistoryAdmin):
    """Proposed by an establishment in its portal, applied or refused by staff there."""

    list_display = ("establishment", "proposed_by", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("establishment", "proposed_by")
    search_fields = ("establishment__name",)
    raw_id_fields = ("establishment", "proposed_by", "decided_by")


@admin.register(MonthlyReport)
class MonthlyReportAdmin(GuardedHistoryAdmin):
    """Sent by collaborators in the portal; the allowance sheet reads when."""

    list_display = ("collaborator", "month", "submitted_at", "visit_count", "request_count")
    list_select_related = ("collaborator",)
    date_hierarchy = "month"
