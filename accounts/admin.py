from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import two_factor
from accounts.models import LoginEvent, OidcIdentity, User
from core.admin_base import EditableMixin, GuardedAdmin, GuardedHistoryAdmin


@admin.register(User)
class UserAdmin(EditableMixin, BaseUserAdmin):
    """Accounts are managed here, by superusers (staff only view them)."""

    list_display = ("username", "full_name", "email", "phone", "role_names", "is_active")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email", "phone", "identity_number")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Contact"), {"fields": ("full_name", "phone", "identity_number")}),
    )
    show_full_result_count = False
    actions = ("reset_two_factor",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_reset_two_factor_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(
        description=_("Reset two-factor sign-in (lost phone)"), permissions=["reset_two_factor"]
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.reset(actor=request.user, user=user)
        messages.success(
            request,
            _(
                "Two-factor sign-in reset for %(count)d account(s); they set it up again at "
                "their next sign-in."
            )
            % {"count": len(queryset)},
        )

    @admin.display(description=_("roles"))
    def role_names(self, obj: User) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))


@admin.register(LoginEvent)
class LoginEventAdmin(GuardedAdmin):
    """The audit is written by the sign-in signals, never by hand."""

    list_display = ("at", "kind", "username", "provider", "ip", "user_agent")
    list_filter = ("kind", "provider")
    search_fields = ("username", "ip")


@admin.register(OidcIdentity)
class OidcIdentityAdmin(GuardedHistoryAdmin):
    """Linked at a person's first sign-in through a provider, after they confirmed."""

    list_display = ("provider", "user", "linked_at", "last_login_at")
    list_filter = ("provider",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__full_name", "user__identity_number")
