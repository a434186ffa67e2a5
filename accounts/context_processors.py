from django.http import HttpRequest

from accounts.navigation import breadcrumbs_for, navigation_for
from accounts.roles import user_roles


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    entries = navigation_for(user) if user is not None else []
    crumbs, current = breadcrumbs_for(entries, request.path)
    return {
        "user_roles": user_roles(user) if user is not None else frozenset(),
        "nav_items": entries,
        "nav_current": current,
        "breadcrumbs": crumbs,
    }
