import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiClient

log = logging.getLogger(__name__)


class ApiClientRateThrottle(SimpleRateThrottle):
    """Each client its own budget of calls (KHUYENCONG_API_RATE, e.g. "600/min"), counted
    in the shared cache (Redis in production, so every worker counts together)."""

    scope = "api_client"

    def get_rate(self):
        return settings.KHUYENCONG_API_RATE

    def get_cache_key(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            return None
        # The token's fingerprint, not the row id: ids come back after a database is
        # rebuilt, and a new client must not inherit an old one's count.
        return f"api-throttle:{client.token_hash[:24]}"

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # the cache is down: serve rather than fail every call
            log.warning("API rate limit unavailable: %s", exc)
            return True
