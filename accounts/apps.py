from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import audit  # noqa: F401 (connects the login audit)
        from accounts.oidc import checks  # noqa: F401 (registers the providers' check)
        from accounts.roles import sync_role_groups_after_migrate

        # Apps added by later migrations bring new permissions; keep the groups in step.
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="accounts.sync_roles")
