from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread(request) -> dict:
    """The unread count of the navigation bar, read only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
