from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import DEFAULT_CHANNEL, Kind, Notification, Preference
from .services import unread_cache_key

UNREAD_CACHE_SECONDS = 300


def notification_list_visible_to(user) -> QuerySet[Notification]:
    """A person's own notifications shown in the portal, newest first; nobody sees
    another's."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, in_app=True).order_by("-created_at", "-id")


def notification_get_visible(user, pk: int) -> Notification:
    return get_object_or_404(notification_list_visible_to(user), pk=pk)


def unread_count(user) -> int:
    """For the navigation bar: kept in the cache, forgotten when it changes."""
    if not user.is_authenticated:
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = notification_list_visible_to(user).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def preferences_of(user) -> dict[str, str]:
    """The person's choice for every kind (the default where they chose nothing)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNEL) for kind in Kind.values}
