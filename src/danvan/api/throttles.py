"""Rate limits of the API: per partner key, per officer, per client address.

The counts live in Django's cache (Redis in production, process memory in the embedded
mode).  Rates come from settings (``API_RATE_KEY``, ``API_RATE_USER``, ``API_RATE_ANON``,
``OPEN311_RATE_POST``) so a province can tune them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from danvan.api.models import ApiClient


class ApiKeyThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self) -> str:
        return str(getattr(settings, "API_RATE_KEY", "600/min"))

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if isinstance(request.auth, ApiClient):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class OfficerThrottle(SimpleRateThrottle):
    scope = "api_user"

    def get_rate(self) -> str:
        return str(getattr(settings, "API_RATE_USER", "300/min"))

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated and request.auth is None:
            return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
        return None


class AddressThrottle(SimpleRateThrottle):
    """Every caller, by client address (behind ``TRUSTED_PROXY_COUNT`` proxies)."""

    scope = "api_address"

    def get_rate(self) -> str:
        return str(getattr(settings, "API_RATE_ANON", "1200/min"))

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        from danvan.core.middleware import client_ip

        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "-"}
