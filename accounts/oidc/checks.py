"""A provider configured for a role the portal does not have would let nobody in, or the
wrong people: refuse to start."""

from django.core import checks

from accounts.oidc.providers import configured, establishment_role
from accounts.roles import Role


@checks.register(checks.Tags.security)
def provider_roles(app_configs, **kwargs):
    known = {*Role.values, establishment_role()}
    errors = []
    for provider in configured():
        unknown = sorted(provider.roles - known)
        if unknown:
            errors.append(
                checks.Error(
                    f"KHUYENCONG_OIDC_{provider.key.upper()}_ROLES names unknown roles "
                    f"{', '.join(unknown)}; known: {', '.join(sorted(known))}.",
                    id="accounts.E001",
                )
            )
    return errors
