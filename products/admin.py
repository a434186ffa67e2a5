"""Products in the admin are for looking things up. Rounds, scores and certificates are
read-only here: every change goes through products/services/, which checks the actor
and the round's stage (a score edited in the admin would bypass the hidden-until-closed
rule and the bounds). Their history is viewable and never saves."""

from django.contrib import admin

from core.admin_base import GuardedHistoryAdmin
from products.models import Certificate, Complaint, Product, VotingRound


@admin.register(Product)
class ProductAdmin(GuardedHistoryAdmin):
    list_display = ("name", "group", "establishment")
    list_filter = ("group",)
    list_select_related = ("establishment",)
    search_fields = ("name", "establishment__name")
    raw_id_fields = ("establishment",)


@admin.register(VotingRound)
class VotingRoundAdmin(GuardedHistoryAdmin):
    list_display = ("title", "level", "year", "status", "published_on")
    list_filter = ("level", "status")
    search_fields = ("title",)


@admin.register(Certificate)
class CertificateAdmin(GuardedHistoryAdmin):
    list_display = ("number", "level", "year", "issued_on", "valid_until", "revoked_at")
    list_filter = ("level", "year")
    list_select_related = ("entry__product",)
    search_fields = ("number", "entry__product__name")


@admin.register(Complaint)
class ComplaintAdmin(GuardedHistoryAdmin):
    list_display = ("complainant", "round", "received_on", "answered_on")
    list_select_related = ("round",)
