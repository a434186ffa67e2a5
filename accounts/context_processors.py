from django.http import HttpRequest

from accounts.navigation import navigation_for
from accounts.roles import user_roles


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "user_roles": user_roles(user) if user is not None else frozenset(),
        "nav_items": navigation_for(user) if user is not None else [],
    }
